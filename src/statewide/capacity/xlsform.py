"""The readiness instrument as an XLSForm (for ODK Collect / KoboToolbox offline collection) and the
reading of the submissions those tools export (CSV), back into answers.

The form: a `district_leaid` (7 digits) and a `round_title`, then one group per domain with, per item,
a `select_one` of the levels (each choice labeled with its descriptor) plus "not sure", and an optional
note. Names use underscores (`vision_and_leadership`, `performance_tasks`) because ODK Central joins
group and field names with "-" and KoboToolbox with "/"; the reader takes the last segment of either.
The sheet is written by `core.tabular.xlsx_bytes`; `xlsform_validate` runs pyxform's converter on it.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from statewide.core.tabular import unneutralise, xlsx_bytes
from statewide.core.text import text_problem

NOT_SURE = "not_sure"


def _name(code: str) -> str:
    return code.replace("-", "_")


def xlsform_sheets(definition: dict[str, Any]) -> list[tuple[str, list[list[Any]]]]:
    survey: list[list[Any]] = [["type", "name", "label", "hint", "required", "constraint", "constraint_message"]]
    choices: list[list[Any]] = [["list_name", "name", "label"]]
    survey.append(["text", "district_leaid", "District NCES LEAID (7 digits)", "", "yes", "regex(., '^[0-9]{7}$')", "Seven digits"])
    survey.append(["text", "round_title", "Round title", "For example: Fall 2026", "yes", "", ""])
    labels = {lv["value"]: lv["label"] for lv in definition["levels"]}
    for domain in definition["domains"]:
        survey.append(["begin_group", f"d_{_name(domain['code'])}", domain["title"], "", "", "", ""])
        for item in domain["items"]:
            name = _name(item["code"])
            survey.append([f"select_one levels_{name}", name, item["prompt"], "", "", "", ""])
            survey.append(["text", f"note_{name}", "Evidence or note (optional)", "", "", "", ""])
            choices.extend([f"levels_{name}", str(v), f"{labels[v]}: {item['descriptors'][str(v)]}"] for v in sorted(labels))
            choices.append([f"levels_{name}", NOT_SURE, "Not sure"])
        survey.append(["end_group", "", "", "", "", "", ""])
    settings = [
        ["form_title", "form_id", "version"],
        [definition["title"], f"statewide_{_name(definition['slug'])}_v{definition['version']}", str(definition["version"])],
    ]
    return [("survey", survey), ("choices", choices), ("settings", settings)]


def xlsform_bytes(definition: dict[str, Any]) -> bytes:
    return xlsx_bytes(xlsform_sheets(definition))


def xlsform_validate(data: bytes) -> str:
    """Convert the XLSForm with pyxform (raises pyxform's error if the form is invalid); returns the XForm XML."""
    from pyxform.xls2xform import convert  # noqa: PLC0415 - only needed here

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "readiness.xlsx"
        path.write_bytes(data)
        return str(convert(xlsform=str(path), validate=False).xform)


@dataclass
class Submission:
    line: int
    leaid: str
    title: str
    answers: dict[str, tuple[int | None, str]] = field(default_factory=dict)


@dataclass
class ParsedSubmissions:
    rows: list[Submission] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def parse_submissions(data: str, definition: dict[str, Any]) -> ParsedSubmissions:
    """Read an ODK Central / KoboToolbox CSV export of the form. Errors name the line (the header is line 1)."""
    parsed = ParsedSubmissions()
    first = data.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error as exc:
        parsed.errors.append((max(reader.line_num, 1), _("not readable as CSV (%s)") % exc))
        return parsed
    if not table:
        parsed.errors.append((1, _("the file is empty")))
        return parsed
    header = [h.strip().split("/")[-1].split("-")[-1] for h in table[0]]
    items = {_name(item["code"]): item["code"] for domain in definition["domains"] for item in domain["items"]}
    values = {str(lv["value"]) for lv in definition["levels"]}
    missing = [c for c in ("district_leaid", "round_title") if c not in header]
    if missing or not set(items) & set(header):
        parsed.errors.append((1, _("missing columns: %s (is this an export of the Statewide readiness form?)") % ", ".join(missing or [_("the items")])))
        return parsed
    for index, row in enumerate(table[1:]):
        line = index + 2
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            parsed.errors.append((line, _("expected %(want)d fields, found %(got)d") % {"want": len(header), "got": len(row)}))
            continue
        cells = {h: unneutralise(v.strip()) for h, v in zip(header, row, strict=True)}
        problems = [f"{h}: {p}" for h, v in cells.items() if (p := text_problem(v))]
        leaid, title = cells["district_leaid"], cells["round_title"]
        if not (len(leaid) == 7 and leaid.isdigit()):
            problems.append(_("district_leaid %r is not 7 digits") % leaid)
        if not title:
            problems.append(_("round_title is empty"))
        submission = Submission(line, leaid, title[:120])
        for name, code in items.items():
            raw, note = cells.get(name, ""), cells.get(f"note_{name}", "")
            if raw in ("", NOT_SURE):
                if raw or note:
                    submission.answers[code] = (None, note)
            elif raw in values:
                submission.answers[code] = (int(raw), note)
            else:
                problems.append(_("%(item)s value %(value)r is not a level") % {"item": name, "value": raw})
        if problems:
            parsed.errors.extend((line, p) for p in problems)
        else:
            parsed.rows.append(submission)
    return parsed
