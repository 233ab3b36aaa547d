"""State staff's forms: create and edit supports and networks, the state's tiers and TA targets."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from statewide.capacity import selectors, services
from statewide.capacity.forms import TIER_ROWS, NetworkForm, SupportAttendanceForm, SupportForm, TierSettingsForm
from statewide.capacity.models import Support
from statewide.capacity.permissions import network_policy, support_policy, tier_scheme_policy
from statewide.capacity.views.readiness import form_errors
from statewide.capacity.views.supports import _state
from statewide.core.errors import ApplicationError
from statewide.core.permissions import access
from statewide.places.models import Jurisdiction

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def form_page(request: HttpRequest, form: Any, *, heading: str, back: str, state: Jurisdiction | None = None, **extra: Any) -> HttpResponse:
    """The one page of the module's create and edit forms (400 while the form has errors); `extra` goes to the template."""
    ctx = {"form": form, "state": state, "heading": heading, "back": back, **extra}
    return TemplateResponse(request, "capacity/edit_form.html", ctx, status=400 if form.errors else 200)


def _support_form(request: HttpRequest, state: Jurisdiction, support: Support | None) -> SupportForm:
    tiers = [(t.code, t.name) for t in selectors.state_settings(state).tiers]
    # A tier the support serves that the state's scheme no longer has stays choosable (never silently dropped).
    tiers += [(code, code) for code in (support.tiers if support else []) if code not in dict(tiers)]
    initial = {}
    if support is not None:
        initial = {
            k: getattr(support, k)
            for k in ("strategy", "title", "description", "provider", "tiers", "domains", "format", "starts_on", "ends_on", "capacity", "version")
        }
    return SupportForm(request.POST or None, initial=initial, strategies=selectors.strategy_names(), tiers=tiers, domains=selectors.domain_titles())


def _save_support(request: HttpRequest, form: SupportForm, state: Jurisdiction, support: Support | None) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    d = form.cleaned_data
    values = {k: d[k] for k in ("strategy", "title", "description", "provider", "format", "starts_on", "ends_on", "capacity")}
    try:
        if support is None:
            services.support_create(actor=request.user, jurisdiction=state, tiers=list(d["tiers"]), domains=list(d["domains"]), **values)
        else:
            services.support_update(
                actor=request.user, support=support, tiers=list(d["tiers"]), domains=list(d["domains"]), expected_version=d["version"], **values
            )
    except ApplicationError as exc:
        form_errors(form, exc)
        return None
    messages.success(request, _("The support is saved."))
    return redirect("capacity:supports", state.usps)


