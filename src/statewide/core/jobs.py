"""The one background queue: visible jobs run through django-tasks, with retries and progress.

A domain module enqueues work with `job_enqueue(handler="statewide.<app>.jobs.<function>", …)`.
The handler is called in the worker (or at once with the immediate backend) as
`handler(job, actor=…, progress=…)` and returns a small JSON-able result. A handler that raises
is retried with a growing delay up to `Job.max_attempts` times; then the job is marked failed
with a plain message (the traceback goes to the log, not to the page). Handlers must be safe to
repeat: `job.done` tells them how far an earlier attempt got (e-mails already sent are skipped).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task, task_backends

from statewide.core.errors import ApplicationError
from statewide.core.models import Job, JobStatus
from statewide.core.permissions import SYSTEM, Actor, actor_user

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
RETRY_BASE_SECONDS = 10
# Uploads larger than this are imported in the background, with progress on the job page.
BACKGROUND_IMPORT_BYTES = 64 * 1024


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

    def progress(done: int, total: int) -> None:
        _set(job, done=done, total=total)

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
        _set(job, status=JobStatus.FAILED, error=_("The job failed after %(n)s attempts.") % {"n": job.attempts}, payload={}, finished_at=timezone.now())
        return JobStatus.FAILED
    _set(job, status=JobStatus.SUCCEEDED, result=result or {}, error="", payload={}, finished_at=timezone.now())
    return JobStatus.SUCCEEDED


def _retry(job: Job) -> None:
    backend = task_backends[run_job.backend]
    if backend.supports_defer:
        delay = dt.timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (job.attempts - 1))
        run_job.using(run_after=timezone.now() + delay).enqueue(job.pk)
    else:  # the immediate backend (tests, TASKS_BACKEND=immediate) cannot wait: try again now
        run_job.enqueue(job.pk)


def jobs_visible(user: Any) -> Any:
    """The jobs a user may see: their own; an operator sees every job."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if getattr(user, "is_superuser", False):
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


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


def email_batch_send(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Send the job's e-mails in order, skipping those an earlier attempt already sent."""
    from django.core.mail import send_mail  # noqa: PLC0415

    messages = job.payload.get("messages", [])
    for i in range(job.done, len(messages)):
        m = messages[i]
        send_mail(m["subject"], m["body"], None, [m["to"]])
        progress(i + 1, len(messages))
    return {"summary": _("%(n)s e-mail(s) sent.") % {"n": len(messages)}, "sent": len(messages)}
