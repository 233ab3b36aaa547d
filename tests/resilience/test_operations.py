"""Operations: readiness, the operators' queue page, recovery of a killed worker's tasks, JSON logs with request ids."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from statewide.core import queue
from statewide.core.jobs import job_enqueue
from statewide.core.logs import JsonFormatter, RequestIdFilter
from statewide.core.models import Job, JobStatus
from statewide.core.permissions import SYSTEM
from statewide.core.queue import tasks_recover, worker_id
from statewide.core.requestid import current_request_id
from tests.factories import person, state_agency

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
QUEUE_PAGE_QUERIES = 12  # session, user, memberships, figures, jobs by status, failed count + page


def test_readyz_checks_database_migrations_and_queue_and_healthz_stays_liveness(client: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr(queue, "_migrations_applied", False)
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "queue": "ok"}}
    assert r["Cache-Control"].startswith("max-age=0") or "no-cache" in r["Cache-Control"]
    # a migration the code has but the database lacks: not ready, and it says what to do
    monkeypatch.setattr(queue, "_migrations_applied", False)
    MigrationRecorder(connection).migration_qs.filter(app="core").order_by("-id")[:1].get().delete()
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "not ready"
    assert "statewide migrate" in r.json()["checks"]["migrations"]
    assert client.get("/healthz").status_code == 200  # liveness does not depend on migrations


def test_queue_page_is_for_operators_and_shows_depth_and_failed_jobs(client: Client, django_assert_max_num_queries: Any) -> None:
    failed = job_enqueue(actor=SYSTEM, kind="test.broken", label="Always down", handler="tests.foundation.test_jobs.broken", payload={})
    assert Job.objects.get(pk=failed.pk).status == JobStatus.FAILED
    with override_settings(TASKS=DB_TASKS):
        for n in range(3):
            job_enqueue(actor=SYSTEM, kind="test.waiting", label=f"Waiting {n}", handler="tests.foundation.test_jobs.broken", payload={})
    assert client.get("/operations/queue/").status_code == 302  # anonymous: sign in first
    client.force_login(person("state_admin", state_agency("TX")))
    assert client.get("/operations/queue/").status_code == 403
    client.force_login(person(operator=True))
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES):
        r = client.get("/operations/queue/")
    html = r.content.decode()
    assert r.status_code == 200 and "Background queue · Statewide" in html
    assert '<dd id="queue-waiting">3</dd>' in html
    assert "Always down" in html and "The job failed after 3 attempts." in html


def test_queue_page_query_budget_holds_for_many_failed_jobs(client: Client, django_assert_max_num_queries: Any) -> None:
    Job.objects.bulk_create(
        [Job(kind="test", label=f"Failed {n}", handler="x", status=JobStatus.FAILED, error="boom", finished_at=timezone.now()) for n in range(40)]
    )
    client.force_login(person(operator=True))
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES):
        r = client.get("/operations/queue/?page=2")
    assert r.status_code == 200 and "Page 2 of 2" in r.content.decode()


def _dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def _running_task(job: Job, worker: str, started: dt.datetime) -> DBTaskResult:
    task = DBTaskResult.objects.get(args_kwargs__args=[job.pk])
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.RUNNING, worker_ids=[worker], started_at=started)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    return task


def test_a_task_left_running_by_a_dead_worker_is_queued_again_and_live_ones_are_left_alone() -> None:
    host = worker_id().rpartition(":")[0]
    now = timezone.now()
    with override_settings(TASKS=DB_TASKS):
        jobs = [job_enqueue(actor=SYSTEM, kind="t", label=f"j{n}", handler="tests.foundation.test_jobs.broken", payload={}) for n in range(4)]
    dead = _running_task(jobs[0], f"{host}:{_dead_pid()}", now)
    alive = _running_task(jobs[1], worker_id(), now)  # this very process: alive
    elsewhere = _running_task(jobs[2], "other-host:4242", now - dt.timedelta(minutes=5))
    lost = _running_task(jobs[3], "other-host:4243", now - dt.timedelta(minutes=90))
    assert tasks_recover() == 2
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[dead.pk] == statuses[lost.pk] == TaskResultStatus.READY
    assert statuses[alive.pk] == statuses[elsewhere.pk] == TaskResultStatus.RUNNING
    job = Job.objects.get(pk=jobs[0].pk)
    assert job.status == JobStatus.RETRYING and "worker stopped during attempt 1" in job.error


def test_a_task_whose_attempts_are_used_up_fails_instead_of_looping() -> None:
    host = worker_id().rpartition(":")[0]
    with override_settings(TASKS=DB_TASKS):
        job = job_enqueue(actor=SYSTEM, kind="t", label="oom", handler="tests.foundation.test_jobs.broken", payload={}, max_attempts=1)
    task = _running_task(job, f"{host}:{_dead_pid()}", timezone.now())
    assert tasks_recover() == 0
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and job.status == JobStatus.FAILED and job.payload == {}


def test_json_log_lines_carry_the_request_id(client: Client, caplog: Any) -> None:
    record = logging.makeLogRecord({"name": "statewide.test", "levelno": logging.WARNING, "levelname": "WARNING", "msg": "import %s failed", "args": ("x",)})
    token = current_request_id.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "import x failed" and line["request_id"] == "abc123def456" and line["level"] == "WARNING"
    # a well-formed id from the proxy is kept (and echoed), so proxy, app and worker logs share it
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345")["X-Request-ID"] == "proxy-id-12345"
