"""Writes for places and organisations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.audit import audit_record
from statewide.core.disclosure import DEFAULT_MINIMUM_N
from statewide.core.errors import ApplicationError
from statewide.core.jobs import CHECKING_ROWS as CHECKING
from statewide.core.jobs import WRITING_RECORDS as WRITING
from statewide.core.jobs import Progress
from statewide.core.permissions import Actor
from statewide.places.ccd import ParsedFile, RowProblem, parse_ccd
from statewide.places.ccd_schools import parse_schools
from statewide.places.enrollment import COUNT_FIELDS, read_enrollment_csv, read_tea_tapr, stid_to_leaid
from statewide.places.locale import derived_locale
from statewide.places.models import (
    OPEN_SCHOOL_STATUSES,
    SEX_GROUPS,
    DistrictEnrollment,
    Jurisdiction,
    LocaleSource,
    Organisation,
    OrganisationKind,
    School,
    StateDisclosure,
)  # fmt: skip
from statewide.places.permissions import disclosure_policy, organisation_policy

CCD_FIELDS = (
    "name", "state_agency_id", "agency_type", "locale_code", "locale_source", "county_fips", "county_name", "street", "city",
    "zip_code", "phone", "latitude", "longitude", "grade_low", "grade_high", "boundary_status", "ccd_survey_year",
)  # fmt: skip


WRITE_BATCH = 500


class DistrictImportError(ApplicationError):
    """A directory file (districts or schools) was refused: every problem with its line."""

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
            row["locale_source"] = LocaleSource.REPORTED if row["locale_code"] else ""
            if org is not None and not row["locale_code"] and org.locale_source == LocaleSource.DERIVED:
                # The directory has no locale: keep the one derived from the schools (places.locale).
                row["locale_code"], row["locale_source"] = org.locale_code, org.locale_source
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


SCHOOL_FIELDS = (
    "name", "state_school_id", "school_type", "status", "is_charter", "locale_code", "city", "zip_code",
    "county_name", "latitude", "longitude", "grade_low", "grade_high", "ccd_survey_year",
)  # fmt: skip


def schools_import(*, actor: Actor, data: str, source_name: str = "", progress: Progress | None = None) -> DistrictImportReport:
    """Import a CCD school directory file: all rows or nothing; re-importing updates, never duplicates.

    Every school's district must already be imported. Afterwards each district without a reported
    locale gets the locale derived from its open schools (`places.locale`) and its open-school count.
    """
    districts: dict[str, int] = {
        leaid: pk
        for leaid, pk in Organisation.objects.filter(kind=OrganisationKind.DISTRICT, nces_leaid__isnull=False).values_list("nces_leaid", "pk")
        if leaid
    }
    parsed: ParsedFile = parse_schools(data, known_leaids=set(districts), progress=progress)
    if not parsed.errors and not parsed.rows:
        parsed.errors.append(RowProblem(2, _("the file has no data rows")))
    if parsed.errors:
        raise DistrictImportError(parsed.errors)
    touched = {districts[r["leaid"]] for r in parsed.rows}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=touched).select_related("jurisdiction")}
    states = {o.jurisdiction.usps for o in orgs.values() if o.jurisdiction}
    if not all(organisation_policy.can_create(actor, state=usps) for usps in states):
        raise PermissionDenied
    report = DistrictImportReport(warnings=parsed.warnings)
    with transaction.atomic():
        existing = {s.nces_id: s for s in School.objects.filter(district_id__in=touched)}
        to_create, to_update = [], []
        for row in parsed.rows:
            values = {k: row[k] for k in SCHOOL_FIELDS}
            school = existing.get(row["nces_id"])
            district_id = districts[row["leaid"]]
            if school is None:
                to_create.append(School(nces_id=row["nces_id"], district_id=district_id, **values))
            elif any(getattr(school, k) != v for k, v in values.items()) or school.district_id != district_id:
                for k, v in values.items():
                    setattr(school, k, v)
                school.district_id = district_id
                to_update.append(school)
            else:
                report.unchanged += 1
        School.objects.bulk_create(to_create, batch_size=1000)
        School.objects.bulk_update(to_update, [*SCHOOL_FIELDS, "district"], batch_size=1000)
        report.created, report.updated = len(to_create), len(to_update)
        _derive_district_locales(orgs)
        audit_record(
            actor=actor,
            action="schools.import",
            object_type="places.ccd_file",
            object_id=source_name[:80] or "upload",
            object_repr=_("CCD school directory %s") % (source_name or _("upload")),
            after={"created": report.created, "updated": report.updated, "unchanged": report.unchanged, "states": sorted(states)},
            scope_state=next(iter(states)) if len(states) == 1 else "",
        )
    return report


def _derive_district_locales(orgs: dict[int, Organisation]) -> None:
    """Set each district's open-school count and, unless reported by the district file, its derived locale."""
    locales: dict[int, list[str]] = {pk: [] for pk in orgs}
    rows = School.objects.filter(district_id__in=orgs, status__in=OPEN_SCHOOL_STATUSES).values_list("district_id", "locale_code")
    for district_id, code in rows:
        locales[district_id].append(code)
    changed = []
    for pk, org in orgs.items():
        count = len(locales[pk])
        code = org.locale_code
        source = org.locale_source
        if org.locale_source != LocaleSource.REPORTED:
            code = derived_locale(locales[pk])
            source = LocaleSource.DERIVED if code else ""
        if (code, source, count) != (org.locale_code, org.locale_source, org.school_count):
            org.locale_code, org.locale_source, org.school_count = code, source, count
            changed.append(org)
    Organisation.objects.bulk_update(changed, ["locale_code", "locale_source", "school_count"], batch_size=1000)