@login_required
@GET_POST
def support_new(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    if not support_policy.can_create(request.user, state=state.usps):
        raise PermissionDenied
    form = _support_form(request, state, None)
    return _save_support(request, form, state, None) or form_page(
        request, form, state=state, heading=_("Add a support"), back=reverse("capacity:supports", args=[state.usps])
    )


@login_required
@GET_POST
def support_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    support = access(support_policy, request.user, action="change", queryset=selectors.supports_with_state(), public_id=public_id)
    form = _support_form(request, support.jurisdiction, support)
    return _save_support(request, form, support.jurisdiction, support) or form_page(
        request, form, state=support.jurisdiction, heading=_("Edit the support"), back=reverse("capacity:supports", args=[support.jurisdiction.usps])
    )


@login_required
@GET_POST
def support_attendance(request: HttpRequest, public_id: str) -> HttpResponse:
    """The state staff running a support record who attended each session (a support with attendance took place)."""
    support = access(support_policy, request.user, action="change", queryset=selectors.supports_with_state(), public_id=public_id)
    form = SupportAttendanceForm(request.POST or None, districts=selectors.support_attendance_choices(support))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            n = services.support_attendance_record(
                actor=request.user, support=support, attended_on=d["attended_on"], districts=selectors.support_districts(support, list(d["districts"]))
            )
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Attendance saved: %(n)d districts on %(day)s.") % {"n": n, "day": d["attended_on"].isoformat()})
            return redirect("capacity:support_attendance", support.public_id)
    ctx = {"support": support, "state": support.jurisdiction, "form": form, "days": selectors.support_attendance_days(support)}
    return TemplateResponse(request, "capacity/support_attendance.html", ctx, status=400 if form.errors else 200)


@login_required
@GET_POST
def network_new(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    if not network_policy.can_create(request.user, state=state.usps):
        raise PermissionDenied
    form = NetworkForm(request.POST or None, initial={"applications_open": True}, domains=selectors.domain_titles())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            network = services.network_create(
                actor=request.user, jurisdiction=state, title=d["title"], purpose=d["purpose"], cap=d["cap"], domains=list(d["domains"]),
                applications_open_on=d["applications_open_on"], applications_close_on=d["applications_close_on"],
            )  # fmt: skip
            if not d["applications_open"]:
                services.network_applications_set(actor=request.user, network=network, open=False)
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The network is created."))
            return redirect("capacity:network", network.public_id)
    return form_page(request, form, state=state, heading=_("Create a network"), back=reverse("capacity:networks", args=[state.usps]))


@login_required
@GET_POST
def network_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    network = selectors.network_get(public_id)
    if not network_policy.can(request.user, "manage", network):
        raise PermissionDenied
    initial = {
        "title": network.title,
        "purpose": network.purpose,
        "domains": network.domains,
        "cap": network.cap,
        "applications_open": network.applications_open,
        "applications_open_on": network.applications_open_on,
        "applications_close_on": network.applications_close_on,
        "version": network.version,
    }
    form = NetworkForm(request.POST or None, initial=initial, domains=selectors.domain_titles())
    if request.method == "POST" and form.is_valid():
        try:
            d = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            services.network_update(actor=request.user, network=network, expected_version=form.cleaned_data["version"], **{**d, "domains": list(d["domains"])})
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The network is saved."))
            return redirect("capacity:network", network.public_id)
    return form_page(request, form, state=network.jurisdiction, heading=_("Edit the network"), back=reverse("capacity:network", args=[network.public_id]))


@login_required
@require_POST
def network_applications(request: HttpRequest, public_id: str) -> HttpResponse:
    """Open or close the application round (a button on the network page)."""
    network = selectors.network_get(public_id)
    if not network_policy.can(request.user, "manage", network):
        raise PermissionDenied
    if (choice := request.POST.get("open")) not in ("0", "1"):
        raise Http404
    services.network_applications_set(actor=request.user, network=network, open=choice == "1")
    messages.success(request, _("Applications are open.") if choice == "1" else _("Applications are closed."))
    return redirect("capacity:network", network.public_id)


_TIER_FIELD = re.compile(r"^tiers\[(\d+)\]\.(code|name|min_score)$")


@login_required
@GET_POST
def tier_settings(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    if not tier_scheme_policy.can_create(request.user, state=state.usps):
        raise PermissionDenied
    current = selectors.state_settings(state)
    initial: dict[str, Any] = {
        "mentors_across_states": current.mentors_across_states,
        "ta_response_days": current.ta_response_days,
        "ta_resolution_days": current.ta_resolution_days,
    }
    for i, tier in enumerate(current.tier_data[:TIER_ROWS]):
        initial |= {f"code-{i}": tier["code"], f"name-{i}": tier["name"], f"min_score-{i}": tier["min_score"]}
    form = TierSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        used, tiers = form.tiers()
        descriptions = {t["code"]: t.get("description", "") for t in current.tier_data}
        d = form.cleaned_data
        try:
            services.tier_scheme_set(
                actor=request.user, jurisdiction=state, tiers=[t | {"description": descriptions.get(t["code"], "")} for t in tiers],
                mentors_across_states=d["mentors_across_states"], ta_response_days=d["ta_response_days"], ta_resolution_days=d["ta_resolution_days"],
            )  # fmt: skip
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            for key, errors in exc.fields.items():
                m = _TIER_FIELD.match(key)
                for error in errors:
                    form.add_error(f"{m[2]}-{used[int(m[1])]}" if m else None, error)
        else:
            messages.success(request, _("The tiers and targets are saved."))
            return redirect("capacity:state", state.usps)
    ctx = {"form": form, "state": state, "is_default": current.is_default}
    return TemplateResponse(request, "capacity/tier_settings.html", ctx, status=400 if form.errors else 200)
