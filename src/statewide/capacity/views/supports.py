"""Supports catalog and interest, technical-assistance requests (district side and state queue), state overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.capacity import exports, selectors, services
from statewide.capacity.forms import CloseForm, NoteForm, TaRequestForm, TriageForm
from statewide.capacity.permissions import support_policy, ta_policy, tier_scheme_policy
from statewide.capacity.views.readiness import _district, form_errors
from statewide.core import tabular
from statewide.core.errors import ApplicationError
from statewide.core.exports import CONTENT_TYPES, export_runs_in_background
from statewide.places.models import Jurisdiction
from statewide.places.selectors import jurisdictions_with_districts

PAGE_SIZE = 50


def _state(usps: str) -> Jurisdiction:
    state = jurisdictions_with_districts().filter(usps=usps.upper()).first()
    if state is None:
        raise Http404
    return state


@require_safe
def supports_page(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    qs = selectors.support_list(request.user, state).order_by("title", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    show_demand = support_policy.can_create(request.user, state=state.usps) or state in selectors.staff_states(request.user)
    strategies, domains = selectors.strategy_names(), selectors.domain_titles()
    rows = [(s, strategies.get(s.strategy, s.strategy), [domains.get(d, d) for d in s.domains]) for s in page]
    can_edit = support_policy.can_create(request.user, state=state.usps)
    ctx = {"state": state, "page": page, "rows": rows, "show_demand": show_demand, "can_edit": can_edit}
    return TemplateResponse(request, "capacity/supports.html", ctx)


@login_required
@require_POST
def support_interest(request: HttpRequest, leaid: str, public_id: str) -> HttpResponse:
    district = _district(leaid)
    support = selectors.support_list(request.user, district.jurisdiction).filter(public_id=public_id).first()
    if support is None:
        raise Http404
    try:
        now_interested = services.support_interest_toggle(actor=request.user, support=support, district=district)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The state now sees your interest.") if now_interested else _("Your interest is withdrawn."))
    return redirect("capacity:district", leaid)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ta_new(request: HttpRequest, leaid: str) -> HttpResponse:
    district = _district(leaid)
    if not ta_policy.can_create(request.user, org=district):
        raise PermissionDenied
    form = TaRequestForm(request.POST or None, domain_choices=list(selectors.domain_titles().items()))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ta = services.ta_request_create(
                actor=request.user, district=district, topic=d["topic"], details=d["details"], domains=list(d["domains"]), urgency=d["urgency"]
            )
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Your request is with the state. You will see its progress here."))
            return redirect("capacity:ta", ta.public_id)
    return TemplateResponse(request, "capacity/ta_new.html", {"district": district, "form": form}, status=400 if form.errors else 200)


@login_required
@require_safe
def ta_queue(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    if state not in selectors.staff_states(request.user) and not ta_policy.can_create_anywhere(request.user):
        raise PermissionDenied  # the queue is for this state's staff (and operators), not another state's
    settings = selectors.state_settings(state)
    qs = ta_policy.filter(request.user, "manage", selectors.ta_list(request.user, jurisdiction=state)).order_by("status", "-created_at")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(ta, selectors.ta_timing(ta, settings)) for ta in page]
    return TemplateResponse(request, "capacity/ta_queue.html", {"state": state, "page": page, "rows": rows, "settings": settings})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ta_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    ta = selectors.ta_get(request.user, public_id)
    can_manage = ta_policy.can(request.user, "manage", ta)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = request.POST if action else None
    staff = selectors.state_staff_users(ta.district.jurisdiction)
    forms = {
        "triage": TriageForm(
            bound if action == "triage" else None, staff=staff, initial={"urgency": ta.urgency, "assignee": ta.assignee.email if ta.assignee else None}
        ),
        "note": NoteForm(bound if action == "note" else None),
        "close": CloseForm(bound if action == "close" else None),
    }
    if action:
        if not can_manage or action not in forms:
            raise PermissionDenied
        form = forms[action]
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "triage":
                    services.ta_triage(actor=request.user, request=ta, assignee=d["assignee"], urgency=d["urgency"])
                elif action == "note":
                    services.ta_note_add(actor=request.user, request=ta, text=d["text"], kind=d["kind"], visited_on=d["visited_on"])
                else:
                    services.ta_close(actor=request.user, request=ta, outcome=d["outcome"])
            except ApplicationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("capacity:ta", ta.public_id)
    timing = selectors.ta_timing(ta, selectors.state_settings(ta.district.jurisdiction))
    ctx = {
        "ta": ta,
        "can_manage": can_manage,
        "forms": forms,
        "timing": timing,
        "domains": selectors.domain_titles(),
        "settings": selectors.state_settings(ta.district.jurisdiction),
    }
    return TemplateResponse(request, "capacity/ta_detail.html", ctx, status=400 if action else 200)


@login_required
@require_safe
def state_overview(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    rounds = selectors.state_districts_by_tier(request.user, state)
    if not rounds.exists() and state not in selectors.staff_states(request.user):
        raise PermissionDenied
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    settings = selectors.state_settings(state)
    ctx = {
        "state": state,
        "page": page,
        "counts": selectors.state_tier_counts(state),
        "settings": settings,
        "can_set_tiers": tier_scheme_policy.can_create(request.user, state=state.usps),
        "open_ta": selectors.ta_list(request.user, jurisdiction=state, open_only=True).count(),
    }
    return TemplateResponse(request, "capacity/state.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def state_export(request: HttpRequest, usps: str, what: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """CSV or XLSX of a state's supports (with demand), submitted rounds, or TA requests (state staff).

    A small export is answered at once; a large one (`core.exports.export_runs_in_background`) is
    prepared by the queue: GET shows a button, POST queues the job and goes to its page."""
    state = _state(usps)
    if fmt not in CONTENT_TYPES or what not in exports.STATE_EXPORTS:
        raise Http404
    total, rows = exports.state_rows(actor=request.user, usps=state.usps, what=what)
    if request.method == "POST":
        job = services.state_export_enqueue(actor=request.user, state=state, what=what, fmt=fmt, total=total)
        return redirect("web:job", job.public_id)
    if export_runs_in_background(total):
        return TemplateResponse(request, "capacity/export_start.html", {"state": state, "what": what, "fmt": fmt, "total": total})
    name = f"capacity-{what}-{state.usps.lower()}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv" and what == "rounds":  # rounds are read in chunks and streamed, never held whole
        response = StreamingHttpResponse(tabular.csv_lines(rows), content_type=CONTENT_TYPES[fmt])
    elif fmt == "csv":
        response = HttpResponse(tabular.csv_text(rows), content_type=CONTENT_TYPES[fmt])
    else:
        response = HttpResponse(tabular.xlsx_bytes([(what, rows)]), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
