"""API writes of district innovation programs: a program's settings (its state's admins; its other parts in
api/programs_config.py) and the lifecycle of an application (create, submit, assign a reviewer, score, propose and approve a decision). Each endpoint calls the
same service as the pages, so the same permission rules hold: what the caller may not see is 404, what they
see but may not do is 403, and a refused business rule is 400 with field errors."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from statewide.api.auth import require_user
from statewide.api.errors import ErrorEnvelope, ExpectedVersion
from statewide.api.programs import ApplicationOut, DecisionOut, _app_out
from statewide.core.errors import ApplicationError
from statewide.core.text import HttpUrl, MultiLine, SingleLine
from statewide.programs import selectors, services
from statewide.programs.models import Decision, Program

router = Router(tags=["programs"])


class ProgramSettingsIn(Schema):
    """Every field optional: only the fields sent change."""

    name: SingleLine | None = None
    summary: MultiLine | None = None
    authority_citation: SingleLine | None = None
    authority_url: HttpUrl | None = None
    checked_on: dt.date | None = None
    applicant_kinds: list[SingleLine] | None = None
    term_years: int | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    plan_due_days: int | None = None
    report_due_month: int | None = None
    report_due_day: int | None = None
    renewal_window_days: int | None = None
    spread_threshold: int | None = None
    approval_groups: dict[SingleLine, list[SingleLine]] | None = None
    is_public: bool | None = None
    version: ExpectedVersion = None


class ProgramSettingsOut(Schema):
    id: UUID
    name: str
    summary: str
    authority_citation: str
    authority_url: str
    checked_on: dt.date | None
    applicant_kinds: list[str]
    term_years: int
    opens_on: dt.date | None
    closes_on: dt.date | None
    plan_due_days: int
    report_due_month: int
    report_due_day: int
    renewal_window_days: int
    spread_threshold: int
    approval_groups: dict[str, list[str]]
    is_public: bool
    version: int

    @staticmethod
    def of(p: Program) -> ProgramSettingsOut:
        return ProgramSettingsOut(id=p.public_id, **{f: getattr(p, f) for f in ProgramSettingsOut.model_fields if f != "id"})


@router.patch(
    "/programs/{uuid:program_id}/", response={200: ProgramSettingsOut, 409: ErrorEnvelope}, summary="Change a program's settings (its state's admins)"
)
def update_program(request: HttpRequest, program_id: UUID, body: ProgramSettingsIn) -> ProgramSettingsOut:
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    changes = body.model_dump(exclude_unset=True)
    expected = changes.pop("version", None)
    return ProgramSettingsOut.of(services.program_update(actor=user, program=program, expected_version=expected, **changes))


class ApplicationIn(Schema):
    """`applicant_kind`: `district` (default), `school` (one NCES school id in `schools`) or `school_group`
    (two or more, with a `group_name`); the schools must be the organization's."""

    organization: UUID
    title: SingleLine
    applicant_kind: SingleLine = "district"
    schools: list[SingleLine] = []
    group_name: SingleLine = ""


@router.post("/programs/{uuid:program_id}/applications/", response={201: ApplicationOut}, summary="Start an application (a district lead)")
def create_application(request: HttpRequest, program_id: UUID, body: ApplicationIn) -> Status[ApplicationOut]:
    user = require_user(request)
    program = selectors.program_get(user, program_id)
    org = selectors.applying_organisations(user, program).filter(public_id=body.organization).first()
    if org is None:
        raise ApplicationError(_("Pick an organization you lead in this program's state."), fields={"organization": [_("Not one you may apply for.")]})
    schools, unknown = selectors.district_schools(org, body.schools)
    if unknown:
        msg = _("Not schools of %(district)s: %(ids)s.") % {"district": org.name, "ids": ", ".join(unknown)}
        raise ApplicationError(msg, fields={"schools": [msg]})
    app = services.application_create(
        actor=user, program=program, organisation=org, title=body.title, applicant_kind=body.applicant_kind, schools=schools, group_name=body.group_name
    )
    return Status(201, _app_out(app))


class SubmitIn(Schema):
    answers: dict[SingleLine, MultiLine] = {}
    assurances: list[int] = []


@router.post("/programs/applications/{public_id}/submit", response=ApplicationOut, summary="Save the draft's answers, affirm assurances and submit")
def submit_application(request: HttpRequest, public_id: UUID, body: SubmitIn) -> ApplicationOut:
    """`assurances` are the program's assurances by number (from 1); every one must be affirmed."""
    user = require_user(request)
    app = selectors.application_get(user, public_id, action="apply")
    assurances = selectors.program_parts(app.program)["assurances"]
    if bad := [n for n in body.assurances if not 1 <= n <= len(assurances)]:
        raise ApplicationError(_("Unknown assurance numbers."), fields={"assurances": [", ".join(map(str, bad))]})
    if body.answers:
        services.application_save_answers(actor=user, application=app, answers=body.answers)
    services.application_affirm(actor=user, application=app, assurances=[assurances[n - 1] for n in body.assurances])
    return _app_out(services.application_submit(actor=user, application=app))


