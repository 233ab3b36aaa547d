"""Background handlers of the policy tracker (run by `statewide.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError
from statewide.core.jobs import Progress
from statewide.core.models import Job
from statewide.policies.io import policy_records_import


def policy_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Import an uploaded file queued by the import page (all or nothing, like the page)."""
    try:
        result = policy_records_import(actor=actor, data=job.payload["data"].encode("utf-8"), fmt=job.payload["format"], progress=progress)
    except PermissionDenied as exc:
        raise ApplicationError(_("The file has records of states you may not edit; nothing was imported.")) from exc
    summary = _("Imported: %(c)d new, %(u)d updated, %(n)d unchanged.") % {"c": result.created, "u": result.updated, "n": result.unchanged}
    return {"summary": summary, "created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def policy_digest_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Send the digests (queued by `send_policy_digests`). Safe to retry: a user whose digest went
    out has a new last-sent time, so a retry sends only the ones still due."""
    from statewide.policies.services.digest import policy_digest_send  # noqa: PLC0415

    sent = policy_digest_send(actor=actor)
    progress(sent, sent)
    return {"summary": _("%(n)s digest e-mail(s) sent.") % {"n": sent}, "sent": sent}
