"""Background handlers of the programs module (run by `statewide.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from statewide.core.jobs import Progress
from statewide.core.models import Job


def program_reminders_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Queue the deadline reminders (queued daily by `send_program_reminders`). Safe to retry: a sent reminder is recorded."""
    from statewide.programs.services.reminders import program_reminders_send  # noqa: PLC0415

    sent = program_reminders_send(actor=actor)
    progress(sent, sent)
    return {"summary": ngettext("%(n)d reminder queued.", "%(n)d reminders queued.", sent) % {"n": sent}, "sent": sent}
