"""Background handlers for places (run by `statewide.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError
from statewide.core.jobs import Progress, import_summary
from statewide.core.models import Job
from statewide.places.services import DistrictImportError, districts_import, enrollment_import, schools_import


def districts_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Import a CCD district (or school) directory file queued by `statewide import-districts --background`."""
    try:
        importer = schools_import if job.payload.get("schools") else districts_import
        report = importer(actor=actor, data=job.payload["data"], source_name=job.payload.get("source_name", ""), progress=progress)
    except DistrictImportError as exc:
        fields = {_("line %(n)s") % {"n": p.line}: [p.reason] for p in exc.problems[:200]}
        raise ApplicationError(exc.message, fields=fields) from exc
    summary = import_summary(created=report.created, updated=report.updated, unchanged=report.unchanged)
    return {"summary": summary, "created": report.created, "updated": report.updated, "unchanged": report.unchanged, "warnings": len(report.warnings)}


def enrollment_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Import district enrollment queued by `statewide import-enrollment --background`."""
    p = job.payload
    report = enrollment_import(
        actor=actor, data=p["data"], source=p["source"], kind=p.get("kind", "csv"), lea_directory=p.get("lea_directory", ""),
        school_year=p.get("school_year", ""), progress=progress,
    )  # fmt: skip
    summary = import_summary(created=report.created, updated=report.updated, unchanged=report.unchanged)
    return {"summary": summary, "created": report.created, "updated": report.updated, "unchanged": report.unchanged, "years": report.years}
