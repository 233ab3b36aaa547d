"""The one background queue: visible jobs run through django-tasks, with retries and progress.

A domain module enqueues work with `job_enqueue(handler="statewide.<app>.jobs.<function>", …)`.
The handler is called in the worker (or at once with the immediate backend) as
`handler(job, actor=…, progress=…)` and returns a small JSON-able result. A handler that raises
is retried with a growing delay up to `Job.max_attempts` times; then the job is marked failed
with a plain message (the traceback goes to the log, not to the page). Handlers must be safe to
repeat: `job.done` tells them how far an earlier attempt got (e-mails already sent are skipped).

Progress is visible while the handler runs, even inside its transaction: an import validates and
writes in one `transaction.atomic()`, so a progress write on the same connection would show only
at the end. On PostgreSQL `progress()` writes through a second connection (autocommit), so the
job page and `GET /api/v1/jobs/{id}` see it at once; SQLite has one writer at a time, so there
progress made inside a transaction shows when the transaction ends.

Who sees a job is one rule, `job_policy` (a `core.permissions.Policy`): its creator, operators,
and the admins of the job's state (`scope_state`: a state's imports and e-mails are its admins'
shared work). The job page, the API and My work all read through it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks import task, task_backends

from statewide.core.errors import ApplicationError
from statewide.core.models import Job, JobStatus
from statewide.core.permissions import SYSTEM, Actor, Policy, Principal, access, actor_user, operator_or

logger = logging.getLogger(__name__)

# `progress(done, total)` or `progress(done, total, stage=gettext_noop("Writing records"))`: the
# stage names the phase (shown translated on the job page, as is in the API).
Progress = Callable[..., None]
# The phases an import reports, shared by the importers (translated where they are shown).
CHECKING_ROWS, WRITING_RECORDS = gettext_noop("Checking rows"), gettext_noop("Writing records")
RETRY_BASE_SECONDS = 10
# Uploads (pages) and request bodies (API) larger than this are imported in the background, with
# progress on the job page and in the API; smaller ones are imported in the request.
BACKGROUND_IMPORT_BYTES = 64 * 1024


def import_summary(*, created: int, updated: int, unchanged: int) -> str:
    """ "Imported: 3 new, 1 updated, 0 unchanged." — each count with its own plural form (pages and jobs)."""
    parts = [
        ngettext("%(n)d new", "%(n)d new", created) % {"n": created},
        ngettext("%(n)d updated", "%(n)d updated", updated) % {"n": updated},
        ngettext("%(n)d unchanged", "%(n)d unchanged", unchanged) % {"n": unchanged},
    ]
    return _("Imported: %(counts)s.") % {"counts": ", ".join(parts)}


def runs_in_background(size: int) -> bool:
    """Does an import of `size` bytes go through the queue? (The one threshold of pages and API.)"""
    return size > BACKGROUND_IMPORT_BYTES


def _job_view(p: Principal) -> Q:
    """Its creator; the admins of its state (`scope_state`); operators. Anonymous: nothing."""
    q = Q(created_by_id=p.user_id)
    if p.admin_states:
        q |= Q(scope_state__in=sorted(p.admin_states))
    return operator_or(p, q)


job_policy: Policy[Job] = Policy(Job, {"view": _job_view})


def job_list(user: Actor) -> QuerySet[Job]:
    """The jobs a user may see, newest first (My work)."""
    return job_policy.filter(user).select_related("created_by")


def job_get(user: Actor, public_id: Any) -> Job:
    """One job the user may see (404 otherwise)."""
    return access(job_policy, user, public_id=public_id)


def job_enqueue(
    *,
    actor: Actor,
    kind: str,
    label: str,
    handler: str,
    payload: dict[str, Any],
    total: int = 0,
    scope_state: str = "",
    next_url: str = "",
    max_attempts: int = 3,
) -> Job:
    """Record a job and queue it. With the database backend the queue row commits with the job row."""
    import_string(handler)  # fail now, in the request, if the handler does not exist
    user = actor_user(actor)
    job = Job.objects.create(
        kind=kind,
        label=label[:300],
        handler=handler,
        payload=payload,
        total=total,
        scope_state=scope_state,
        next_url=next_url,
        max_attempts=max_attempts,
        created_by=user,
        as_system=actor is SYSTEM,
    )
    run_job.enqueue(job.pk)
    return job


def _set(job: Job, **fields: Any) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    Job.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())


@task()
def run_job(job_id: int) -> str:
    """The django-tasks task behind every job (one task: the handler is named by the job)."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "skipped"
    if not job.as_system and job.created_by is None:
        _set(job, status=JobStatus.FAILED, error=_("The person who started this job no longer has an account."), payload={}, finished_at=timezone.now())
        return JobStatus.FAILED
    _set(job, status=JobStatus.RUNNING, attempts=job.attempts + 1)
    progress = ProgressWriter(job)
    actor = SYSTEM if job.as_system else job.created_by
    try:
        result = import_string(job.handler)(job, actor=actor, progress=progress)
    except ApplicationError as exc:  # the input is wrong: retrying cannot help
        fields = {k: [str(m) for m in v] for k, v in (exc.fields or {}).items()}
        _set(job, status=JobStatus.FAILED, error=str(exc.message), result={"fields": fields}, payload={}, finished_at=timezone.now())
        return JobStatus.FAILED
    except Exception:
        logger.exception("job %s (%s) failed on attempt %s", job.public_id, job.kind, job.attempts)
        if job.attempts < job.max_attempts:
            _set(job, status=JobStatus.RETRYING, error=_("Attempt %(n)s failed; trying again.") % {"n": job.attempts})
            _retry(job)
            return JobStatus.RETRYING
        _set(
            job,
            status=JobStatus.FAILED,
            error=ngettext("The job failed after %(n)s attempt.", "The job failed after %(n)s attempts.", job.attempts) % {"n": job.attempts},
            payload={},
            finished_at=timezone.now(),
        )
        return JobStatus.FAILED
    finally:
        progress.close()
    _set(job, status=JobStatus.SUCCEEDED, result=result or {}, error="", payload={}, finished_at=timezone.now())
    return JobStatus.SUCCEEDED


