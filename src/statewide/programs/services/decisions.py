"""Decisions: proposed, approved by every member of the program's approval group (if any), then final.

A final decision moves the application (workflow.move), queues the decision e-mail through the one
background queue, and its letter is rendered as a PDF on request (views.letters).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.jobs import emails_enqueue
from statewide.core.permissions import Actor, actor_user
from statewide.places.models import Organisation
from statewide.programs.models import Application, Approval, Decision
from statewide.programs.permissions import may_take
from statewide.programs.services.applications import _text, move
from statewide.programs.workflow import BY_NAME, allowed

User = get_user_model()


def _recipients(org: Organisation) -> list[str]:
    from statewide.accounts.models import Membership, Role  # noqa: PLC0415 - accounts sits below; a narrow read

    return sorted(set(Membership.objects.filter(organisation=org, role=Role.DISTRICT_LEAD).values_list("user__email", flat=True)))


def _finalize(decision: Decision, *, actor: Actor) -> None:
    app = decision.application
    move(app, decision.kind, actor=actor, note=decision.note, permitted=True)
    decision.decided_at = timezone.now()
    decision.save(update_fields=["decided_at", "updated_at"])
    label = BY_NAME[decision.kind].name.replace("_", " ")
    body = _("Decision on %(title)s (%(program)s): %(decision)s.\n\n%(note)s\n\nThe decision letter: %(url)s") % {
        "title": app.title,
        "program": app.program.name,
        "decision": label,
        "note": decision.note,
        "url": reverse("programs:letter", args=[app.public_id, decision.public_id]),
    }
    messages = [{"to": to, "subject": _("Decision: %(title)s") % {"title": app.title}, "body": body} for to in _recipients(app.organisation)]
    if messages:
        emails_enqueue(
            actor=actor,
            kind="programs-decision",
            label=_("Decision e-mail: %(title)s") % {"title": app.title[:80]},
            messages=messages,
            scope_state=app.program.jurisdiction.usps,
        )


def decision_propose(*, actor: Actor, application: Application, kind: str, note: str = "") -> Decision:
    """Record a decision. Without an approval group for `kind` it is final at once."""
    transition = BY_NAME.get(kind)
    if transition is None or not transition.decision:
        raise ApplicationError(_("Unknown decision."), fields={"kind": [_("Pick a decision.")]})
    if not may_take(actor, application, transition):
        raise PermissionDenied
    if not allowed(application.status, kind, application.program.skipped_stages or []):
        raise ApplicationError(
            _("That decision is not possible now."), fields={"kind": [_("Not possible in status %(s)s.") % {"s": application.get_status_display()}]}
        )
    note = _text(note, "note", required=False, max_length=5000)
    emails = application.program.approval_groups.get(kind, [])
    with transaction.atomic():
        if application.decisions.filter(decided_at__isnull=True).exists():
            raise ApplicationError(_("A decision is already waiting for approvals."), fields={"kind": [_("Wait for the pending decision.")]})
        decision = Decision.objects.create(application=application, kind=kind, note=note, proposed_by=actor_user(actor))
        approvers = list(User.objects.filter(email__in=emails))
        if len(approvers) != len(set(emails)):
            raise ApplicationError(_("An approver of this program's approval group has no account."), fields={"kind": [_("Fix the approval group.")]})
        Approval.objects.bulk_create(Approval(decision=decision, approver=u) for u in approvers)
        audit_record(
            actor=actor,
            action="programs_decision.propose",
            obj=decision,
            after={"kind": kind, "approvers": sorted(emails)},
            scope_state=application.program.jurisdiction.usps,
        )
        if not approvers:
            _finalize(decision, actor=actor)
    return decision


def decision_approve(*, actor: Actor, decision: Decision) -> Decision:
    """One approver of the group approves; the last approval makes the decision final."""
    if decision.is_final:
        raise ApplicationError(_("This decision is already final."), fields={"decision": [_("Final.")]})
    with transaction.atomic():
        approval = decision.approvals.select_for_update().filter(approver=actor_user(actor), approved_at__isnull=True).first()
        if approval is None:
            raise PermissionDenied
        approval.approved_at = timezone.now()
        approval.save(update_fields=["approved_at"])
        audit_record(
            actor=actor,
            action="programs_decision.approve",
            obj=decision,
            after={"kind": decision.kind},
            scope_state=decision.application.program.jurisdiction.usps,
        )
        if not decision.approvals.filter(approved_at__isnull=True).exists():
            _finalize(decision, actor=actor)
    return decision
