"""Review reminders go through the background queue's e-mail job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from statewide.core.permissions import SYSTEM
from statewide.credentials import services
from statewide.credentials.services.reminders import review_reminders_send

from .setup import build_world

pytestmark = pytest.mark.django_db


def test_assessors_are_reminded_of_due_evidence():
    world = build_world()
    submission = services.submission_start(actor=world.educator, version=world.version)
    services.submission_update(actor=world.educator, submission=submission, evidence_text="x", evidence_links=[])
    services.submission_submit(actor=world.educator, submission=submission)
    assert review_reminders_send(actor=SYSTEM) == 0  # due in 14 days
    later = submission.due_at + dt.timedelta(days=1)
    assert review_reminders_send(actor=SYSTEM, now=later) == 1
    assert [m.to for m in mail.outbox] == [[world.assessor.email]] and "1 overdue" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        review_reminders_send(actor=world.admin)
    call_command("send_credential_reminders")
