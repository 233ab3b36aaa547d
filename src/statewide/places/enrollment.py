"""Reading district enrollment by student group: our own CSV schema, and an adapter for the Texas
Education Agency's TAPR district student file. Pure functions: every bad row is reported with its
line number; the service (`places.services.enrollment_import`) writes all rows or none.

Our schema (docs/insights.md): one row per district and school year, header

    leaid,school_year,all_students,hispanic,american_indian,asian,black,pacific_islander,white,
    two_or_more,economically_disadvantaged,english_learners,students_with_disabilities,female,male

`female` and `male` may be left empty (or the columns left out): "not reported", never zero.

The TEA adapter maps TAPR's columns (`DPETALLC` all students, `DPETHISC`, `DPETINDC`, `DPETASIC`,
`DPETBLAC`, `DPETPCIC`, `DPETWHIC`, `DPETTWOC`, `DPETECOC`, `DPETLEPC`, `DPETSPEC`) to ours; its
`DISTRICT` is the CCD `STID`, so the CCD LEA directory of the same year maps it to the LEAID. TAPR
has no counts by sex.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from statewide.places.models import PROGRAM_GROUPS, RACE_GROUPS, SEX_GROUPS

COUNT_FIELDS = ("all_students", *RACE_GROUPS, *PROGRAM_GROUPS)
OUR_COLUMNS = ("leaid", "school_year", *COUNT_FIELDS)
TEA_COLUMNS = {
    "all_students": "DPETALLC",
    "hispanic": "DPETHISC",
    "american_indian": "DPETINDC",
    "asian": "DPETASIC",
    "black": "DPETBLAC",
    "pacific_islander": "DPETPCIC",
    "white": "DPETWHIC",
    "two_or_more": "DPETTWOC",
    "economically_disadvantaged": "DPETECOC",
    "english_learners": "DPETLEPC",
    "students_with_disabilities": "DPETSPEC",
}


@dataclass(frozen=True)
class EnrollmentRow:
    line: int
    leaid: str
    school_year: str
    counts: dict[str, int | None]  # every COUNT_FIELDS key, plus female/male (None: not reported)


Problems = dict[str, list[str]]


def _reader(text: str) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(text.lstrip("\ufeff")))


def stid_to_leaid(lea_directory: str) -> dict[str, str]:
    """The CCD LEA directory's state district id (`STID`) -> NCES `LEAID`."""
    return {row["STID"].strip(): row["LEAID"].strip() for row in _reader(lea_directory) if row.get("STID") and row.get("LEAID")}


def _count(value: str | None) -> int | None:
    text = (value or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


def _school_year(text: str) -> bool:
    """ "2013-14": a four-digit year, a hyphen and the next year's last two digits."""
    return len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit() and (int(text[:4]) + 1) % 100 == int(text[5:])


def _check(counts: dict[str, int | None]) -> list[str]:
    found = []
    if any(counts[k] is None for k in COUNT_FIELDS):
        found.append(_("Student counts must be whole numbers."))
        return found
    total = counts["all_students"] or 0
    if sum(counts[k] or 0 for k in RACE_GROUPS) != total:
        found.append(_("The seven race and ethnicity groups must add up to all students."))
    for k in PROGRAM_GROUPS:
        if (counts[k] or 0) > total:
            found.append(_("%(group)s cannot be more than all students.") % {"group": PROGRAM_GROUPS[k]})
    female, male = counts.get("female"), counts.get("male")
    if female is not None and male is not None and female + male != total:
        found.append(_("Female and male students must add up to all students."))
    elif (female is None) != (male is None):
        found.append(_("Give both female and male counts, or neither."))
    return found


def _finish(rows: list[EnrollmentRow], problems: Problems) -> tuple[list[EnrollmentRow], Problems]:
    seen: dict[tuple[str, str], int] = {}
    for r in rows:
        first = seen.setdefault((r.leaid, r.school_year), r.line)
        if first != r.line:
            problems.setdefault(f"line {r.line}", []).append(_("The same district and year as line %(n)d.") % {"n": first})
    if not rows and not problems:
        problems["line 2"] = [_("The file has no data rows.")]
    return rows, problems


def read_enrollment_csv(text: str) -> tuple[list[EnrollmentRow], Problems]:
    """Rows of our own schema, and the problems by line ("line N")."""
    reader = _reader(text)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in OUR_COLUMNS if c not in header]
    if missing:
        return [], {"line 1": [_("Missing columns: %s.") % ", ".join(missing)]}
    rows: list[EnrollmentRow] = []
    problems: Problems = {}
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        counts: dict[str, int | None] = {k: _count(row.get(k)) for k in COUNT_FIELDS}
        found = []
        for k in SEX_GROUPS:
            counts[k] = _count(row.get(k))
            if row.get(k) and counts[k] is None:
                found.append(_("%(column)s must be a whole number or empty (not reported).") % {"column": k})
        leaid, year = row.get("leaid", ""), row.get("school_year", "")
        if not (len(leaid) == 7 and leaid.isdigit()):
            found.append(_("leaid must be the 7-digit NCES district id."))
        if not _school_year(year):
            found.append(_("school_year must look like 2013-14."))
        found += _check(counts)
        if found:
            problems[f"line {line}"] = found
        else:
            rows.append(EnrollmentRow(line, leaid, year, counts))
    return _finish(rows, problems)


def read_tea_tapr(text: str, leaids: dict[str, str], school_year: str) -> tuple[list[EnrollmentRow], Problems]:
    """Rows of a TEA TAPR district student file mapped to our schema (sex not reported). A district
    missing from the directory is a problem: the file must match the directory."""
    reader = _reader(text)
    missing = [c for c in ("DISTRICT", *TEA_COLUMNS.values()) if c not in (reader.fieldnames or [])]
    if missing:
        return [], {"line 1": [_("Missing columns: %s.") % ", ".join(missing)]}
    if not _school_year(school_year):
        return [], {"school_year": [_("The school year must look like 2013-14.")]}
    rows: list[EnrollmentRow] = []
    problems: Problems = {}
    for line, raw in enumerate(reader, start=2):
        stid = (raw.get("DISTRICT") or "").strip()
        counts: dict[str, int | None] = {ours: _count(raw.get(theirs)) for ours, theirs in TEA_COLUMNS.items()}
        counts |= dict.fromkeys(SEX_GROUPS)
        found = [] if stid in leaids else [_("District %s is not in the district directory.") % stid]
        found += _check(counts)
        if found:
            problems[f"line {line}"] = found
        else:
            rows.append(EnrollmentRow(line, leaids[stid], school_year, counts))
    return _finish(rows, problems)
