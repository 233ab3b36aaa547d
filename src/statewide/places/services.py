"""Writes for places and organisations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.jobs import CHECKING_ROWS as CHECKING
from statewide.core.jobs import WRITING_RECORDS as WRITING
from statewide.core.jobs import Progress
from statewide.core.permissions import Actor
from statewide.places.ccd import ParsedFile, RowProblem, parse_ccd
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind
from statewide.places.permissions import organisation_policy

CCD_FIELDS = (
    "name", "state_agency_id", "agency_type", "locale_code", "county_fips", "county_name", "street", "city",
    "zip_code", "phone", "latitude", "longitude", "grade_low", "grade_high", "boundary_status", "ccd_survey_year",
)  # fmt: skip


WRITE_BATCH = 500


class DistrictImportError(ApplicationError):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            ngettext("The file was not imported: %(n)d problem found.", "The file was not imported: %(n)d problems found.", len(problems))
            % {"n": len(problems)},
            code="import_failed",
        )
        self.problems = problems


@dataclass
class DistrictImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[RowProblem] = field(default_factory=list)

    def warning_summary(self) -> list[tuple[str, int, int]]:
        """(reason without the value, count, first line) for each kind of warning."""
        kinds: Counter[str] = Counter()
        first: dict[str, int] = {}
        for w in self.warnings:
            key = w.reason.split(" is ")[-1] if " is " in w.reason else w.reason
            kinds[key] += 1
            first.setdefault(key, w.line)
        return [(k, n, first[k]) for k, n in kinds.most_common()]


def districts_import(*, actor: Actor, data: str, source_name: str = "", progress: Progress | None = None) -> DistrictImportReport:
    """Import a CCD LEA directory file: all rows or nothing. Re-importing updates, never duplicates.

    The CLI calls this as the system (`SYSTEM`). A signed-in actor must be an operator, or a
    state admin importing only their own state's districts. `progress(done, total, stage=…)` is
    told while rows are checked and while they are written, batch by batch (each row counts twice).
    """
    jurisdictions = {j.fips: j for j in Jurisdiction.objects.all()}

    def checking(done: int, total: int) -> None:
        if progress:
            progress(done, 2 * total, stage=CHECKING)

    parsed: ParsedFile = parse_ccd(data, known_fips=set(jurisdictions), progress=checking)
    if not parsed.errors and not parsed.rows:
        parsed.errors.append(RowProblem(2, _("the file has no data rows")))
    if parsed.errors:
        raise DistrictImportError(parsed.errors)
    states = {jurisdictions[r["fips"]].usps for r in parsed.rows}
    if not all(organisation_policy.can_create(actor, state=usps) for usps in states):
        raise PermissionDenied
    report = DistrictImportReport(warnings=parsed.warnings)
    with transaction.atomic():
        existing = {o.nces_leaid: o for o in Organisation.objects.filter(nces_leaid__in=[r["nces_leaid"] for r in parsed.rows])}
        to_create, to_update = [], []
        for row in parsed.rows:
            jurisdiction = jurisdictions[row["fips"]]
            org = existing.get(row["nces_leaid"])
            if org is None:
                values = {k: row[k] for k in CCD_FIELDS}
                to_create.append(Organisation(kind=OrganisationKind.DISTRICT, jurisdiction=jurisdiction, nces_leaid=row["nces_leaid"], **values))
                continue
            changed = [k for k in CCD_FIELDS if getattr(org, k) != row[k]] + (["jurisdiction"] if org.jurisdiction_id != jurisdiction.pk else [])
            if changed:
                for k in CCD_FIELDS:
                    setattr(org, k, row[k])
                org.jurisdiction = jurisdiction
                to_update.append(org)
            else:
                report.unchanged += 1
        rows, done = len(parsed.rows), report.unchanged
        for start in range(0, max(len(to_create), len(to_update)), WRITE_BATCH):
            batch_c, batch_u = to_create[start : start + WRITE_BATCH], to_update[start : start + WRITE_BATCH]
            Organisation.objects.bulk_create(batch_c, batch_size=WRITE_BATCH)
            Organisation.objects.bulk_update(batch_u, [*CCD_FIELDS, "jurisdiction"], batch_size=WRITE_BATCH)
            done += len(batch_c) + len(batch_u)
            if progress:
                progress(rows + done, 2 * rows, stage=WRITING)
        report.created, report.updated = len(to_create), len(to_update)
        audit_record(
            actor=actor,
            action="districts.import",
            object_type="places.ccd_file",
            object_id=source_name[:80] or "upload",
            object_repr=_("CCD directory %s") % (source_name or _("upload")),
            after={"created": report.created, "updated": report.updated, "unchanged": report.unchanged, "states": sorted(states)},
            scope_state=next(iter(states)) if len(states) == 1 else "",
        )
    return report
