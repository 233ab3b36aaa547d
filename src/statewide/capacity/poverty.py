"""Reading the Texas Education Agency's TAPR district student file for the poverty measure of mentor matching.

The measure is the share of a district's students the state counts as economically disadvantaged
(`DPETECOC` over `DPETALLC`). TAPR keys districts by their 6-digit state id (`DISTRICT`), which is
the CCD `STID`; the CCD LEA directory of the same year maps it to the NCES LEAID. Reading is pure:
every bad row is reported with its line number, and the service writes all rows or none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

TAPR_COLUMNS = ("DISTRICT", "DPETALLC", "DPETECOC")


@dataclass(frozen=True)
class PovertyRow:
    line: int
    leaid: str
    students: int
    disadvantaged: int


def _reader(text: str) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(text.lstrip("\ufeff")))


def stid_to_leaid(lea_directory: str) -> dict[str, str]:
    """The CCD LEA directory's state district id (`STID`) -> NCES `LEAID`."""
    return {row["STID"].strip(): row["LEAID"].strip() for row in _reader(lea_directory) if row.get("STID") and row.get("LEAID")}


def _count(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() else None


def read_tapr(text: str, leaids: dict[str, str]) -> tuple[list[PovertyRow], dict[str, list[str]]]:
    """Rows with a known district, and the problems by line ("line N"). A TAPR district missing from the
    directory (charters opened later, for example) is a problem too: the file must match the directory."""
    reader = _reader(text)
    missing = [c for c in TAPR_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], {"line 1": [_("Missing columns: %s.") % ", ".join(missing)]}
    rows: list[PovertyRow] = []
    problems: dict[str, list[str]] = {}
    for line, row in enumerate(reader, start=2):
        stid, students, poor = (row["DISTRICT"] or "").strip(), _count(row["DPETALLC"]), _count(row["DPETECOC"])
        found = []
        if stid not in leaids:
            found.append(_("District %s is not in the district directory.") % stid)
        if students is None or poor is None:
            found.append(_("Student counts must be whole numbers."))
        elif poor > students:
            found.append(_("More economically disadvantaged students than students."))
        if found:
            problems[f"line {line}"] = found
        elif students:  # a district with no students has no share to compare
            rows.append(PovertyRow(line, leaids[stid], students, poor or 0))
    if not rows and not problems:
        problems["line 2"] = [_("The file has no data rows.")]
    return rows, problems
