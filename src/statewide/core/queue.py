"""Operating the one background queue: recovering work from killed workers, its state for operators, readiness.

**Killed workers.** django-tasks-db marks a task RUNNING when a worker claims it; a worker killed
mid-task (SIGKILL, out of memory, a lost server) leaves it RUNNING for ever. `statewide worker`
names itself `<host>:<pid>` and, when it starts, calls `tasks_recover()`: a RUNNING task whose
worker ran on this host and whose process is gone, or that has been running for longer than
`TASK_STALE_MINUTES` on any host, is put back in the queue, and its job shows "the worker stopped;
trying again" (or fails, once its attempts are used up). Handlers are safe to repeat: an import
writes in one transaction (a killed one wrote nothing), and an e-mail batch resumes after the last
message it recorded as sent.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from statewide.core.models import Job, JobStatus
from statewide.core.permissions import NOBODY, Actor, Policy, operator_or

# Operators only: the queue shows every state's work.
queue_policy: Policy[DBTaskResult] = Policy(DBTaskResult, {"view": lambda p: operator_or(p, NOBODY)})


def worker_id() -> str:
    """`<host>:<pid>` (at most 64 characters, as django-tasks-db allows)."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def _is_orphan(task: DBTaskResult, *, host: str, stale_before: dt.datetime) -> bool:
    last = (task.worker_ids or [""])[-1]
    worker_host, _sep, pid = last.rpartition(":")
    if worker_host == host and pid.isdigit() and _process_gone(int(pid)):
        return True
    return task.started_at is not None and task.started_at < stale_before


def tasks_recover(*, stale_after: dt.timedelta | None = None) -> int:
    """Put the tasks of dead workers back in the queue (see the module's doc). Returns how many."""
    stale_after = stale_after if stale_after is not None else dt.timedelta(minutes=settings.TASK_STALE_MINUTES)
    host, now = socket.gethostname()[:50], timezone.now()
    recovered = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(status=TaskResultStatus.RUNNING)
        for task in running:
            if not _is_orphan(task, host=host, stale_before=now - stale_after):
                continue
            job_ids = [a for a in (task.args_kwargs or {}).get("args", []) if isinstance(a, int)]
            job = Job.objects.filter(pk__in=job_ids[:1]).first()
            if job is not None and job.attempts >= job.max_attempts:
                message = _("The worker stopped during the last attempt (%(n)s); the job was not retried.") % {"n": job.attempts}
                Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message, payload={}, finished_at=now, updated_at=now)
                task.status, task.finished_at = TaskResultStatus.FAILED, now
                task.exception_class_path, task.traceback = "statewide.core.queue.WorkerStopped", "the worker stopped during the task"
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                continue
            if job is not None:
                message = _("The worker stopped during attempt %(n)s; trying again.") % {"n": job.attempts}
                Job.objects.filter(pk=job.pk).update(status=JobStatus.RETRYING, error=message, updated_at=now)
            task.status, task.started_at = TaskResultStatus.READY, None
            task.save(update_fields=["status", "started_at"])
            recovered += 1
    return recovered


# --- the queue's state, for operators ------------------------------------------------------------


@dataclass
class QueueState:
    waiting: int  # tasks ready to run now (queue depth)
    scheduled: int  # tasks waiting for a later time (retries)
    running: int
    failed_tasks: int
    oldest_waiting: dt.datetime | None
    jobs_by_status: dict[str, int]


def queue_state(user: Actor) -> QueueState:
    """Queue depth and failures (operators; others get an empty queryset and so zeros, but the view asks first)."""
    tasks = queue_policy.filter(user)
    now = timezone.now()
    due = Q(status=TaskResultStatus.READY) & (Q(run_after__lte=now) | Q(run_after=get_date_max()))
    figures = tasks.aggregate(
        waiting=Count("pk", filter=due),
        scheduled=Count("pk", filter=Q(status=TaskResultStatus.READY) & ~due),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        oldest=Min("enqueued_at", filter=due),
    )
    jobs = Job.objects.none() if not queue_policy.can_any(user) else Job.objects.all()
    by_status = {row["status"]: row["n"] for row in jobs.order_by().values("status").annotate(n=Count("pk"))}
    return QueueState(figures["waiting"], figures["scheduled"], figures["running"], figures["failed"], figures["oldest"], by_status)


def failed_jobs(user: Actor) -> QuerySet[Job]:
    """Failed jobs, newest first (operators)."""
    jobs = Job.objects.filter(status=JobStatus.FAILED) if queue_policy.can_any(user) else Job.objects.none()
    return jobs.select_related("created_by").order_by("-finished_at", "-id")


# --- readiness -------------------------------------------------------------------------------------

_migrations_applied = False


def readiness(alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Can this server take traffic? The database answers, every migration is applied, the queue table is readable."""
    global _migrations_applied
    checks: dict[str, str] = {}
    conn = connections[alias]
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
        return {"ready": False, "checks": checks}
    try:
        if not _migrations_applied:
            executor = MigrationExecutor(conn)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            _migrations_applied = not plan
        checks["migrations"] = "ok" if _migrations_applied else "unapplied migrations: run `statewide migrate`"
    except Exception as exc:
        checks["migrations"] = f"cannot be read: {type(exc).__name__}"
    try:
        DBTaskResult.objects.using(alias).filter(status=TaskResultStatus.READY).exists()
        checks["queue"] = "ok"
    except Exception as exc:
        checks["queue"] = f"unreachable: {type(exc).__name__}"
    return {"ready": all(v == "ok" for v in checks.values()), "checks": checks}
