"""The attacker: take every output of the equity and enrollment figures (pages, CSV, XLSX, API, filter lists),
and try to work out hidden counts by subtraction along every published sum and by linear algebra. It must fail.
And changing the state's minimum n changes every output at once."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from typing import Any

import pytest
from openpyxl import load_workbook

from statewide.core.disclosure import determined
from statewide.core.permissions import SYSTEM
from statewide.core.tabular import unneutralise
from statewide.insights.exports import LOCALE_LABELS
from statewide.insights.figures import GROUP_LOCALES, SUBCODES, locale_group, locales, relations
from statewide.places.models import STUDENT_GROUPS, DistrictEnrollment
from statewide.places.services import disclosure_minimum_set

HIDDEN = "Hidden"
LABEL_TO_GROUP = {str(v): k for k, v in STUDENT_GROUPS.items()}
LABEL_TO_LOCALE = {str(v): k for k, v in LOCALE_LABELS.items()}


def true_values(year: str, participating: set[int]) -> dict[tuple[str, str, str], int]:
    """The counts, summed here independently of the product from the database rows."""
    out: dict[tuple[str, str, str], int] = defaultdict(int)
    for e in DistrictEnrollment.objects.filter(school_year=year).select_related("district"):
        code = e.district.locale_code if e.district.locale_code in SUBCODES else ""
        scope = "part" if e.district_id in participating else "rest"
        for g in STUDENT_GROUPS:
            v = getattr(e, g)
            if v is None:
                continue
            for s in (scope, "state"):
                for loc in ("all", locale_group(code), *([code] if code else [])):
                    out[(s, loc, g)] += v
    return out


class Seen:
    """What the attacker has read: key -> count, or HIDDEN; every output must agree with every other."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str, str], Any] = {}

    def add(self, key: tuple[str, str, str], value: Any, where: str) -> None:
        value = HIDDEN if value in (None, HIDDEN, "Not reported") else int(value)
        before = self.cells.setdefault(key, value)
        assert before == value, f"{key} is {before} in one output and {value} in {where}"


def _api_cell(cell: dict[str, Any]) -> Any:
    assert set(cell) >= {"count", "suppressed", "reason"}
    if cell["suppressed"]:
        assert cell["count"] is None and cell["reason"]
    return cell["count"]


