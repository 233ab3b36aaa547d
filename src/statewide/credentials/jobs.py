"""Background work of the micro-credentials module (run by `statewide.core.jobs`): a bulk award
from a CSV file larger than `core.jobs.BACKGROUND_IMPORT_BYTES`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.errors import ApplicationError
from statewide.core.jobs import Progress, job_enqueue
from statewide.core.models import Job
from statewide.core.permissions import Actor
from statewide.credentials.models import MicroCredentialVersion, VersionStatus
from statewide.credentials.permissions import issuer_policy
from statewide.credentials.services.bulk import MAX_BACKGROUND_ROWS, bulk_rows, credential_bulk_award

# The job page shows at most this many unmatched rows (the count is always complete).
REPORT_ROWS = 1000


def credential_bulk_award_enqueue(*, actor: Actor, version: MicroCredentialVersion, csv_text: str, next_url: str = "") -> Job:
    """Queue an award from a large CSV. What needs no database (permission, a published version,
    header, CSV syntax, the row cap, no NUL) is checked now, with line numbers; the rest in the worker."""
    issuer = version.micro_credential.issuer
    issuer_policy.require(actor, "issue", issuer)
    if version.status != VersionStatus.PUBLISHED:
        raise ApplicationError(_("Only a published micro-credential can be awarded."), code="not_published")
    if "\x00" in csv_text:
        raise ApplicationError(_("The file is not a text file."), fields={"csv": [_("The file is not a text file.")]})
    rows = bulk_rows(csv_text, max_rows=MAX_BACKGROUND_ROWS)
    jurisdiction = issuer.organisation.jurisdiction
    return job_enqueue(
        actor=actor,
        kind="credentials.bulk_award",
        label=_("Bulk award: %(name)s") % {"name": version.name},
        handler="statewide.credentials.jobs.bulk_award_job",
        payload={"version": str(version.public_id), "csv": csv_text},
        total=len(rows),
        scope_state=jurisdiction.usps if jurisdiction else "",
        next_url=next_url,
    )


def bulk_award_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Award the matched rows (all or nothing) and report every unmatched row with its line number.
    Safe to repeat: a retry after a failure starts again (nothing was written), and a person who
    already holds the credential is reported, not awarded twice."""
    version = MicroCredentialVersion.objects.select_related("micro_credential__issuer__organisation__jurisdiction").get(public_id=job.payload["version"])
    issued, preview = credential_bulk_award(actor=actor, version=version, csv_text=job.payload["csv"], max_rows=MAX_BACKGROUND_ROWS, progress=progress)
    summary = ngettext("%(n)d credential awarded.", "%(n)d credentials awarded.", len(issued)) % {"n": len(issued)}
    unmatched = len(preview.unmatched)
    if unmatched:
        summary += " " + ngettext("%(n)d row not matched (not awarded).", "%(n)d rows not matched (not awarded).", unmatched) % {"n": unmatched}
    return {
        "summary": summary,
        "awarded": len(issued),
        "not_matched": unmatched,
        "report": {
            "caption": _("Rows not matched (not awarded)"),
            "headers": [_("Line"), _("E-mail"), _("Why")],
            "rows": [[row.line, row.email, row.problem] for row in preview.unmatched[:REPORT_ROWS]],
        },
    }
