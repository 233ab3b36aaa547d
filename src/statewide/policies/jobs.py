"""Background handlers of the policy tracker (run by `statewide.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.errors import ApplicationError
from statewide.core.jobs import Progress, import_summary, job_enqueue
from statewide.core.models import Job
from statewide.core.permissions import Actor
from statewide.policies.io import policy_records_import
from statewide.policies.permissions import policy_record_policy


def policy_records_import_enqueue(*, actor: Actor, data: bytes, fmt: str, name: str = "", next_url: str = "") -> Job:
    """Queue a large import (page upload or API body): the checks that need no parsing run now
    (permission, format, UTF-8), the rest in the worker, all or nothing. A state admin's import is
    the state's job (its other admins see it); an editor's belongs to no one state."""
    if not policy_record_policy.can_create(actor):
        raise PermissionDenied
    if fmt not in {"csv", "json"}:
        raise ApplicationError(_("Unknown format."), fields={"format": [_("Use csv or json.")]})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("The file must be UTF-8 text."), fields={"file": [_("Not UTF-8.")]}) from exc
    if "\x00" in text:  # PostgreSQL cannot store it in the job's input, and no valid file has it
        raise ApplicationError(_("The file is not a text file."), fields={"file": [_("The file is not a text file.")]})
    where = policy_record_policy.creatable(actor)
    label = _("Policy records import (%(name)s)") % {"name": name} if name else _("Policy records import")
    return job_enqueue(
        actor=actor,
        kind="policies.import",
        label=label,
        handler="statewide.policies.jobs.policy_import_job",
        payload={"data": text, "format": fmt},
        scope_state=next(iter(where.states)) if not where.anywhere and len(where.states) == 1 else "",
        next_url=next_url,
    )


def policy_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Import an uploaded file queued by the import page (all or nothing, like the page)."""
    try:
        result = policy_records_import(actor=actor, data=job.payload["data"].encode("utf-8"), fmt=job.payload["format"], progress=progress)
    except PermissionDenied as exc:
        raise ApplicationError(_("The file has records of states you may not edit; nothing was imported.")) from exc
    summary = import_summary(created=result.created, updated=result.updated, unchanged=result.unchanged)
    return {"summary": summary, "created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def policy_digest_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Send the digests (queued by `send_policy_digests`). Safe to retry: a user whose digest went
    out has a new last-sent time, so a retry sends only the ones still due."""
    from statewide.policies.services.digest import policy_digest_send  # noqa: PLC0415

    sent = policy_digest_send(actor=actor)
    progress(sent, sent)
    return {"summary": ngettext("%(n)s digest e-mail sent.", "%(n)s digest e-mails sent.", sent) % {"n": sent}, "sent": sent}