class ProgressWriter:
    """`progress(done, total, stage=…)` for a running job, visible to other processes at once.

    Outside a transaction it is a plain update. Inside one (an import's all-or-nothing write) it
    writes through a second connection in autocommit on PostgreSQL; if that cannot see or lock the
    row (the job was created in the same, uncommitted transaction), or on SQLite (one writer at a
    time), it writes on the job's own connection, visible when the transaction commits.
    """

    LOCK_TIMEOUT_MS = 2000

    def __init__(self, job: Job) -> None:
        self.job = job
        self._side: Any = None

    def __call__(self, done: int, total: int, *, stage: str = "") -> None:
        fields: dict[str, Any] = {"done": done, "total": total}
        if stage or self.job.result.get("stage"):
            fields["result"] = {"stage": stage} if stage else {}
        conn = connections[DEFAULT_DB_ALIAS]
        if conn.in_atomic_block and conn.vendor == "postgresql" and self._write_aside(fields):
            for k, v in fields.items():
                setattr(self.job, k, v)
            return
        _set(self.job, **fields)

    def _write_aside(self, fields: dict[str, Any]) -> bool:
        import json  # noqa: PLC0415

        try:
            if self._side is None:
                main = connections[DEFAULT_DB_ALIAS]
                self._side = type(main)(dict(main.settings_dict), alias=DEFAULT_DB_ALIAS)
                with self._side.cursor() as cursor:
                    cursor.execute(f"SET lock_timeout = {self.LOCK_TIMEOUT_MS}")
            values = {**fields, "updated_at": timezone.now()}
            if "result" in values:
                values["result"] = json.dumps(values["result"])
            quote = self._side.ops.quote_name
            sets = ", ".join(f"{quote(k)} = CAST(%s AS jsonb)" if k == "result" else f"{quote(k)} = %s" for k in values)
            with self._side.cursor() as cursor:
                cursor.execute(f"UPDATE {quote(Job._meta.db_table)} SET {sets} WHERE id = %s", [*values.values(), self.job.pk])  # noqa: S608 - names are our own columns
                return bool(cursor.rowcount)
        except DatabaseError:
            logger.warning("progress of job %s written in its transaction", self.job.public_id, exc_info=True)
            return False

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def _retry(job: Job) -> None:
    backend = task_backends[run_job.backend]
    if backend.supports_defer:
        delay = dt.timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (job.attempts - 1))
        run_job.using(run_after=timezone.now() + delay).enqueue(job.pk)
    else:  # the immediate backend (tests, TASKS_BACKEND=immediate) cannot wait: try again now
        run_job.enqueue(job.pk)


def emails_enqueue(*, actor: Any, kind: str, label: str, messages: list[dict[str, str]], scope_state: str = "", next_url: str = "") -> Job:
    """Queue e-mails (each a dict of `to`, `subject`, `body`) as one job, sent by `email_batch_send`."""
    return job_enqueue(
        actor=actor,
        kind=kind,
        label=label,
        handler="statewide.core.jobs.email_batch_send",
        payload={"messages": messages},
        total=len(messages),
        scope_state=scope_state,
        next_url=next_url,
    )


def email_message_id(job: Job, index: int) -> str:
    """The idempotency key of a job's `index`-th e-mail: the same Message-ID on every attempt, so a
    message in flight when a worker was killed, sent again, is recognizably the same message."""
    from django.conf import settings  # noqa: PLC0415
    from django.core.mail import DNS_NAME  # noqa: PLC0415

    domain = getattr(settings, "SITE_URL", "").partition("://")[2].split("/")[0].split(":")[0] or str(DNS_NAME)
    return f"<job-{job.public_id}-{index}@{domain}>"


def email_batch_send(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Send the job's e-mails in order, skipping those an earlier attempt already sent.

    Each message is recorded as sent (`job.done`) right after the mail server accepts it, so a
    retry after a crash resumes with the next one; only a message accepted in the instant before a
    kill can go twice, and it carries the same Message-ID (`email_message_id`)."""
    from django.core.mail import EmailMessage  # noqa: PLC0415

    messages = job.payload.get("messages", [])
    for i in range(job.done, len(messages)):
        m = messages[i]
        EmailMessage(m["subject"], m["body"], None, [m["to"]], headers={"Message-ID": email_message_id(job, i)}).send()
        progress(i + 1, len(messages))
    return {"summary": ngettext("%(n)s e-mail sent.", "%(n)s e-mails sent.", len(messages)) % {"n": len(messages)}, "sent": len(messages)}