def collect(client: Any, year: str) -> tuple[Seen, dict[str, list[str]]]:
    seen, filters = Seen(), {}
    body = client.get("/api/v1/insights/enrollment", {"state": "TX", "school_year": year}).json()
    for g in body["by_group"]:
        seen.add(("state", "all", g["group"]), _api_cell(g), "API enrollment by group")
    for loc in body["by_locale"]:
        for g, cell in loc["groups"].items():
            seen.add(("state", loc["locale"], g), _api_cell(cell), "API enrollment by locale")
    for locale in ("all", *GROUP_LOCALES):  # the API answers for every locale, listed or not
        body = client.get("/api/v1/insights/equity", {"state": "TX", "school_year": year, "locale": locale}).json()
        for r in body["groups"]:
            seen.add(("part", locale, r["group"]), _api_cell(r["participating"]), f"API equity {locale}")
            seen.add(("state", locale, r["group"]), _api_cell(r["state"]), f"API equity {locale}")
    html = client.get(f"/insights/TX/equity/?year={year}").content.decode()
    select = re.search(r'<select[^>]*name="locale".*?</select>', html, re.S)
    filters["locale"] = re.findall(r'<option value="([a-z]+)"', select.group(0)) if select else []
    for locale in ("all", *filters["locale"]):
        page = client.get(f"/insights/TX/equity/?year={year}&locale={'' if locale == 'all' else locale}").content.decode()
        for label, part, state in re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^ <]+) \([^)]*\)</td><td>([^ <]+) \(', page):
            group = LABEL_TO_GROUP[label.replace("&#x27;", "'")]
            seen.add(("part", locale, group), part.replace(",", ""), f"page {locale}")
            seen.add(("state", locale, group), state.replace(",", ""), f"page {locale}")
    text = client.get("/insights/TX/equity.csv").content.decode()
    for row in csv.DictReader(io.StringIO(text)):
        if row["School year"] == year:
            group = LABEL_TO_GROUP[unneutralise(row["Student group"])]
            seen.add(("part", "all", group), row["Participating districts: students"], "CSV")
            seen.add(("state", "all", group), row["Whole state: students"], "CSV")
    book = load_workbook(io.BytesIO(client.get(f"/insights/TX/equity.xlsx?year={year}").content))
    sheet = list(book["Enrollment"].iter_rows(values_only=True))
    for row in sheet[1:]:
        for label, value in zip(sheet[0][2:], row[2:], strict=True):
            seen.add(("state", LABEL_TO_LOCALE[row[1]], LABEL_TO_GROUP[label]), value, "XLSX")
    return seen, filters


def subtract(known: dict[Any, int], rels: list[Any]) -> dict[Any, int]:
    """Row, column and total differences, repeated until nothing new comes out."""
    known = dict(known)
    changed = True
    while changed:
        changed = False
        for r in rels:
            keys = (r.total, *r.parts)
            missing = [k for k in keys if k not in known]
            if len(missing) == 1:
                k = missing[0]
                known[k] = sum(known[p] for p in r.parts) if k == r.total else known[r.total] - sum(known[p] for p in r.parts if p != k)
                changed = True
    return known


def prune(unknown: set[Any], rels: list[Any]) -> tuple[list[Any], list[Any]]:
    """Drop sums that hold an unknown found in no other sum (they say nothing about the rest), repeatedly,
    so the exact rank test runs on the part of the system that can carry information."""
    rels = [r for r in rels if any(k in unknown for k in (r.total, *r.parts))]
    while True:
        uses: dict[Any, int] = defaultdict(int)
        for r in rels:
            for k in {r.total, *r.parts} & unknown:
                uses[k] += 1
        keep = [r for r in rels if not any(uses[k] == 1 for k in {r.total, *r.parts} & unknown)]
        if len(keep) == len(rels):
            return sorted({k for r in rels for k in (r.total, *r.parts)} & unknown, key=str), rels
        rels = keep


def attack(client: Any, year: str, participating: set[int], minimum_n: int) -> tuple[Seen, dict[str, list[str]]]:
    seen, filters = collect(client, year)
    truth = true_values(year, participating)
    small = {k for k, v in truth.items() if 0 < v < minimum_n}
    known = {k: v for k, v in seen.cells.items() if v != HIDDEN}
    for k, v in known.items():
        assert truth.get(k, 0) == v, f"{k} shown as {v}, really {truth.get(k, 0)}"
    assert not (small & set(known)), "a small count is shown"
    rels = relations(sex_reported=False)
    worked_out = subtract(known, rels)
    assert not (small & set(worked_out)), f"subtraction recovers {sorted(small & set(worked_out), key=str)[:3]}"
    everything = {(s, loc, g) for s in ("state", "part", "rest") for loc in locales() for g in STUDENT_GROUPS if g not in ("female", "male")}
    unknown, core = prune(everything - set(known), rels)
    # Exact elimination over the rationals (core.disclosure.determined; test_disclosure checks it against a dense rank test).
    assert not (determined(unknown, core) & small), "linear algebra recovers a hidden count"
    for locale in filters["locale"]:  # a filter never offers a hidden group
        assert isinstance(seen.cells[("part", locale, "all_students")], int) and seen.cells[("part", locale, "all_students")] > 0
    return seen, filters


@pytest.mark.django_db
def test_no_output_reveals_a_hidden_count_and_the_minimum_n_moves_them_all(client, small_state):
    participating = {d.pk for d in small_state["districts"][:4]}
    seen10, filters10 = attack(client, "2013-14", participating, 10)
    hidden10 = {k for k, v in seen10.cells.items() if v == HIDDEN}
    assert any(k[0] == "part" for k in hidden10) and any(k[0] == "state" for k in hidden10)  # the data does exercise the rule
    disclosure_minimum_set(actor=SYSTEM, jurisdiction=small_state["texas"], minimum_n=30)
    seen30, filters30 = attack(client, "2013-14", participating, 30)
    hidden30 = {k for k, v in seen30.cells.items() if v == HIDDEN}
    assert len(hidden30) > len(hidden10) and hidden30 != hidden10  # every output (API, page, CSV, XLSX, filters) changed at once: `collect` checks they agree
    assert set(filters30["locale"]) <= set(filters10["locale"])
