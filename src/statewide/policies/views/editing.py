"""Editing policy records, overriding a state's level, and bulk import. Every write goes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.core.jobs import import_summary, runs_in_background
from statewide.places.models import Jurisdiction
from statewide.policies.forms import ImportForm, LevelOverrideForm, PolicyRecordForm
from statewide.policies.history import record_snapshot
from statewide.policies.io import policy_records_import
from statewide.policies.jobs import policy_records_import_enqueue
from statewide.policies.permissions import level_override_policy
from statewide.policies.selectors import editable_states, policy_record_get, state_summary
from statewide.policies.services import policy_level_override, policy_record_create, policy_record_delete, policy_record_update


def apply_errors(form: Any, exc: ApplicationError) -> None:
    fields = getattr(exc, "fields", None) or {}
    placed = False
    for key, msgs in fields.items():
        for msg in msgs if isinstance(msgs, list | tuple) else [msgs]:
            if key in form.fields:
                form.add_error(key, str(msg))
                placed = True
            else:
                form.add_error(None, f"{key}: {msg}")
                placed = True
    if not placed:
        form.add_error(None, str(exc))


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    states = editable_states(request.user)
    if not states:
        raise PermissionDenied
    initial = {"jurisdiction": request.GET.get("state", ""), "date_precision": "day", "confirmed": True, "status": "in_effect"}
    form = PolicyRecordForm(request.POST or None, states=states, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = policy_record_create(actor=request.user, data=form.service_data(), note=form.cleaned_data["note"])
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Policy record added."))
            return HttpResponseRedirect(reverse("policies:detail", args=[record.public_id]))
    return TemplateResponse(request, "policies/record_form.html", {"form": form, "record": None})


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    record = policy_record_get(request.user, public_id, action="change")
    states = editable_states(request.user)
    form = PolicyRecordForm(request.POST or None, states=states, initial=PolicyRecordForm.initial_from(record_snapshot(record)))
    if request.method == "POST" and form.is_valid():
        try:
            policy_record_update(
                actor=request.user, record=record, data=form.service_data(), note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"]
            )
        except ApplicationError as exc:
            form_errors_from(form, exc) if exc.code == "conflict" else apply_errors(form, exc)
        else:
            messages.success(request, _("Policy record saved."))
            return HttpResponseRedirect(reverse("policies:detail", args=[record.public_id]))
    return TemplateResponse(request, "policies/record_form.html", {"form": form, "record": record})


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    record = policy_record_get(request.user, public_id, action="delete")
    if request.method == "POST":
        usps = record.jurisdiction.usps
        policy_record_delete(actor=request.user, record=record, note=request.POST.get("note", "")[:300])
        messages.success(request, _("Policy record deleted. Its history is kept."))
        return HttpResponseRedirect(reverse("policies:state", args=[usps]))
    return TemplateResponse(request, "policies/record_delete.html", {"record": record})


@login_required
@require_http_methods(["GET", "POST"])
def level_override(request: HttpRequest, usps: str) -> HttpResponse:
    if not level_override_policy.can_create(request.user):
        raise PermissionDenied
    try:
        summary = state_summary(usps)
    except Jurisdiction.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"level_code": summary.override.level_code if summary.override else ""}
    form = LevelOverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy_level_override(actor=request.user, usps=summary.usps, level_code=form.cleaned_data["level_code"] or None, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Level saved."))
            return HttpResponseRedirect(reverse("policies:state", args=[summary.usps]))
    return TemplateResponse(request, "policies/level_form.html", {"form": form, "s": summary})


@login_required
@require_http_methods(["GET", "POST"])
def import_records(request: HttpRequest) -> HttpResponse:
    if not editable_states(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[tuple[str, list[str]]] = []
    if request.method == "POST" and form.is_valid() and runs_in_background(len(form.cleaned_data["file"])):
        job = policy_records_import_enqueue(
            actor=request.user,
            data=form.cleaned_data["file"],
            fmt=form.cleaned_data["format"],
            name=getattr(request.FILES.get("file"), "name", ""),
            next_url=reverse("policies:list"),
        )
        return HttpResponseRedirect(reverse("web:job", args=[job.public_id]))
    if request.method == "POST" and form.is_valid():
        try:
            result = policy_records_import(actor=request.user, data=form.cleaned_data["file"], fmt=form.cleaned_data["format"])
        except ApplicationError as exc:
            form.add_error(None, str(exc))
            row_errors = [(k, [str(m) for m in v]) for k, v in (exc.fields or {}).items()]
        except PermissionDenied:
            form.add_error(None, _("The file has records of states you may not edit; nothing was imported."))
        else:
            if result.created or result.updated:
                messages.success(request, import_summary(created=result.created, updated=result.updated, unchanged=result.unchanged))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Nothing changed: the %(n)d row matches the stored record (unchanged).",
                        "Nothing changed: all %(n)d rows match the stored records (unchanged).",
                        result.unchanged,
                    )
                    % {"n": result.unchanged},
                )
            return HttpResponseRedirect(reverse("policies:list"))
    return TemplateResponse(request, "policies/import.html", {"form": form, "row_errors": row_errors})
