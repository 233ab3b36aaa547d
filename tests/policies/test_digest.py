"""The e-mail digest of changes to followed states and policy types."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from statewide.accounts.models import Role
from statewide.core.models import AuditEvent, Job
from statewide.core.permissions import SYSTEM
from statewide.policies.models import DigestState
from statewide.policies.services import follow_create, policy_digest_send, policy_record_create, policy_record_update
from tests.factories import person
from tests.policies.factories import valid_input

pytestmark = pytest.mark.django_db


# the worker closes database connections after each task: no test transaction may wrap it
@pytest.mark.django_db(transaction=True)
def test_digest_sends_matching_changes_once() -> None:
    editor = person(Role.CONTENT_EDITOR)
    reader = person(email="reader@example.org")
    follow_create(actor=reader, usps="ID")
    typed = person(email="typed@example.org")
    follow_create(actor=typed, policy_type="funding")
    person(email="nobody@example.org")
    r = policy_record_create(actor=editor, data=valid_input(jurisdiction="ID", title="Idaho test policy"))
    policy_record_update(actor=editor, record=r, data={"summary": "changed"})
    policy_record_create(actor=editor, data=valid_input(jurisdiction="NH", title="NH test policy"))
    assert policy_digest_send(actor=SYSTEM) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.org"]
    body = mail.outbox[0].body
    assert "Idaho test policy" in body and "NH test policy" not in body and "summary" in body
    assert DigestState.objects.filter(user=reader).exists()
    assert AuditEvent.objects.filter(action="policy_digest.send").count() == 1
    # Nothing new: nothing sent.
    assert policy_digest_send(actor=SYSTEM) == 0
    policy_record_create(actor=editor, data=valid_input(jurisdiction="UT", policy_type="funding", title="Utah funding"))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("send_policy_digests")
        assert len(mail.outbox) == 1, "the command queues the digests; the worker sends them"
        call_command("worker", "--batch")
    assert [m.to for m in mail.outbox[1:]] == [["typed@example.org"]]
    assert Job.objects.get(kind="policies.digest").result["sent"] == 1


def test_digest_window_uses_last_sent() -> None:
    editor = person(Role.CONTENT_EDITOR)
    reader = person()
    follow_create(actor=reader)
    policy_record_create(actor=editor, data=valid_input())
    DigestState.objects.create(user=reader, last_sent_at=timezone.now() + dt.timedelta(minutes=1))
    assert policy_digest_send(actor=SYSTEM) == 0
