"""The applicant's pages: draft (multi-step, autosaved), assurances and submit, plan, amendments, reports, files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.programs import selectors, services
from statewide.programs.forms import (
    STEP_LABELS,
    AmendForm,
    ApplyForm,
    AssurancesForm,
    FinalForm,
    FlexibilityForm,
    IndicatorForm,
    PlanForm,
    ReportForm,
    StepForm,
    UploadForm,
)
from statewide.programs.services.applications import ANSWER_STEPS


def _render(request: HttpRequest, template: str, ctx: dict[str, Any], *forms_: Any) -> HttpResponse:
    bad = any(f is not None and f.is_bound and f.errors for f in forms_)
    return TemplateResponse(request, template, ctx, status=400 if bad else 200)


@login_required
def program_apply(request: HttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id)
    organisations = selectors.applying_organisations(request.user, program)
    if not organisations.exists():
        raise PermissionDenied
    form = ApplyForm(request.POST or None, organisations=organisations, program=program)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app = services.application_create(
                actor=request.user,
                program=program,
                organisation=d["organisation"],
                title=d["title"],
                applicant_kind=d["applicant_kind"],
                schools=list(d.get("schools") or []),
                group_name=d.get("group_name", ""),
            )
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect("programs:step", app.public_id, ANSWER_STEPS[0])
    return _render(request, "programs/apply.html", {"program": program, "form": form}, form)


@login_required
def draft_step(request: HttpRequest, public_id: str, step: str) -> HttpResponse:
    """One step of the draft. An HTMX POST (the autosave on change) saves and answers with a status line."""
    if step not in ANSWER_STEPS:
        raise Http404
    app = selectors.application_get(request.user, public_id, action="apply")
    form = StepForm(request.POST or None, step=step, initial={step: (app.answers or {}).get(step, "")})
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_answers(actor=request.user, application=app, answers={step: form.cleaned_data[step]})
            saved = True
        except ApplicationError as exc:
            form_errors_from(form, exc)
        if saved and not request.htmx:  # type: ignore[attr-defined]
            index = ANSWER_STEPS.index(step)
            if index + 1 < len(ANSWER_STEPS):
                return redirect("programs:step", app.public_id, ANSWER_STEPS[index + 1])
            return redirect("programs:submit", app.public_id)
    index = ANSWER_STEPS.index(step)
    ctx = {
        "application": app,
        "form": form,
        "step": step,
        "steps": [(s, STEP_LABELS[s][0]) for s in ANSWER_STEPS],
        "number": index + 1,
        "previous": ANSWER_STEPS[index - 1] if index else None,
        "saved": saved,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return TemplateResponse(request, "programs/step.html#autosave", ctx, status=400 if form.errors else 200)
    return _render(request, "programs/step.html", ctx, form)


@login_required
def draft_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="apply")
    parts = selectors.application_parts(app)
    form = AssurancesForm(request.POST or None, program=app.program, initial={"assurances": parts["affirmed"]})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_affirm(actor=request.user, application=app, assurances=list(form.cleaned_data["assurances"]))
            services.application_submit(actor=request.user, application=app)
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Application submitted."))
            return redirect("programs:application", app.public_id)
    return _render(request, "programs/submit.html", {"application": app, "form": form, **parts}, form)


@login_required
def plan(request: HttpRequest, public_id: str) -> HttpResponse:
    """The planning year: flexibility requests, evaluation design (indicators), then the plan itself."""
    app = selectors.application_get(request.user, public_id, action="apply")
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    flex = FlexibilityForm(data if which == "flex" else None, program=app.program, prefix="flex")
    indicator = IndicatorForm(data if which == "indicator" else None, prefix="ind")
    plan_form = PlanForm(data if which == "plan" else None, prefix="plan")
    try:
        if which == "flex" and flex.is_valid():
            services.flexibility_request_add(
                actor=request.user, application=app, rule=flex.cleaned_data["rule"], justification=flex.cleaned_data["justification"]
            )
            messages.success(request, _("Flexibility requested."))
            return redirect("programs:plan", app.public_id)
        if which == "indicator" and indicator.is_valid():
            services.indicator_add(actor=request.user, application=app, **indicator.cleaned_data)
            messages.success(request, _("Indicator added."))
            return redirect("programs:plan", app.public_id)
        if which == "plan" and plan_form.is_valid():
            services.plan_submit(actor=request.user, application=app, **plan_form.cleaned_data)
            messages.success(request, _("Comprehensive plan submitted."))
            return redirect("programs:application", app.public_id)
    except ApplicationError as exc:
        form_errors_from({"flex": flex, "indicator": indicator, "plan": plan_form}[which or "plan"], exc)
    ctx = {"application": app, "flex_form": flex, "indicator_form": indicator, "plan_form": plan_form, **selectors.application_parts(app)}
    return _render(request, "programs/plan.html", ctx, flex, indicator, plan_form)


@login_required
def amend(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="apply")
    versions = selectors.plan_versions(app)
    form = AmendForm(request.POST or None, initial={"text": versions[-1].text if versions else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_amend(actor=request.user, application=app, **form.cleaned_data)
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Amendment submitted for approval."))
            return redirect("programs:application", app.public_id)
    return _render(request, "programs/amend.html", {"application": app, "form": form, "versions": versions}, form)


@login_required
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="apply")
    indicators = selectors.application_parts(app)["indicators"]
    form = ReportForm(request.POST or None, request.FILES or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():  # an evidence file the storage refuses files nothing (core.uploads)
                saved = services.annual_report_submit(
                    actor=request.user,
                    application=app,
                    year=d["year"],
                    narrative=d["narrative"],
                    is_public=d["is_public"],
                    values={i.pk: d[f"indicator_{i.pk}"] for i in indicators},
                )
                if d.get("evidence"):
                    services.attachment_upload(actor=request.user, application=app, upload=d["evidence"], report=saved)
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Annual report filed."))
            return redirect("programs:application", app.public_id)
    return _render(request, "programs/report.html", {"application": app, "form": form}, form)


@login_required
def final(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="apply")
    form = FinalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.final_report_submit(actor=request.user, application=app, **form.cleaned_data)
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Final evaluation and sustainability plan filed."))
            return redirect("programs:application", app.public_id)
    return _render(request, "programs/final.html", {"application": app, "form": form}, form)


@login_required
@require_POST
def upload(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="apply")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_upload(actor=request.user, application=app, upload=form.cleaned_data["file"])
        except ApplicationError as exc:
            form_errors_from(form, exc)
    if form.errors:
        return TemplateResponse(request, "programs/upload.html", {"application": app, "form": form}, status=400)
    messages.success(request, _("File uploaded."))
    return redirect("programs:application", app.public_id)


@require_safe
def attachment(request: HttpRequest, public_id: str, file_id: str) -> FileResponse:
    """Files are served only here, after the permission check (never from a public media URL)."""
    att = selectors.attachment_get(request.user, public_id, file_id)
    response = FileResponse(att.file.open("rb"), content_type=att.content_type, as_attachment=True, filename=att.name)
    response["Cache-Control"] = "private, no-store"
    return response