@dataclass
class EnrollmentImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    years: list[str] = field(default_factory=list)


ENROLLMENT_FIELDS = (*COUNT_FIELDS, *SEX_GROUPS)


def enrollment_import(
    *, actor: Actor, data: str, source: str, kind: str = "csv", lea_directory: str = "", school_year: str = "", progress: Progress | None = None
) -> EnrollmentImportReport:
    """Import district enrollment by student group: our CSV (`kind="csv"`) or a TEA TAPR district file
    (`kind="tea"`, with the CCD LEA directory and the school year). All rows or none; importing again
    updates each district's year, never duplicates. Every district must be imported already."""
    if kind == "tea":
        rows, problems = read_tea_tapr(data, stid_to_leaid(lea_directory), school_year)
    else:
        rows, problems = read_enrollment_csv(data)
    if progress:
        progress(len(rows), 2 * max(len(rows), 1), stage=CHECKING)
    districts = dict(Organisation.objects.filter(kind=OrganisationKind.DISTRICT, nces_leaid__in={r.leaid for r in rows}).values_list("nces_leaid", "pk"))
    for r in rows:
        if r.leaid not in districts:
            problems.setdefault(f"line {r.line}", []).append(_("District %s is not imported yet.") % r.leaid)
    if problems:
        raise ApplicationError(_("The file was not imported."), fields=dict(sorted(problems.items(), key=lambda kv: _line_order(kv[0]))))
    states = set(Organisation.objects.filter(pk__in=districts.values()).values_list("jurisdiction__usps", flat=True))
    if not all(organisation_policy.can_create(actor, state=usps) for usps in states):
        raise PermissionDenied
    report = EnrollmentImportReport(years=sorted({r.school_year for r in rows}))
    with transaction.atomic():
        existing = {
            (e.district_id, e.school_year): e for e in DistrictEnrollment.objects.filter(district_id__in=districts.values(), school_year__in=report.years)
        }
        to_create, to_update = [], []
        for r in rows:
            values = {**r.counts, "source": source}
            old = existing.get((districts[r.leaid], r.school_year))
            if old is None:
                to_create.append(DistrictEnrollment(district_id=districts[r.leaid], school_year=r.school_year, **values))
            elif any(getattr(old, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(old, k, v)
                to_update.append(old)
            else:
                report.unchanged += 1
        DistrictEnrollment.objects.bulk_create(to_create, batch_size=WRITE_BATCH)
        DistrictEnrollment.objects.bulk_update(to_update, [*ENROLLMENT_FIELDS, "source"], batch_size=WRITE_BATCH)
        report.created, report.updated = len(to_create), len(to_update)
        if progress:
            progress(2 * len(rows), 2 * len(rows), stage=WRITING)
        audit_record(
            actor=actor, action="enrollment.import", object_type="places.districtenrollment", object_id=source[:80],
            object_repr=_("District enrollment (%s)") % ", ".join(report.years),
            after={"created": report.created, "updated": report.updated, "unchanged": report.unchanged, "years": report.years, "source": source},
            scope_state=next(iter(states)) if len(states) == 1 else "",
        )  # fmt: skip
    return report


def _line_order(key: str) -> tuple[int, str]:
    number = key.removeprefix("line ")
    return (int(number), key) if number.isdigit() else (0, key)


MINIMUM_N_RANGE = (5, 100)


def disclosure_minimum_set(*, actor: Actor, jurisdiction: Jurisdiction, minimum_n: int) -> StateDisclosure:
    """Set a state's minimum number of students for a count to be shown; every output follows at once."""
    low, high = MINIMUM_N_RANGE
    if not isinstance(minimum_n, int) or not low <= minimum_n <= high:
        raise ApplicationError(
            _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
            fields={"minimum_n": [_("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}]},
        )
    with transaction.atomic():
        setting = StateDisclosure.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
        before = {"minimum_n": setting.minimum_n if setting else DEFAULT_MINIMUM_N}
        if setting is None:
            disclosure_policy.require_create(actor, state=jurisdiction.usps)
            setting = StateDisclosure.objects.create(jurisdiction=jurisdiction, minimum_n=minimum_n)
        else:
            disclosure_policy.require(actor, "change", setting)
            setting.minimum_n = minimum_n
            setting.save(update_fields=["minimum_n"])
        audit_record(actor=actor, action="disclosure.set", obj=setting, before=before, after={"minimum_n": minimum_n}, scope_state=jurisdiction.usps)
    return setting
