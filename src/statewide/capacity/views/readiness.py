"""Capacity landing, district profile, readiness rounds (answering, team, submission, report and PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.capacity import selectors, services
from statewide.capacity.forms import AnswersForm, RoundOpenForm, TeamAddForm
from statewide.capacity.models import RoundStatus
from statewide.capacity.permissions import round_policy, ta_policy
from statewide.capacity.stats import readiness_progress_chart
from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.core.pdf import pdf_render
from statewide.places.models import Organisation
from statewide.places.profile import district_sections


def form_errors(form: Form, exc: ApplicationError) -> None:
    """Put a service's field errors on the form (unknown fields become form-wide errors). An edit conflict
    (core.concurrency) goes through `core.forms.form_errors_from`, which also moves the hidden version on."""
    if exc.code == "conflict":
        form_errors_from(form, exc)
        return
    form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _district(leaid: str) -> Organisation:
    try:
        return selectors.district_get(leaid)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    memberships = selectors.user_districts(request.user) if request.user.is_authenticated else []
    return TemplateResponse(
        request, "capacity/landing.html", {"strategies": selectors.strategies(), "districts": memberships, "states": selectors.staff_states(request.user)}
    )


@require_safe
def district_profile(request: HttpRequest, leaid: str) -> HttpResponse:
    district = _district(leaid)
    profile = selectors.district_profile(request.user, district)
    settings = selectors.state_settings(district.jurisdiction)
    ctx = {
        "district": district,
        **profile,
        "chart": readiness_progress_chart(profile["submitted"], settings.tier_data) if profile["submitted"] else None,
        "tier_data": settings.tier_data,
        "tiers_default": settings.is_default,
        "can_open": round_policy.can_create(request.user, org=district) and not profile["open_round"],
        "can_request_ta": ta_policy.can_create(request.user, org=district),
        "open_form": RoundOpenForm(),
        # Programs and micro-credentials add their own sections (places.profile): capacity imports neither.
        "sections": district_sections(request.user, district),
    }
    return TemplateResponse(request, "capacity/district.html", ctx)


@login_required
@require_POST
def round_open(request: HttpRequest, leaid: str) -> HttpResponse:
    district = _district(leaid)
    if not round_policy.can_create(request.user, org=district):
        raise PermissionDenied
    form = RoundOpenForm(request.POST)
    if form.is_valid():
        try:
            rnd = services.round_open(actor=request.user, district=district, title=form.cleaned_data["title"], instrument=selectors.instrument_current())
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("capacity:round", rnd.public_id)
    else:
        messages.error(request, _("Give the round a title."))
    return redirect("capacity:district", leaid)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_page(request: HttpRequest, public_id: str) -> HttpResponse:
    rnd = selectors.round_get(request.user, public_id)
    definition = rnd.instrument.definition
    can_answer = rnd.status == RoundStatus.OPEN and round_policy.can(request.user, "answer", rnd)
    can_submit = rnd.status == RoundStatus.OPEN and round_policy.can(request.user, "submit", rnd)
    answers = selectors.round_answers(rnd)
    form = AnswersForm(request.POST if request.method == "POST" and can_answer else None, definition=definition, initial_answers=answers)
    status = 200
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.answers_save(actor=request.user, round=rnd, answers=form.answers(), seen=form.seen())
            except ApplicationError as exc:
                if exc.code == "conflict":
                    form.refresh_seen(selectors.round_answers(rnd))
                # The service names items by code; each message goes to that item's level question.
                exc.fields = {f"level-{code}" if f"level-{code}" in form.fields else code: msgs for code, msgs in exc.fields.items()}
                form_errors(form, exc)
            else:
                messages.success(request, _("Your answers are saved. The district lead reviews and submits them."))
                return redirect("capacity:round", rnd.public_id)
        status = 400
    n_items = sum(len(d["items"]) for d in definition["domains"])
    n_answered = sum(1 for a in answers.values() if a.level is not None)
    ctx = {
        "round": rnd, "district": rnd.district, "definition": definition, "form": form, "can_answer": can_answer, "can_submit": can_submit,
        "team": [m.user for m in rnd.team.all()], "team_form": TeamAddForm(), "answers": answers, "n_items": n_items, "n_answered": n_answered,
    }  # fmt: skip
    return TemplateResponse(request, "capacity/round.html", ctx, status=status)


@login_required
@require_POST
def team_add(request: HttpRequest, public_id: str) -> HttpResponse:
    rnd = selectors.round_get(request.user, public_id)
    round_policy.require(request.user, "submit", rnd)
    form = TeamAddForm(request.POST)
    member = selectors.district_members(rnd.district).filter(user__email__iexact=request.POST.get("email", "")).first() if form.is_valid() else None
    if member is None:
        messages.error(request, _("No member of this district has that e-mail address."))
    else:
        try:
            services.team_member_add(actor=request.user, round=rnd, user=member.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(email)s can now answer this round.") % {"email": member.user.email})
    return redirect("capacity:round", rnd.public_id)


@login_required
@require_POST
def round_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    rnd = selectors.round_get(request.user, public_id)
    try:
        services.round_submit(actor=request.user, round=rnd)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("capacity:round", rnd.public_id)
    messages.success(request, _("Submitted. The district's tier and the reasons are below."))
    return redirect("capacity:report", rnd.public_id)


def _report_context(request: HttpRequest, public_id: str) -> dict[str, object]:
    rnd = selectors.round_get(request.user, public_id)
    if rnd.status != RoundStatus.SUBMITTED:
        raise Http404
    return {"round": rnd, "district": rnd.district, "result": rnd.result, "definition": rnd.instrument.definition}


@login_required
@require_safe
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    return TemplateResponse(request, "capacity/report.html", _report_context(request, public_id))


@login_required
@require_safe
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    ctx = _report_context(request, public_id)
    response = HttpResponse(pdf_render("capacity/report_pdf.html", ctx, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="readiness-{ctx["district"].nces_leaid}-{public_id}.pdf"'  # type: ignore[attr-defined]
    return response
