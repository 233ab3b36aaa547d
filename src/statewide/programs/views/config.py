"""Configuring a program without code: settings, catalog of rules, rubric criteria, assurances (the state's admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.programs import selectors, services
from statewide.programs.forms import AssuranceEditForm, CriterionForm, RuleForm, SettingsForm, StagesForm, settings_initial


def _render(request: HttpRequest, program: Any, form: Any, title: str, **extra: Any) -> HttpResponse:
    parts, uses = selectors.program_parts(program), selectors.parts_in_use(program)
    for kind, items in (("rule", parts["rules"]), ("criterion", parts["criteria"]), ("assurance", parts["assurances"])):
        for item in items:
            item.in_use = uses[kind].get(item.pk, "")  # why it can be neither deleted nor moved
    groups = list((program.approval_groups or {}).items())
    ctx = {"program": program, "form": form, "title": title, **parts, "approval_groups": groups, **extra}
    return TemplateResponse(request, "programs/configure.html", ctx, status=400 if form.errors else 200)


def _saved(request: HttpRequest, form: Any, write: Any) -> bool:
    try:
        write()
    except ApplicationError as exc:
        form_errors_from(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True


def _values(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cleaned.items() if k != "version"}


def _versioned(cleaned: dict[str, Any]) -> dict[str, Any]:
    """A form's values for a service: the hidden `version` passed as `expected_version` (optimistic locking)."""
    return {**_values(cleaned), "expected_version": cleaned.get("version")}


@login_required
def program_settings(request: HttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    form = SettingsForm(request.POST or None, initial=settings_initial(program))
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(request, form, lambda: services.program_update(actor=request.user, program=program, **_versioned(form.cleaned_data)))
    ):
        return redirect("programs:settings", program.public_id)
    return _render(request, program, form, _("Program settings"))


@login_required
def rule_edit(request: HttpRequest, program_id: str, code: str = "") -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    rule = selectors.program_part_get(program, "rule", code) if code else None
    initial = (
        {f: getattr(rule, f) for f in ("citation", "summary", "waivable", "reason", "source_url", "checked_on", "version")} if rule else {"waivable": True}
    )
    form = RuleForm(request.POST or None, initial=initial, editing=rule is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if rule is None:
            ok = _saved(request, form, lambda: services.rule_add(actor=request.user, program=program, **_values(d)))
        else:
            ok = _saved(request, form, lambda: services.rule_update(actor=request.user, rule=rule, **_versioned(d)))
        if ok:
            return redirect("programs:settings", program.public_id)
    return _render(request, program, form, _("Edit rule %(citation)s") % {"citation": rule.citation} if rule else _("Add a rule to the catalog"))


@login_required
def criterion_edit(request: HttpRequest, program_id: str, number: int | None = None) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    criterion = selectors.program_part_get(program, "criterion", number) if number else None
    initial = (
        {
            "name": criterion.name,
            "guidance": criterion.guidance,
            "weight": criterion.weight,
            "levels": "\n".join(f"{x['score']}: {x['label']}" for x in criterion.levels),
            "version": criterion.version,
        }
        if criterion
        else {"weight": 1}
    )
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if criterion is None:
            ok = _saved(request, form, lambda: services.criterion_add(actor=request.user, program=program, **_values(d)))
        else:
            ok = _saved(request, form, lambda: services.criterion_update(actor=request.user, criterion=criterion, **_versioned(d)))
        if ok:
            return redirect("programs:settings", program.public_id)
    return _render(request, program, form, _("Edit rubric criterion") if criterion else _("Add a rubric criterion"))


@login_required
def assurance_edit(request: HttpRequest, program_id: str, number: int | None = None) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    assurance = selectors.program_part_get(program, "assurance", number) if number else None
    form = AssuranceEditForm(
        request.POST or None, initial={"text": assurance.text, "source": assurance.source, "version": assurance.version} if assurance else {}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if assurance is None:
            ok = _saved(request, form, lambda: services.assurance_add(actor=request.user, program=program, **_values(d)))
        else:
            ok = _saved(request, form, lambda: services.assurance_update(actor=request.user, assurance=assurance, **_versioned(d)))
        if ok:
            return redirect("programs:settings", program.public_id)
    return _render(request, program, form, _("Edit assurance") if assurance else _("Add an assurance"))


@login_required
def program_stages(request: HttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    form = StagesForm(request.POST or None, program=program, labels=services.labels_text(program))
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            lambda: services.program_stages_update(
                actor=request.user,
                program=program,
                skipped_stages=form.cleaned_data["skipped_stages"],
                actors=form.actors(),
                labels=form.cleaned_data["labels"] if "labels" in request.POST else None,
                expected_version=form.cleaned_data["version"],
            ),
        )
    ):
        return redirect("programs:stages", program.public_id)
    return _render(request, program, form, _("Stages and who acts"), stage_rows=services.stage_rows(program))


def _moved(keys: list[str], key: str, step: int) -> list[str]:
    i = keys.index(key)
    j = min(max(i + step, 0), len(keys) - 1)
    keys[i], keys[j] = keys[j], keys[i]
    return keys


@login_required
@require_POST
def part_action(request: HttpRequest, program_id: str) -> HttpResponse:
    """Delete a criterion, assurance, rule or approval group, or move one up or down (buttons of the settings page)."""
    program = selectors.program_get(request.user, program_id, action="manage")
    kind, key, action = request.POST.get("kind", ""), request.POST.get("key", ""), request.POST.get("action", "")
    user = request.user
    try:
        if kind == "approval_group":
            if action == "delete":
                services.approval_group_delete(actor=user, program=program, decision=key)
            else:
                emails = list((program.approval_groups or {}).get(key, []))
                email = request.POST.get("email", "")
                if email not in emails or action not in ("up", "down"):
                    raise ApplicationError(_("Pick an approver of the group."))
                order = _moved(emails, email, -1 if action == "up" else 1)
                services.approval_group_reorder(actor=user, program=program, decision=key, emails=order)
        elif action == "delete":
            services.program_part_delete(actor=user, program=program, kind=kind, key=key)
        elif action in ("up", "down") and kind in selectors.PART_KINDS:
            items = selectors.part_items(program, kind)
            keys = [selectors.part_key(kind, item, i) for i, item in enumerate(items)]
            if key not in keys:
                raise ApplicationError(_("No such part."))
            services.program_parts_reorder(actor=user, program=program, kind=kind, order=_moved(keys, key, -1 if action == "up" else 1))
        else:
            raise ApplicationError(_("Unknown action."))
    except ApplicationError as exc:
        messages.error(request, " ".join(dict.fromkeys([m for ms in exc.fields.values() for m in ms] or [exc.message])))
    else:
        messages.success(request, _("Deleted.") if action == "delete" else _("Moved."))
    return redirect("programs:settings", program.public_id)
