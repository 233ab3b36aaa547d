"""Reviewer assignment (with a conflict-of-interest declaration), independent scoring, comments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user, principal_of
from statewide.programs.models import Application, Comment, ReviewAssignment, Score, Visibility
from statewide.programs.permissions import application_policy, assignment_policy, comment_policy
from statewide.programs.services.applications import _text
from statewide.programs.workflow import Status

User = get_user_model()


def assignment_create(*, actor: Actor, application: Application, reviewer: Any) -> ReviewAssignment:
    """Assign a reviewer: the state's admins assign people who are state staff of the program's state."""
    application_policy.require(actor, "manage", application)
    state = application.program.jurisdiction.usps
    if state not in principal_of(reviewer).state_staff_states:
        raise ApplicationError(_("Reviewers must be state staff of %(state)s.") % {"state": state}, fields={"reviewer": [_("Not state staff of this state.")]})
    if application.status not in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.PLAN_SUBMITTED, Status.AMENDMENT_SUBMITTED):
        raise ApplicationError(_("Reviewers are assigned to submitted applications."), fields={"status": [application.get_status_display()]})
    with transaction.atomic():
        assignment, _created = ReviewAssignment.objects.get_or_create(application=application, reviewer=reviewer)
        audit_record(actor=actor, action="programs_review.assign", obj=application, after={"reviewer": getattr(reviewer, "email", "")}, scope_state=state)
    return assignment


def assignment_declare(*, actor: Actor, assignment: ReviewAssignment, no_conflict: bool, note: str = "") -> ReviewAssignment:
    """The reviewer declares a conflict of interest or none. A declared conflict ends the assignment's scoring."""
    assignment_policy.require(actor, "score", assignment)
    note = _text(note, "conflict_note", required=not no_conflict)
    with transaction.atomic():
        assignment.no_conflict, assignment.conflict_note, assignment.declared_at = no_conflict, note, timezone.now()
        assignment.save(update_fields=["no_conflict", "conflict_note", "declared_at", "updated_at"])
        audit_record(
            actor=actor,
            action="programs_review.declare",
            obj=assignment.application,
            after={"no_conflict": no_conflict},
            scope_state=assignment.application.program.jurisdiction.usps,
        )
    return assignment


def review_score(*, actor: Actor, assignment: ReviewAssignment, levels: dict[int, int], notes: dict[int, str] | None = None) -> ReviewAssignment:
    """Score every criterion of the rubric (criterion id -> level). Only the assigned reviewer, after declaring no conflict."""
    if not assignment_policy.can(actor, "score", assignment):
        raise PermissionDenied
    if not assignment.no_conflict:
        raise ApplicationError(_("Declare that you have no conflict of interest first."), fields={"no_conflict": [_("Declare first.")]})
    app = assignment.application
    if app.status not in (Status.UNDER_REVIEW, Status.PLAN_SUBMITTED, Status.AMENDMENT_SUBMITTED):
        raise ApplicationError(_("This application is not under review."), fields={"status": [app.get_status_display()]})
    criteria = {c.pk: c for c in app.program.criteria.all()}
    errors = {}
    for pk, criterion in criteria.items():
        allowed = {int(level["score"]) for level in criterion.levels}
        if levels.get(pk) not in allowed:
            errors[f"criterion_{pk}"] = [_("Pick a level.")]
    if errors:
        raise ApplicationError(_("Score every criterion."), fields=errors)
    # Per-criterion notes: for the other reviewers (after they score) and the state's staff, never the applicant.
    clean = {pk: _text((notes or {}).get(pk, ""), f"note_{pk}", required=False, max_length=5000) for pk in criteria}
    with transaction.atomic():
        assignment.scores.all().delete()
        Score.objects.bulk_create(Score(assignment=assignment, criterion_id=pk, level=levels[pk], note=clean[pk]) for pk in criteria)
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action="programs_review.score",
            obj=app,
            after={"levels": {str(k): v for k, v in levels.items()}},
            scope_state=app.program.jurisdiction.usps,
        )
    return assignment


def comment_add(*, actor: Actor, application: Application, body: str, visibility: str) -> Comment:
    """State staff comment internally or to the applicant; the applicant answers (always visible to staff)."""
    if visibility not in Visibility.values:
        raise ApplicationError(_("Pick who sees the comment."), fields={"visibility": [_("Unknown choice.")]})
    staff = application_policy.can(actor, "review", application)
    if not staff:
        application_policy.require(actor, "apply", application)
        visibility = Visibility.APPLICANT
    if not comment_policy.can_create(actor, state=application.program.jurisdiction.usps) and staff:
        raise PermissionDenied
    body = _text(body, "body", max_length=5000)
    with transaction.atomic():
        comment = Comment.objects.create(application=application, author=actor_user(actor), visibility=visibility, body=body)
        audit_record(
            actor=actor, action="programs_comment.add", obj=application, after={"visibility": visibility}, scope_state=application.program.jurisdiction.usps
        )
    return comment
