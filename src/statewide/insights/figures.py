"""The student figures of one state and school year, protected as ONE dataset by `statewide.core.disclosure`.

Every output (the equity page, its charts and tables, CSV/XLSX, the API, the filter lists) reads
cells of this one `Protected` dataset, so a count hidden in one output is hidden in all of them,
and the sums that link them (a locale group and its subcodes, the race groups and all students, the
state and its participating and non-participating students) are all in one system of relations.

Keys are `(scope, locale, group)`:
* scope: `state` (all districts), `part` (districts taking part in innovation programs or capacity
  networks) and `rest` (the others: never published, but protected, since state minus
  participating would give it);
* locale: `all`, a locale group (`city`, `suburb`, `town`, `rural`, `unknown`) or an NCES subcode
  (`11` … `43`), the district's locale **derived from its open schools** (places.locale);
* group: a student group of `places.models.STUDENT_GROUPS`.

Published: every `state` cell (the enrollment figures) and the `part` cells of `all` and the locale
groups (the equity figures). Participating subcodes and every `rest` cell are hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from statewide.core.disclosure import Protected, Relation, protect
from statewide.places.models import NCES_LOCALES, RACE_GROUPS, SEX_GROUPS, STUDENT_GROUPS

Key = tuple[str, str, str]
SCOPES = ("state", "part", "rest")
LOCALE_GROUPS = {"1": "city", "2": "suburb", "3": "town", "4": "rural"}
GROUP_LOCALES = ("city", "suburb", "town", "rural", "unknown")
SUBCODES = tuple(NCES_LOCALES)


def locale_group(code: str) -> str:
    return LOCALE_GROUPS.get((code or "")[:1], "unknown") if code in NCES_LOCALES else "unknown"


def locales() -> list[str]:
    """Every locale key in output order: all, then each group followed by its subcodes."""
    out = ["all"]
    for g in GROUP_LOCALES:
        out.append(g)
        out.extend(c for c in SUBCODES if locale_group(c) == g)
    return out


@dataclass(frozen=True)
class Dataset:
    usps: str
    school_year: str
    protected: Protected[Key]
    participants: int  # participating districts with enrollment this year
    districts: int  # districts with enrollment this year
    sex_reported: bool
    participant_ids: frozenset[int] = frozenset()  # the districts taking part this school year (with or without enrollment)

    def cell(self, scope: str, locale: str, group: str) -> Any:
        return self.protected.cell((scope, locale, group))

    def share(self, scope: str, locale: str, group: str) -> Any:
        return self.protected.share((scope, locale, group), (scope, locale, "all_students"))


def build_dataset(usps: str, school_year: str, rows: Iterable[Mapping[str, Any]], minimum_n: int, participant_ids: Iterable[int] = ()) -> Dataset:
    """Sum the year's enrollment and protect it. Each row is a sum over districts (`places.selectors.enrollment_sums`):
    `part` (taking part or not), `locale` (derived NCES code or ""), `districts`, `sex_missing` (districts
    that do not report sex) and one count per student group."""
    groups = list(STUDENT_GROUPS)
    values: dict[Key, int | None] = {(s, loc, g): 0 for s in SCOPES for loc in locales() for g in groups}
    sex_reported = True
    n_part = n_all = 0
    for row in rows:
        scope = "part" if row["part"] else "rest"
        n_all += row["districts"]
        n_part += row["districts"] if row["part"] else 0
        sex_reported = sex_reported and not row["sex_missing"]
        code = row["locale"] if row["locale"] in NCES_LOCALES else ""
        where = ["all", locale_group(code), *([code] if code else [])]
        for g in groups:
            v = row[g] or 0
            for s in (scope, "state"):
                for loc in where:
                    values[(s, loc, g)] = (values[(s, loc, g)] or 0) + v
    if not sex_reported:  # not reported by some district: unknown, never zero
        for key in values:
            if key[2] in SEX_GROUPS:
                values[key] = None
    hidden = [k for k in values if k[0] == "rest" or (k[0] == "part" and k[1] in SUBCODES)]
    protected = protect(values, relations(sex_reported), minimum_n, hidden=hidden)
    return Dataset(usps, school_year, protected, n_part, n_all, sex_reported, frozenset(participant_ids))


def relations(sex_reported: bool) -> list[Relation[Key]]:
    """The sums a reader can use: race groups (and sexes) add up to all students; subcodes to their
    locale group and groups to the state; participating plus non-participating is the state."""
    out: list[Relation[Key]] = []
    groups = list(STUDENT_GROUPS)
    for s in ("state", "part"):
        for loc in locales():
            out.append(Relation((s, loc, "all_students"), tuple((s, loc, g) for g in RACE_GROUPS)))
            if sex_reported:
                out.append(Relation((s, loc, "all_students"), tuple((s, loc, g) for g in SEX_GROUPS)))
        for g in groups:
            for lg in GROUP_LOCALES:
                subs = tuple((s, c, g) for c in SUBCODES if locale_group(c) == lg)
                if subs:
                    out.append(Relation((s, lg, g), subs))
            out.append(Relation((s, "all", g), tuple((s, lg, g) for lg in GROUP_LOCALES)))
    for loc in locales():
        for g in groups:
            out.append(Relation(("state", loc, g), (("part", loc, g), ("rest", loc, g))))
    return out


@dataclass(frozen=True)
class EquityRow:
    """One student group: participating districts' share of their students against the state's share."""

    group: str
    label: str
    part: Any  # Cell
    state: Any  # Cell
    part_share: Any  # Share
    state_share: Any  # Share
    ratio: float | None  # participating share over state share (1.0: represented as in the state)
    gap: float | None  # participating share minus state share, in percentage points


EQUITY_GROUPS = ("all_students", *RACE_GROUPS, "economically_disadvantaged", "english_learners", "students_with_disabilities", *SEX_GROUPS)


def equity_rows(ds: Dataset, locale: str = "all") -> list[EquityRow]:
    """The make-up of participating districts' students against the state's, group by group (one locale or all)."""
    out = []
    for g in EQUITY_GROUPS:
        p, s = ds.cell("part", locale, g), ds.cell("state", locale, g)
        pt, st = ds.cell("part", locale, "all_students"), ds.cell("state", locale, "all_students")
        ratio = gap = None
        if None not in (p.count, s.count, pt.count, st.count) and pt.count and st.count and s.count:
            ps, ss = p.count / pt.count, s.count / st.count
            ratio, gap = round(ps / ss, 2), round(100 * (ps - ss), 1)  # from shown counts only: reveals nothing more
        out.append(EquityRow(g, str(STUDENT_GROUPS[g]), p, s, ds.share("part", locale, g), ds.share("state", locale, g), ratio, gap))
    return out


def locale_rows(ds: Dataset) -> list[dict[str, Any]]:
    """Participating districts' students by locale group against the state's."""
    rows = []
    for lg in GROUP_LOCALES:
        p, s = ds.cell("part", lg, "all_students"), ds.cell("state", lg, "all_students")
        rows.append({"locale": lg, "part": p, "state": s,
                     "part_share": ds.protected.share(("part", lg, "all_students"), ("part", "all", "all_students")),
                     "state_share": ds.protected.share(("state", lg, "all_students"), ("state", "all", "all_students"))})  # fmt: skip
    return rows


def locale_choices(ds: Dataset) -> list[str]:
    """The locale groups the equity filter may offer: only those whose participating and state counts are
    shown and not zero (a filter never reveals a hidden group by existing)."""
    keys = [k for lg in GROUP_LOCALES for k in (("part", lg, "all_students"), ("state", lg, "all_students"))]
    shown = set(ds.protected.shown(keys))
    return [lg for lg in GROUP_LOCALES if {("part", lg, "all_students"), ("state", lg, "all_students")} <= shown and ds.cell("part", lg, "all_students").count]
