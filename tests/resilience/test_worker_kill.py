"""A worker killed in the middle of a task: the task is retried, and nothing is sent or written twice.

A real `statewide worker` process runs the database queue against the test's database (on SQLite a
file copy of it, on PostgreSQL the test database itself). It is SIGKILLed while it holds in the
middle of an e-mail batch (before delivering the third of five messages), restarted, SIGKILLed
again in the middle of a CCD district import (after its first batch of rows was written, inside
its transaction), and restarted once more to finish. Then every e-mail was delivered exactly once
and the import wrote its 600 districts and its audit event exactly once.
"""

from __future__ import annotations

import os
import selectors
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from statewide.core.jobs import emails_enqueue, job_enqueue
from statewide.core.models import AuditEvent, JobStatus
from statewide.core.permissions import SYSTEM
from statewide.places.models import Organisation
from tests.foundation.test_ccd_import import GOOD_ROW, HEADER

REPO = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HOLD_TIMEOUT = 150  # seconds a worker may take to reach the gate (about two when idle; once over 60 in CI on a busy machine, with browser tests beside it)
ROWS = 600  # two write batches of the importer (500 each)

# the worker is another process: the test's rows must be committed, so no test transaction
pytestmark = pytest.mark.django_db(transaction=True)


def _share_database(tmp_path: Path) -> str:
    """A database URL the worker process can open: the PostgreSQL test database itself, or a file
    copy of the in-memory SQLite test database (SQLite's backup API, as `statewide backup` uses)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def _take_back(url: str) -> None:
    """On SQLite, copy what the workers wrote back into the test database."""
    if url.startswith("sqlite:///"):
        source = sqlite3.connect(url.removeprefix("sqlite:///"))
        source.backup(connection.connection)
        source.close()


def _worker(db_url: str, log: Path, *, batch: bool = False, **gates: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.resilience.worker_settings",
        "PYTHONPATH": str(REPO),
        "WORKER_DB_URL": db_url,
        "GATE_LOG": str(log),
        **gates,
    }
    args = [sys.executable, "-m", "statewide", "worker", *(["--batch"] if batch else [])]
    return subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _kill_when_holding(proc: subprocess.Popen[str]) -> str:
    """Read the worker's output until the gate says it holds mid-task, then SIGKILL it (and reap it)."""
    seen = []
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
        while True:
            if not sel.select(timeout=HOLD_TIMEOUT):
                proc.kill()
                pytest.fail("the worker never reached the gate:\n" + "".join(seen))
            line = proc.stdout.readline()  # type: ignore[union-attr]
            seen.append(line)
            if not line:
                pytest.fail(f"the worker exited ({proc.wait()}) before the gate:\n" + "".join(seen))
            if "GATE HOLDING" in line:
                break
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=HOLD_TIMEOUT) == -signal.SIGKILL
    return "".join(seen)


def test_a_killed_worker_retries_its_tasks_and_sends_and_writes_nothing_twice(tmp_path: Path) -> None:
    log = tmp_path / "sent.log"
    log.touch()
    recipients = [f"person{n}@example.org" for n in range(5)]
    rows = [GOOD_ROW.replace("4800001", f"{4890000 + n}") for n in range(ROWS)]
    with override_settings(TASKS=DB_TASKS):
        emails = emails_enqueue(
            actor=SYSTEM, kind="test.emails", label="Five e-mails", messages=[{"to": r, "subject": "Hello", "body": "Hi"} for r in recipients]
        )
        ccd = job_enqueue(
            actor=SYSTEM,
            kind="places.districts_import",
            label="CCD import",
            handler="tests.resilience.gate.gated_districts_import_job",
            payload={"data": "\n".join([HEADER, *rows]) + "\n", "source_name": "kill-test.csv"},
        )
    db_url = _share_database(tmp_path)

    _kill_when_holding(_worker(db_url, log, GATE_HOLD_EMAIL="3"))  # mid-batch: 2 delivered, the 3rd in hand
    assert [line.split()[0] for line in log.read_text().splitlines()] == recipients[:2]
    _kill_when_holding(_worker(db_url, log, GATE_HOLD_IMPORT="1"))  # finishes the e-mails, then dies mid-import
    finish = _worker(db_url, log, batch=True)
    out, _ = finish.communicate(timeout=HOLD_TIMEOUT)
    assert finish.returncode == 0, out
    assert "Queued again 1 task left running by a stopped worker." in out
    _take_back(db_url)

    sent = [tuple(line.split()) for line in log.read_text().splitlines()]
    assert Counter(to for to, _mid in sent) == Counter(recipients)  # each delivered exactly once
    assert len({mid for _to, mid in sent}) == 5 and all(mid.startswith(f"<job-{emails.public_id}-") for _to, mid in sent)
    emails.refresh_from_db()
    ccd.refresh_from_db()
    assert (emails.status, emails.attempts, emails.done) == (JobStatus.SUCCEEDED, 2, 5)
    assert (ccd.status, ccd.attempts) == (JobStatus.SUCCEEDED, 2), ccd.error
    assert ccd.result["created"] == ROWS
    assert Organisation.objects.filter(nces_leaid__startswith="4890").count() == ROWS
    assert AuditEvent.objects.filter(action="districts.import").count() == 1