class TransitionIn(Schema):
    transition: SingleLine


@router.post("/programs/applications/{public_id}/transitions", response=ApplicationOut, summary="Take a transition that is not a decision")
def transition_application(request: HttpRequest, public_id: UUID, body: TransitionIn) -> ApplicationOut:
    """For example `start_review` (state staff, once a reviewer is assigned). Decisions go through `…/decisions`."""
    user = require_user(request)
    app = selectors.application_get(user, public_id)
    return _app_out(services.application_transition(actor=user, application=app, transition=body.transition))


class ReviewerIn(Schema):
    email: SingleLine


class AssignmentOut(Schema):
    reviewer: str
    application: UUID


@router.post("/programs/applications/{public_id}/reviewers", response={201: AssignmentOut}, summary="Assign a reviewer (the state's admins)")
def assign_reviewer(request: HttpRequest, public_id: UUID, body: ReviewerIn) -> Status[AssignmentOut]:
    user = require_user(request)
    app = selectors.application_get(user, public_id, action="manage")
    reviewer = selectors.reviewer_choices(app.program).filter(email__iexact=body.email.strip()).first()
    if reviewer is None:
        raise ApplicationError(_("Reviewers must be state staff of this state."), fields={"email": [_("Not state staff of this state.")]})
    services.assignment_create(actor=user, application=app, reviewer=reviewer)
    return Status(201, AssignmentOut(reviewer=reviewer.email, application=app.public_id))


class ScoreIn(Schema):
    criterion: int
    level: int
    note: MultiLine = ""  # for the other reviewers and state staff, once they have scored; never the applicant


class ScoresIn(Schema):
    no_conflict: bool
    conflict_note: MultiLine = ""
    scores: list[ScoreIn] = []


class ScoredOut(Schema):
    declared_no_conflict: bool
    submitted_at: dt.datetime | None


@router.post("/programs/applications/{public_id}/scores", response=ScoredOut, summary="Declare conflicts and score (the assigned reviewer only)")
def score_application(request: HttpRequest, public_id: UUID, body: ScoresIn) -> ScoredOut:
    """`criterion` is the rubric criterion's number (from 1). A reviewer not assigned to the application gets 403;
    one who declares a conflict records it and scores nothing."""
    user = require_user(request)
    app = selectors.application_get(user, public_id)
    assignment = selectors.assignment_mine(user, app)
    if assignment is None:
        raise PermissionDenied
    services.assignment_declare(actor=user, assignment=assignment, no_conflict=body.no_conflict, note=body.conflict_note)
    if body.no_conflict:
        criteria = selectors.program_parts(app.program)["criteria"]
        if bad := [s.criterion for s in body.scores if not 1 <= s.criterion <= len(criteria)]:
            raise ApplicationError(_("Unknown criterion numbers."), fields={"scores": [", ".join(map(str, bad))]})
        services.review_score(
            actor=user,
            assignment=assignment,
            levels={criteria[s.criterion - 1].pk: s.level for s in body.scores},
            notes={criteria[s.criterion - 1].pk: s.note for s in body.scores},
        )
    return ScoredOut(declared_no_conflict=assignment.no_conflict, submitted_at=assignment.submitted_at)


class DecisionIn(Schema):
    kind: SingleLine
    note: MultiLine = ""


def _decision_out(d: Decision) -> DecisionOut:
    app = d.application
    return DecisionOut(
        id=d.public_id,
        application=app.public_id,
        organization=app.organisation.name,
        state=app.program.jurisdiction.usps,
        kind=d.kind,
        note=d.note,
        decided_at=d.decided_at,
    )


@router.post(
    "/programs/applications/{public_id}/decisions", response={201: DecisionOut}, summary="Propose a decision (final at once without an approval group)"
)
def propose_decision(request: HttpRequest, public_id: UUID, body: DecisionIn) -> Status[DecisionOut]:
    user = require_user(request)
    app = selectors.application_get(user, public_id, action="decide")
    return Status(201, _decision_out(services.decision_propose(actor=user, application=app, kind=body.kind, note=body.note)))


@router.post("/programs/applications/{public_id}/decisions/{decision_id}/approve", response=DecisionOut, summary="Approve a decision (a named approver)")
def approve_decision(request: HttpRequest, public_id: UUID, decision_id: UUID) -> DecisionOut:
    """`decided_at` is set once the last approver of the group approves."""
    user = require_user(request)
    app = selectors.application_get(user, public_id)
    decision = selectors.decision_get(user, decision_id, app.public_id)
    return _decision_out(services.decision_approve(actor=user, decision=decision))
