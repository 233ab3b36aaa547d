"""Reminders of evidence waiting for review, sent through the background queue's e-mail job."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.accounts.models import Membership, Role
from statewide.core.audit import audit_record
from statewide.core.jobs import emails_enqueue
from statewide.core.permissions import SYSTEM, Actor, PlatformActor
from statewide.credentials.models import Submission, SubmissionStatus

DUE_SOON = dt.timedelta(days=2)


def review_reminders_send(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """E-mail each assessor of a state with submissions due within two days or overdue (one
    e-mail per assessor, queued for the worker). Only the system (cron) or an operator runs it.
    Returns the number of e-mails queued."""
    if not (actor is SYSTEM or (not isinstance(actor, PlatformActor) and getattr(actor, "is_superuser", False))):
        raise PermissionDenied
    now = now or timezone.now()
    waiting: dict[str, list[Submission]] = defaultdict(list)
    due = Submission.objects.filter(status=SubmissionStatus.SUBMITTED, due_at__lte=now + DUE_SOON).select_related(
        "version__micro_credential__issuer__organisation__jurisdiction"
    )
    for submission in due:
        jurisdiction = submission.version.micro_credential.issuer.organisation.jurisdiction
        if jurisdiction is not None:
            waiting[jurisdiction.usps].append(submission)
    if not waiting:
        return 0
    assessors = Membership.objects.filter(role=Role.ASSESSOR, organisation__jurisdiction__usps__in=list(waiting)).select_related(
        "user", "organisation__jurisdiction"
    )
    url = settings.SITE_URL + reverse("credentials:review_queue")
    messages = []
    for membership in assessors:
        jurisdiction = membership.organisation.jurisdiction if membership.organisation else None
        if jurisdiction is None:  # the query only reaches organizations of a state; this keeps the types honest
            continue
        items = waiting[jurisdiction.usps]
        overdue = sum(1 for s in items if s.due_at and s.due_at < now)
        body = _("%(n)d micro-credential submissions are due for review within two days (%(late)d overdue).\n\nReview them: %(url)s") % {
            "n": len(items),
            "late": overdue,
            "url": url,
        }
        messages.append({"to": membership.user.email, "subject": _("Micro-credential evidence waiting for your review"), "body": body})
    if messages:
        with transaction.atomic():
            emails_enqueue(actor=actor, kind="credentials.reminders", label=_("Micro-credential review reminders"), messages=messages)
            audit_record(
                actor=actor,
                action="credential.review_reminders",
                object_type="credentials.submission",
                object_id="reminders",
                object_repr="review reminders",
                after={"emails": len(messages)},
            )
    return len(messages)
