"""Reading the NCES Common Core of Data (CCD) public school directory.

Layout: one row per school (CSV or tab-separated, header row with the CCD variable names:
SURVYEAR, NCESSCH, FIPST, LEAID, SCHNAM, TYPE, STATUS, ULOCAL, …; see
`data/demo/tx/ccd-school-directory-2013-14-layout.txt`). Only parsing and validation live here;
writing is `places.services.schools_import`. Shares the district reader's table reading, value
rules and line-numbered problems (`places.ccd`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from statewide.places.ccd import GRADES, ParsedFile, ProgressCallback, RowProblem, _code, _number, _text, iter_rows
from statewide.places.models import CCD_SCHOOL_TYPES, NCES_LOCALES, School

REQUIRED_COLUMNS = ("NCESSCH", "LEAID", "FIPST", "SCHNAM", "STATUS")
TEXT_COLUMNS = {"name": "SCHNAM", "state_school_id": "SEASCH", "city": "LCITY", "zip_code": "LZIP", "county_name": "CONAME"}


def parse_schools(data: str, *, known_leaids: set[str], progress: ProgressCallback | None = None) -> ParsedFile:
    """Validate every row; errors name the line (the header is line 1). Each school's district must be known."""
    parsed = ParsedFile()
    seen: dict[str, int] = {}
    for line, row in iter_rows(data, parsed, REQUIRED_COLUMNS, progress):
        problems: list[str] = []
        result = _parse_row(row, known_leaids, problems, parsed.warnings, line)
        if result["nces_id"] in seen:
            problems.append(_("NCESSCH %(id)s also appears on line %(other)s") % {"id": result["nces_id"], "other": seen[result["nces_id"]]})
        if problems:
            parsed.errors.extend(RowProblem(line, p) for p in problems)
        else:
            seen[result["nces_id"]] = line
            parsed.rows.append(result)
    return parsed


def _parse_row(row: dict[str, str], known_leaids: set[str], problems: list[str], warnings: list[RowProblem], line: int) -> dict[str, Any]:
    nces_id, leaid, name = row["NCESSCH"].strip(), row["LEAID"].strip(), row["SCHNAM"].strip()
    if not (len(nces_id) == 12 and nces_id.isdigit()):
        problems.append(_("NCESSCH %r is not 12 digits") % nces_id)
    elif nces_id[:7] != leaid:
        problems.append(_("NCESSCH %(id)s does not start with its LEAID %(leaid)s") % {"id": nces_id, "leaid": leaid})
    if leaid not in known_leaids:
        problems.append(_("LEAID %r is not a known district (import the district directory first)") % leaid)
    if not name:
        problems.append(_("SCHNAM is empty"))
    out: dict[str, Any] = {"nces_id": nces_id, "leaid": leaid, "name": name}
    for key, column, parse in (
        ("school_type", "TYPE", lambda v: _code(v, CCD_SCHOOL_TYPES)),
        ("status", "STATUS", lambda v: _code(v, range(1, 9))),
        ("latitude", "LATCOD", lambda v: _number(v, -90, 90)),
        ("longitude", "LONCOD", lambda v: _number(v, -180, 180)),
        ("ccd_survey_year", "SURVYEAR", lambda v: _code(v, range(1980, 2100))),
    ):
        try:
            out[key] = parse(row.get(column, ""))
        except ValueError:
            problems.append(_("%(column)s value %(value)r is not valid") % {"column": column, "value": row.get(column, "")})
    locale = _text(row.get("ULOCAL", ""))
    if locale and locale not in NCES_LOCALES:
        warnings.append(RowProblem(line, _("ULOCAL %r is not an NCES locale code; locale left blank") % locale))
        locale = ""
    out["locale_code"] = locale
    out["is_charter"] = row.get("CHARTR", "").strip() == "1"
    for key, column in (("grade_low", "GSLO"), ("grade_high", "GSHI")):
        grade = _text(row.get(column, ""))
        if grade and grade not in GRADES:
            problems.append(_("%(column)s value %(value)r is not a grade") % {"column": column, "value": grade})
        out[key] = grade
    for key, column in TEXT_COLUMNS.items():
        out[key] = _text(row.get(column, "")) if key != "name" else name
        limit = getattr(School._meta.get_field(key), "max_length", None)
        if limit and len(out[key]) > limit:
            problems.append(_("%(column)s is longer than %(n)d characters") % {"column": column, "n": limit})
    return out
