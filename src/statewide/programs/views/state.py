"""The application page (applicant and state staff), review, comments, decisions, letters, program setup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.core.pdf import pdf_render
from statewide.programs import selectors, services
from statewide.programs.forms import AssignForm, CommentForm, DecisionForm, DeclareForm, ProgramForm, ScoreForm, UploadForm
from statewide.programs.permissions import may_take, transitions_open_to
from statewide.programs.workflow import BY_NAME, STAFF, TRANSITIONS


@login_required
def program_new(request: HttpRequest) -> HttpResponse:
    states = selectors.program_creatable_states(request.user)
    if not states.exists():
        raise PermissionDenied
    form = ProgramForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            program = services.program_create(
                actor=request.user, jurisdiction=d["state"], template=d["template"], name=d["name"], opens_on=d["opens_on"], closes_on=d["closes_on"]
            )
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Program created from the template."))
            return redirect("programs:program", program.public_id)
    return TemplateResponse(request, "programs/program_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_safe
def application_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id)
    user = request.user
    can = {a: selectors.application_can(user, a, app) for a in ("apply", "manage", "review")}
    transitions = transitions_open_to(user, app)
    can["decide"] = any(t.decision for t in transitions)
    ctx = {
        "application": app,
        "can": can,
        "transitions": transitions,
        "staff_moves": [t for t in transitions if t.actor == STAFF],
        "plan_with_draft": not app.program.uses("planning"),
        "deadline": selectors.next_deadline(app, timezone.localdate()),
        "comments": list(selectors.comment_list(user, app)),
        "decisions": list(selectors.decision_list(user, app)),
        "reports": list(selectors.report_list(user, application=app)),
        "reviews": selectors.review_summary(user, app) if can["review"] else None,
        "mine": selectors.assignment_mine(user, app),
        "comment_form": CommentForm(),
        "upload_form": UploadForm(),
        "assign_form": AssignForm(reviewers=selectors.reviewer_choices(app.program)) if can["manage"] else None,
        "declare_form": DeclareForm(),
        **selectors.application_parts(app),
    }
    return TemplateResponse(request, "programs/application.html", ctx)


@login_required
@require_POST
def assign(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="manage")
    form = AssignForm(request.POST, reviewers=selectors.reviewer_choices(app.program))
    try:
        if not form.is_valid():
            raise ApplicationError(_("Pick a reviewer."))
        services.assignment_create(actor=request.user, application=app, reviewer=form.cleaned_data["reviewer"])
        messages.success(request, _("Reviewer assigned."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("programs:application", app.public_id)


@login_required
@require_POST
def move(request: HttpRequest, public_id: str, transition: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id)
    try:
        services.application_transition(actor=request.user, application=app, transition=transition)
        messages.success(request, _("Done."))
    except ApplicationError as exc:
        messages.error(request, " ".join([exc.message, *[m for ms in exc.fields.values() for m in ms]]))
    return redirect("programs:application", app.public_id)


@login_required
@require_POST
def comment(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id)
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Write a comment."))
        services.comment_add(actor=request.user, application=app, body=form.cleaned_data["body"], visibility=form.cleaned_data["visibility"] or "applicant")
        messages.success(request, _("Comment added."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("programs:application", app.public_id)


@login_required
def score(request: HttpRequest, public_id: str) -> HttpResponse:
    """Declare a conflict of interest (or none), then score every criterion, without seeing other scores."""
    app = selectors.application_get(request.user, public_id)
    assignment = selectors.assignment_mine(request.user, app)
    if assignment is None:
        raise PermissionDenied
    criteria = selectors.application_parts(app)["criteria"]
    declare = DeclareForm(request.POST if request.POST.get("form") == "declare" else None)
    form = ScoreForm(request.POST if request.POST.get("form") == "score" else None, criteria=criteria)
    try:
        if declare.is_bound and declare.is_valid():
            services.assignment_declare(
                actor=request.user, assignment=assignment, no_conflict=declare.cleaned_data["no_conflict"], note=declare.cleaned_data["note"]
            )
            return redirect("programs:score", app.public_id)
        if form.is_bound and form.is_valid():
            levels = {c.pk: form.cleaned_data[f"criterion_{c.pk}"] for c in criteria}
            services.review_score(actor=request.user, assignment=assignment, levels=levels, notes=form.notes(criteria))
            messages.success(request, _("Scores saved. You can now see the other reviewers' scores."))
            return redirect("programs:application", app.public_id)
    except ApplicationError as exc:
        form_errors_from(form if form.is_bound else declare, exc)
    bad = (declare.is_bound and declare.errors) or (form.is_bound and form.errors)
    ctx = {"application": app, "assignment": assignment, "declare_form": declare, "form": form}
    return TemplateResponse(request, "programs/score.html", ctx, status=400 if bad else 200)


@login_required
def decide(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id, action="decide")
    if not any(may_take(request.user, app, t) for t in TRANSITIONS if t.decision):
        raise PermissionDenied  # the program names someone else for every decision
    form = DecisionForm(request.POST or None)
    choices = [(t.name, t.name.replace("_", " ").capitalize()) for t in transitions_open_to(request.user, app) if t.decision]
    form.fields["kind"].choices = choices  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_propose(actor=request.user, application=app, **form.cleaned_data)
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Decision recorded.") if decision.is_final else _("Decision proposed: waiting for the approval group."))
            return redirect("programs:application", app.public_id)
    reviews = selectors.review_summary(request.user, app) if selectors.application_can(request.user, "review", app) else None
    return TemplateResponse(request, "programs/decide.html", {"application": app, "form": form, "reviews": reviews}, status=400 if form.errors else 200)


@login_required
@require_POST
def approve(request: HttpRequest, public_id: str, decision_id: str) -> HttpResponse:
    app = selectors.application_get(request.user, public_id)
    decision = selectors.decision_get(request.user, decision_id, app.public_id)
    try:
        services.decision_approve(actor=request.user, decision=decision)
        messages.success(request, _("Approved."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("programs:application", app.public_id)


@require_safe
def letter(request: HttpRequest, public_id: str, decision_id: str) -> HttpResponse:
    """The decision letter (PDF) of a final decision: for whoever may see the decision."""
    decision = selectors.decision_get(request.user, decision_id, public_id)
    if not decision.is_final:
        raise Http404
    app = decision.application
    pdf = pdf_render(
        "programs/letter_pdf.html", {"application": app, "decision": decision, "label": BY_NAME[decision.kind].name.replace("_", " ")}, request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{decision.public_id}.pdf"'
    return response
