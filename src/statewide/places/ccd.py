"""Reading the NCES Common Core of Data (CCD) local education agency directory.

Layout: the CCD LEA directory file (one row per agency, CSV or tab-separated, header row with
the CCD variable names: SURVYEAR, LEAID, FIPST, STID, NAME, …). Only parsing and validation live
here; writing is `places.services.districts_import`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.text import text_problem
from statewide.places.models import CCD_AGENCY_TYPES, NCES_LOCALES, Organisation

REQUIRED_COLUMNS = ("SURVYEAR", "LEAID", "FIPST", "STID", "NAME", "TYPE")
OPTIONAL_COLUMNS = ("PHONE", "LSTREE", "LCITY", "LZIP", "CONUM", "CONAME", "ULOCAL", "LATCOD", "LONCOD", "BOUND", "GSLO", "GSHI")
TEXT_COLUMNS = {
    "name": "NAME",
    "state_agency_id": "STID",
    "phone": "PHONE",
    "street": "LSTREE",
    "city": "LCITY",
    "zip_code": "LZIP",
    "county_fips": "CONUM",
    "county_name": "CONAME",
}
GRADES = {"PK", "KG", "UG", *(f"{n:02d}" for n in range(1, 13))}
MISSING = {"", "M", "N", "-1", "-2", "-9"}

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


def _text(value: str) -> str:
    value = value.strip()
    return "" if value in MISSING else value


def _number(value: str, low: float, high: float) -> Decimal | None:
    value = value.strip()
    if value in MISSING or value in {"0", "0.0"}:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None
    if not (low <= number <= high):
        raise ValueError(value)
    return number.quantize(Decimal("0.000001"))


def _code(value: str, allowed: Iterable[int]) -> int | None:
    value = value.strip()
    if value in MISSING:
        return None
    if not value.isdigit() or int(value) not in set(allowed):
        raise ValueError(value)
    return int(value)


class CcdReadError(ValueError):
    def __init__(self, problem: RowProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _read_table(data: str) -> tuple[list[str], list[list[str]]]:
    first_line = data.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(data), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        raise CcdReadError(RowProblem(max(reader.line_num, 1), _("not readable as CSV (%(error)s)") % {"error": exc})) from exc
    if not table:
        return [], []
    return [h.strip().upper() for h in table[0]], table[1:]


def iter_rows(data: str, parsed: ParsedFile, required: tuple[str, ...], progress: ProgressCallback | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each well-formed row of a CCD file; file-level and malformed-row problems go to
    `parsed.errors` (with the line; the header is line 1). Shared by the district and school readers."""
    try:
        header, body = _read_table(data.lstrip("\ufeff"))
    except CcdReadError as exc:
        parsed.errors.append(exc.problem)
        return
    missing = [c for c in required if c not in header]
    if missing:
        parsed.errors.append(RowProblem(1, _("missing required columns: %s") % ", ".join(missing)))
        return
    total = len(body)
    for index, values in enumerate(body):
        line = index + 2
        if progress and (index % 500 == 0 or index == total - 1):
            progress(index + 1, total)
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            parsed.errors.append(
                RowProblem(line, _("expected %(want)s fields, found %(got)s (truncated or malformed row)") % {"want": len(header), "got": len(values)})
            )
            continue
        row = dict(zip(header, values, strict=True))
        problems = [f"{column}: {p}" for column, value in row.items() if (p := text_problem(value.strip()))]
        if problems:
            parsed.errors.extend(RowProblem(line, p) for p in problems)
            continue
        yield line, row


def parse_ccd(data: str, *, known_fips: set[str], progress: ProgressCallback | None = None) -> ParsedFile:
    """Validate every row. Errors name the line (the header is line 1) and the reason."""
    parsed = ParsedFile()
    seen: dict[str, int] = {}
    for line, row in iter_rows(data, parsed, REQUIRED_COLUMNS, progress):
        problems: list[str] = []
        result = _parse_row(row, known_fips, problems, parsed.warnings, line)
        if result and result["nces_leaid"] in seen:
            problems.append(_("LEAID %(id)s also appears on line %(other)s") % {"id": result["nces_leaid"], "other": seen[result["nces_leaid"]]})
        if problems:
            parsed.errors.extend(RowProblem(line, p) for p in problems)
        elif result:
            seen[result["nces_leaid"]] = line
            parsed.rows.append(result)
    return parsed


def _parse_row(row: dict[str, str], known_fips: set[str], problems: list[str], warnings: list[RowProblem], line: int) -> dict[str, Any] | None:
    leaid, fips, name = row["LEAID"].strip(), row["FIPST"].strip().zfill(2), row["NAME"].strip()
    if not (len(leaid) == 7 and leaid.isdigit()):
        problems.append(_("LEAID %r is not 7 digits") % leaid)
    elif leaid[:2] != fips:
        problems.append(_("LEAID %(id)s does not start with the state code %(fips)s") % {"id": leaid, "fips": fips})
    if fips not in known_fips:
        problems.append(_("FIPST %r is not a known state or territory code") % fips)
    if not name:
        problems.append(_("NAME is empty"))
    out: dict[str, Any] = {"nces_leaid": leaid, "fips": fips, "name": name}
    typed: Typed = (
        ("agency_type", "TYPE", lambda v: _code(v, CCD_AGENCY_TYPES)),
        ("boundary_status", "BOUND", lambda v: _code(v, range(1, 9))),
    )
    parse_common(row, out, problems, warnings, line, typed=typed, text_columns=TEXT_COLUMNS, model=Organisation)
    return out


Typed = tuple[tuple[str, str, Callable[[str], Any]], ...]


def parse_common(
    row: dict[str, str],
    out: dict[str, Any],
    problems: list[str],
    warnings: list[RowProblem],
    line: int,
    *,
    typed: Typed,
    text_columns: dict[str, str],
    model: type[Any],
) -> None:
    """The columns the district and school files share: coded values, coordinates, year, locale, grades, text."""
    for key, column, parse in (
        *typed,
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
    for key, column in (("grade_low", "GSLO"), ("grade_high", "GSHI")):
        grade = _text(row.get(column, ""))
        if grade and grade not in GRADES:
            problems.append(_("%(column)s value %(value)r is not a grade") % {"column": column, "value": grade})
        out[key] = grade
    for key, column in text_columns.items():
        out[key] = _text(row.get(column, "")) if key != "name" else out["name"]
        limit = getattr(model._meta.get_field(key), "max_length", None)
        if limit and len(out[key]) > limit:
            problems.append(
                ngettext("%(column)s is longer than %(n)d character", "%(column)s is longer than %(n)d characters", limit) % {"column": column, "n": limit}
            )
