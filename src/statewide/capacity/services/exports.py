"""A state's large CSV/XLSX exports, prepared in the background (`core.exports`: the one queue and threshold)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.capacity.permissions import state_export_policy
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.exports import CONTENT_TYPES, export_enqueue
from statewide.core.models import Job
from statewide.core.permissions import Actor
from statewide.places.models import Jurisdiction

EXPORT_NAMES = {"supports": "Supports", "rounds": "Readiness rounds", "ta": "Technical assistance requests"}


def state_export_enqueue(*, actor: Actor, state: Jurisdiction, what: str, fmt: str, total: int = 0) -> Job:
    """Queue the state's `what` export (supports, rounds or ta) as CSV or XLSX for its staff; the job page serves the file."""
    state_export_policy.require(actor, "export", state)
    problems = {}
    if what not in EXPORT_NAMES:
        problems["what"] = [_("Choose supports, rounds or ta.")]
    if fmt not in CONTENT_TYPES:
        problems["format"] = [_("Choose CSV or XLSX.")]
    if problems:
        raise ApplicationError(_("This export does not exist."), fields=problems)
    filename = f"capacity-{what}-{state.usps.lower()}.{fmt}"
    label = _("%(what)s of %(state)s (%(fmt)s)") % {"what": _(EXPORT_NAMES[what]), "state": state.name, "fmt": fmt.upper()}
    with transaction.atomic():
        job = export_enqueue(
            actor=actor,
            kind=f"capacity.export.{what}",
            label=label,
            rows="statewide.capacity.exports.state_rows",
            params={"usps": state.usps, "what": what},
            fmt=fmt,
            filename=filename,
            sheet=what,
            scope_state=state.usps,
            total=total,
        )
        audit_record(
            actor=actor, action="capacity_export.enqueue", object_type="capacity.export", object_id=str(job.public_id), object_repr=label,
            after={"what": what, "format": fmt}, scope_state=state.usps,
        )  # fmt: skip
    return job
