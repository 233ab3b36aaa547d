"""What the national map and its table show: one category per jurisdiction for the chosen measure.

Measures: ``level`` (the maturity level), ``type:<code>`` (has a policy of that type in force),
``condition:<code>`` (has a policy in force serving that framework condition). A jurisdiction with no
tracked records is always "not tracked yet", whatever the measure: never "no".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.policies.maturity import NOT_TRACKED
from statewide.policies.selectors import StateSummary

FIRST_YEAR = 2000
LEVEL_ORDER = ["advanced", "developing", "emerging", "not-yet", NOT_TRACKED]
# USWDS palette (system colour tokens). Light-to-dark ramp for levels; "no" is a solid gray;
# "not tracked yet" is a white fill with gray diagonal hatching (drawn as an SVG pattern).
FILLS = {
    "advanced": "#162e51",  # blue-80v
    "developing": "#2378c3",  # blue-50v
    "emerging": "#97d4ea",  # cyan-20
    "not-yet": "#a9aeb1",  # gray-cool-30
    "yes": "#162e51",
    "no": "#a9aeb1",
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


def categories(measure: str, level_names: dict[str, str]) -> list[Category]:
    not_tracked = Category(NOT_TRACKED, _("Not tracked yet"), FILLS[NOT_TRACKED], 9)
    if measure == "level":
        cats = [Category(code, level_names.get(code, code), FILLS[code], i) for i, code in enumerate(LEVEL_ORDER[:-1])]
        return [*cats, not_tracked]
    if measure.startswith("type:"):
        return [Category("yes", _("Has a policy of this type"), FILLS["yes"], 0), Category("no", _("No such policy tracked"), FILLS["no"], 1), not_tracked]
    return [
        Category("yes", _("Has a policy serving this condition"), FILLS["yes"], 0),
        Category("no", _("No such policy tracked"), FILLS["no"], 1),
        not_tracked,
    ]


def category_of(summary: StateSummary, measure: str) -> str:
    if not summary.tracked:
        return NOT_TRACKED
    if measure == "level":
        return summary.level
    kind, _sep, code = measure.partition(":")
    found = code in (summary.types if kind == "type" else summary.conditions)
    return "yes" if found else "no"


@dataclass
class Row:
    summary: StateSummary
    category: Category
    url: str


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
        "categories": [{"code": c.code, "label": c.label, "fill": c.fill, "hatched": c.hatched} for c in cats],
        "states": [
            {
                "usps": r.summary.usps,
                "fips": r.summary.fips,
                "name": r.summary.name,
                "category": r.category.code,
                "label": r.category.label,
                "records": r.summary.records_in_force,
                "url": r.url,
            }
            for r in rows
        ],
    }
