"""What the national map and its table show: one category per jurisdiction for the chosen measure.

Measures: ``level`` (the maturity level), ``type:<code>`` (has a policy of that type in force),
``condition:<code>`` (has a policy in force serving that framework condition). A jurisdiction with no
tracked records is always "not tracked yet", whatever the measure: never "no". A jurisdiction whose
answer depends on a record of unknown start date, before a source first shows it in force, is
"unknown": never "not yet" or "no" (docs/policies.md, "Unknown before first seen in force").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.policies.maturity import NOT_TRACKED, UNKNOWN
from statewide.policies.selectors import StateSummary

FIRST_YEAR = 2000
LEVEL_ORDER = ["advanced", "developing", "emerging", "not-yet", UNKNOWN, NOT_TRACKED]
# USWDS palette (system colour tokens). Light-to-dark ramp for levels; "no" is a solid gray;
# "not tracked yet" is a white fill with gray diagonal hatching, "unknown" a white fill with gray dots
# (both drawn as SVG patterns, defined in templates/policies/_patterns.html).
FILLS = {
    "advanced": "#162e51",  # blue-80v
    "developing": "#2378c3",  # blue-50v
    "emerging": "#97d4ea",  # cyan-20
    "not-yet": "#a9aeb1",  # gray-cool-30
    "yes": "#162e51",
    "no": "#a9aeb1",
    UNKNOWN: "url(#policies-dots)",
    NOT_TRACKED: "url(#policies-hatch)",
}
SORTS = {"name", "usps", "value", "records"}


def last_year() -> int:
    return timezone.localdate().year


def as_of_for_year(year: int | None) -> dt.date | None:
    """The map "as of" a year shows 31 December of that year (today for the current year)."""
    if year is None or year >= last_year():
        return None
    return dt.date(year, 12, 31)


@dataclass
class Category:
    code: str
    label: str
    fill: str
    rank: int

    @property
    def hatched(self) -> bool:
        return self.code == NOT_TRACKED

    @property
    def dotted(self) -> bool:
        return self.code == UNKNOWN


def categories(measure: str, level_names: dict[str, str]) -> list[Category]:
    unknown = Category(UNKNOWN, _("Unknown"), FILLS[UNKNOWN], 8)
    not_tracked = Category(NOT_TRACKED, _("Not tracked yet"), FILLS[NOT_TRACKED], 9)
    if measure == "level":
        cats = [Category(code, level_names.get(code, code), FILLS[code], i) for i, code in enumerate(LEVEL_ORDER[:-2])]
        return [*cats, unknown, not_tracked]
    if measure.startswith("type:"):
        return [
            Category("yes", _("Has a policy of this type"), FILLS["yes"], 0),
            Category("no", _("No such policy tracked"), FILLS["no"], 1),
            unknown,
            not_tracked,
        ]
    return [
        Category("yes", _("Has a policy serving this condition"), FILLS["yes"], 0),
        Category("no", _("No such policy tracked"), FILLS["no"], 1),
        unknown,
        not_tracked,
    ]


def category_of(summary: StateSummary, measure: str) -> str:
    if not summary.tracked:
        return NOT_TRACKED
    if measure == "level":
        return summary.level
    kind, _sep, code = measure.partition(":")
    known, maybe = (summary.types, summary.maybe_types) if kind == "type" else (summary.conditions, summary.maybe_conditions)
    if code in known:
        return "yes"
    return UNKNOWN if code in maybe else "no"


def row_note(summary: StateSummary) -> str:
    """What the map tooltip and the table add to a state's value: its unconfirmed records in force."""
    n = summary.unconfirmed_in_force
    if not n:
        return ""
    return ngettext("includes %(n)d unconfirmed record", "includes %(n)d unconfirmed records", n) % {"n": n}


@dataclass
class Row:
    summary: StateSummary
    category: Category
    url: str

    @property
    def note(self) -> str:
        return row_note(self.summary)


def rows_for(summaries: list[StateSummary], measure: str, cats: list[Category], sort: str, as_of: dt.date | None = None) -> list[Row]:
    by_code = {c.code: c for c in cats}
    fallback = cats[-1]
    suffix = f"?year={as_of.year}" if as_of else ""
    rows = [Row(s, by_code.get(category_of(s, measure), fallback), reverse("policies:state", args=[s.usps]) + suffix) for s in summaries]
    key = sort.lstrip("-")
    if key not in SORTS:
        key = "name"
    keys: dict[str, Any] = {
        "name": lambda r: r.summary.name,
        "usps": lambda r: r.summary.usps,
        "value": lambda r: (r.category.rank, r.summary.name),
        "records": lambda r: (r.summary.records_in_force, r.summary.name),
    }
    rows.sort(key=keys[key], reverse=sort.startswith("-"))
    return rows


def map_payload(rows: list[Row], cats: list[Category], measure_label: str, as_of_label: str) -> dict[str, Any]:
    """The JSON embedded in the page (``json_script``) that the map script draws."""
    return {
        "measure": measure_label,
        "asOf": as_of_label,
        "categories": [{"code": c.code, "label": c.label, "fill": c.fill, "hatched": c.hatched, "dotted": c.dotted} for c in cats],
        "states": [
            {
                "usps": r.summary.usps,
                "fips": r.summary.fips,
                "name": r.summary.name,
                "category": r.category.code,
                "label": r.category.label,
                "records": r.summary.records_in_force,
                "note": r.note,
                "url": r.url,
            }
            for r in rows
        ],
    }
