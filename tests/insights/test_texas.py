"""Done means: with the real Texas data loaded (CCD districts and schools, TEA TAPR 2013-14), the statewide counts
and shares shown equal the source file's sums, and per-locale figures follow each district's locale derived from
its open schools. The sums and the derived locales are computed here independently, from the repository's copies."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from statewide.places import demo

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "tx"
TEA = {"all_students": "DPETALLC", "hispanic": "DPETHISC", "american_indian": "DPETINDC", "asian": "DPETASIC", "black": "DPETBLAC",
       "pacific_islander": "DPETPCIC", "white": "DPETWHIC", "two_or_more": "DPETTWOC", "economically_disadvantaged": "DPETECOC",
       "english_learners": "DPETLEPC", "students_with_disabilities": "DPETSPEC"}  # fmt: skip
OPEN = {"1", "3", "4", "5", "8"}


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((DEMO / name).open(encoding="utf-8-sig")))


@pytest.mark.django_db
def test_texas_figures_equal_the_source_sums_and_locales_are_derived_from_schools(client):
    demo.load(io.StringIO())
    tapr = _rows("tea-tapr-2013-14-district-students.csv")
    body = client.get("/api/v1/insights/enrollment", {"state": "TX"}).json()
    assert (body["school_year"], body["districts"], body["minimum_n"]) == ("2013-14", 1227, 10)
    shown = {g["group"]: g for g in body["by_group"]}
    for group, column in TEA.items():
        assert shown[group]["count"] == sum(int(r[column]) for r in tapr), group
        assert not shown[group]["suppressed"]
    assert shown["all_students"]["count"] == 5_135_880
    assert shown["hispanic"]["share"]["text"] == f"{round(100 * shown['hispanic']['count'] / 5_135_880)}%"
    assert shown["female"] == {**shown["female"], "count": None, "suppressed": False}  # TAPR has no counts by sex: not reported
    assert (shown["female"]["reason"], shown["male"]["share"]["text"]) == ("Not reported by the source.", "Not reported")
    # The locale of each district: the most common ULOCAL among its open schools (ties: the more urban code).
    schools: dict[str, Counter[str]] = defaultdict(Counter)
    for s in _rows("ccd-school-directory-2013-14.csv"):
        if s["STATUS"] in OPEN and s["ULOCAL"].isdigit():
            schools[s["LEAID"]][s["ULOCAL"]] += 1
    leaid = {r["STID"]: r["LEAID"] for r in _rows("ccd-lea-directory-2013-14.csv")}
    by_group: Counter[str] = Counter()
    for r in tapr:
        codes = schools.get(leaid[r["DISTRICT"]])
        code = min(codes, key=lambda c: (-codes[c], c)) if codes else ""
        by_group[{"1": "city", "2": "suburb", "3": "town", "4": "rural"}.get(code[:1], "unknown")] += int(r["DPETALLC"])
    locales = {loc["locale"]: loc["groups"]["all_students"] for loc in body["by_locale"]}
    for group in ("city", "suburb", "town", "rural"):
        assert locales[group]["count"] == by_group[group], group
    assert (locales["unknown"]["count"] or 0) == by_group["unknown"] or locales["unknown"]["suppressed"]
    assert "derived" in body["locale_note"]
