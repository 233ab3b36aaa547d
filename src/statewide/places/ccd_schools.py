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

from statewide.places.ccd import ParsedFile, ProgressCallback, RowProblem, Typed, _code, iter_rows, parse_common
from statewide.places.models import CCD_SCHOOL_TYPES, School

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
    typed: Typed = (
        ("school_type", "TYPE", lambda v: _code(v, CCD_SCHOOL_TYPES)),
        ("status", "STATUS", lambda v: _code(v, range(1, 9))),
    )
    parse_common(row, out, problems, warnings, line, typed=typed, text_columns=TEXT_COLUMNS, model=School)
    out["is_charter"] = row.get("CHARTR", "").strip() == "1"
    return out
