"""Background jobs: e-mails and imports go through the django-tasks queue, with retries and a visible status."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from statewide.core.jobs import job_enqueue
from statewide.core.models import Job, JobStatus
from statewide.core.permissions import SYSTEM
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

pytestmark = pytest.mark.django_db
BASE = "/where-to-begin/self-assessment"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CALLS: list[int] = []


def flaky(job: Job, *, actor: Any, progress: Any) -> dict[str, Any]:
    """Fails on its first attempt, succeeds on the second."""
    CALLS.append(job.attempts)
    if job.attempts < 2:
        raise ConnectionError("mail server went away")
    progress(1, 1)
    return {"summary": "ok"}


def broken(job: Job, *, actor: Any, progress: Any) -> dict[str, Any]:
    raise ConnectionError("always down")


# the worker closes database connections after each task: no test transaction may wrap it
@pytest.mark.django_db(transaction=True)
def test_invitations_are_queued_and_sent_by_the_worker_from_the_database_queue(client: Client) -> None:
    admin = person("state_admin", state_agency("TX"))
    c = f.campaign()
    group = c.groups.first()
    client.force_login(admin)
    with override_settings(TASKS=DB_TASKS):
        resp = client.post(f"{BASE}/{c.public_id}/invite/", {"group": group.token, "emails": "a@example.org\nb@example.org"})
        job = Job.objects.get()
        assert resp.status_code == 302 and resp["Location"] == f"/jobs/{job.public_id}/"
        # Nothing is sent inside the request: the e-mails wait in the queue.
        assert mail.outbox == []
        assert job.status == JobStatus.QUEUED and job.total == 2
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        page = client.get(resp["Location"]).content.decode()
        assert "Queued" in page and 'hx-trigger="every 2s"' in page and "Check again" in page
        call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.done == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert job.payload == {}, "the addresses are not kept once sent"
    page = client.get(f"/jobs/{job.public_id}/").content.decode()
    assert "2 of 2 done" in page and "hx-trigger" not in page


def test_reminders_are_queued_with_the_group_link(client: Client) -> None:
    admin = person("state_admin", state_agency("TX"))
    c = f.campaign()
    group = c.groups.first()
    client.force_login(admin)
    resp = client.post(f"{BASE}/{c.public_id}/invite/", {"group": group.token, "emails": "a@example.org", "kind": "reminder"})
    assert resp.status_code == 302
    assert len(mail.outbox) == 1 and f"/join/{group.token}/" in mail.outbox[0].body
    assert c.closes_on.isoformat() in mail.outbox[0].subject


def test_a_failing_job_is_retried_then_succeeds() -> None:
    CALLS.clear()
    job = job_enqueue(actor=SYSTEM, kind="test", label="flaky", handler="tests.foundation.test_jobs.flaky", payload={"x": 1})
    job.refresh_from_db()
    assert CALLS == [1, 2]
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and job.payload == {}


def test_a_job_that_keeps_failing_stops_after_its_attempts_with_a_plain_message(client: Client) -> None:
    user = person()
    job = job_enqueue(actor=user, kind="test", label="broken", handler="tests.foundation.test_jobs.broken", payload={}, max_attempts=3)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 3
    client.force_login(user)
    page = client.get(f"/jobs/{job.public_id}/").content.decode()
    assert "failed after 3 attempts" in page and "Traceback" not in page and "always down" not in page


# the worker closes database connections after each task: no test transaction may wrap it
@pytest.mark.django_db(transaction=True)
def test_retries_wait_in_the_database_queue() -> None:
    with override_settings(TASKS=DB_TASKS):
        job = job_enqueue(actor=SYSTEM, kind="test", label="broken", handler="tests.foundation.test_jobs.broken", payload={})
        call_command("worker", "--batch")
        job.refresh_from_db()
        assert job.status == JobStatus.RETRYING and job.attempts == 1
        # The retry is deferred (not run at once), so the batch worker leaves it for later.
        assert DBTaskResult.objects.filter(status="READY", run_after__isnull=False).count() == 1


def test_only_the_owner_or_an_operator_sees_a_job(client: Client) -> None:
    owner, other = person(), person()
    job = job_enqueue(actor=owner, kind="test", label="mine", handler="tests.foundation.test_jobs.flaky", payload={}, max_attempts=1)
    client.force_login(other)
    assert client.get(f"/jobs/{job.public_id}/").status_code == 404
    client.force_login(person(operator=True))
    assert client.get(f"/jobs/{job.public_id}/").status_code == 200
    client.logout()
    assert client.get(f"/jobs/{job.public_id}/").status_code == 302
