"""Deadline reminders: each district lead hears once about each coming deadline (plan, report, renewal)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.jobs import emails_enqueue
from statewide.core.permissions import Actor
from statewide.programs.models import Application, Reminder
from statewide.programs.permissions import application_policy
from statewide.programs.selectors import next_deadline
from statewide.programs.services.decisions import _recipients
from statewide.programs.workflow import Status

REMIND_DAYS = 30  # remind when a deadline is this close (or already past)


def program_reminders_send(*, actor: Actor, today: dt.date | None = None) -> int:
    """Queue one e-mail per coming deadline not reminded yet; returns how many applications were reminded."""
    today = today or timezone.localdate()
    active = (Status.DRAFT, Status.CONDITIONAL, Status.APPROVED, Status.AMENDMENT_SUBMITTED)
    apps = application_policy.filter(actor, "manage").filter(status__in=active).select_related("program__jurisdiction", "organisation")
    sent = 0
    with transaction.atomic():
        done = set(Reminder.objects.filter(application__in=apps).values_list("application_id", "key"))
        for app in apps:
            deadline = next_deadline(app, today)
            if deadline is None or deadline[1] - today > dt.timedelta(days=REMIND_DAYS):
                continue
            key = f"{deadline[0]}:{deadline[1].isoformat()}"
            if (app.pk, key) in done:
                continue
            _remind(actor, app, deadline, today)
            Reminder.objects.create(application=app, key=key)
            sent += 1
        if sent:
            audit_record(
                actor=actor, action="programs_reminder.send", object_type="programs.reminder", object_id=today.isoformat(), after={"applications": sent}
            )
    return sent


def _remind(actor: Actor, app: Application, deadline: tuple[str, dt.date], today: dt.date) -> None:
    what, due = deadline
    overdue = due < today
    subject = (_("Overdue: %(what)s for %(title)s") if overdue else _("Coming deadline: %(what)s for %(title)s")) % {"what": what, "title": app.title}
    body = _("%(program)s: the %(what)s for %(title)s is due on %(due)s.") % {
        "program": app.program.name,
        "what": what,
        "title": app.title,
        "due": due.isoformat(),
    }
    messages = [{"to": to, "subject": subject, "body": body} for to in _recipients(app.organisation)]
    if messages:
        emails_enqueue(actor=actor, kind="programs-reminder", label=subject[:200], messages=messages, scope_state=app.program.jurisdiction.usps)
