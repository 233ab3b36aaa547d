"""The one disclosure-avoidance rule of the project: every page, chart, table, export, API response and
filter list that shows counts of people goes through it (docs/insights.md has a worked example).

* **Primary suppression.** A count of 1 to `minimum_n - 1` people is never shown (each state sets
  its minimum n; `DEFAULT_MINIMUM_N` otherwise). A zero is shown: it identifies nobody.
* **Complementary suppression.** A published table is a set of cells plus the sums that tie them
  together (`Relation`: a total and its parts: a row, a column, a locale group and its subcodes, a
  state figure and its participating and non-participating shares). After primary suppression, any
  suppressed small cell that a reader could still work out from the shown cells by adding and
  subtracting along those sums is protected by suppressing one more cell: the smallest shown
  non-zero cell in one of its sums (ties: the first in the table's order), and this repeats until no
  small cell can be solved for. "Can be solved for" is decided exactly, by linear algebra over the
  rationals: a cell is determined when its unit vector lies in the row space of the sums restricted
  to the unknown cells (`determined`), so differences along rows, columns, totals and any chain of
  them are all covered. Cells that are never published (`hidden`, such as a non-participating share
  implied by a state total) are unknowns too, and a small hidden cell is protected like a shown one.
* **Shares near 0 or 100.** A percentage below 5 is shown as "<5%" and one above 95 as ">95%",
  as state report cards do (Delaware's public reporting rules, for example), so a share never
  pins down a few students; the share of a suppressed count is suppressed.
* **Pooling** (`pool_small_groups`) is the same rule for survey respondents: groups below the
  threshold are reported together, and the pool grows until it reaches the threshold.

Outputs mark a suppressed cell explicitly (`Cell.as_json()`: `{"count": null, "suppressed": true,
"reason": "…"}`) and filter lists offer only the groups whose count is shown (`Protected.shown`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _

K = TypeVar("K", bound=Hashable)
DEFAULT_MINIMUM_N = 10
NEAR_EDGE = 5  # percent: shares below it or above 100 minus it are shown as "<5%" / ">95%"
PRIMARY = "small"
COMPLEMENTARY = "complementary"
NOT_REPORTED = "not_reported"


def reason_text(reason: str, minimum_n: int) -> str:
    """The plain explanation of why a count is not shown."""
    if reason == PRIMARY:
        return _("Fewer than %(n)d students: hidden to protect their privacy.") % {"n": minimum_n}
    if reason == COMPLEMENTARY:
        return _("Hidden so that a smaller hidden count cannot be worked out by subtraction.")
    if reason == NOT_REPORTED:
        return _("Not reported by the source.")
    return ""


@dataclass(frozen=True)
class Relation(Generic[K]):
    """`total` is the sum of `parts` (a row or column with its total, a group and its subgroups)."""

    total: K
    parts: tuple[K, ...]


@dataclass(frozen=True)
class Cell:
    """One count as an output shows it."""

    count: int | None
    suppressed: bool
    reason: str
    explanation: str

    @property
    def text(self) -> str:
        if self.reason == NOT_REPORTED:
            return str(_("Not reported"))
        return str(_("Hidden")) if self.suppressed else f"{self.count:,}"

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "suppressed": self.suppressed, "reason": self.explanation or None}


@dataclass(frozen=True)
class Share:
    """A percentage as an output shows it: hidden, "<5%", ">95%" or rounded to a whole percent."""

    percent: float | None  # None when hidden, unknown or shown only as a bound
    text: str
    suppressed: bool

    def as_json(self) -> dict[str, Any]:
        return {"percent": self.percent, "text": self.text, "suppressed": self.suppressed}


def share_text(part: int, whole: int) -> Share:
    """The share `part / whole` with the near-0/near-100 rule (both counts already cleared for showing)."""
    if whole <= 0:
        return Share(None, str(_("No students")), False)
    pct = 100 * part / whole
    if 0 < pct < NEAR_EDGE:
        return Share(None, f"<{NEAR_EDGE}%", False)
    if 100 - NEAR_EDGE < pct < 100:
        return Share(None, f">{100 - NEAR_EDGE}%", False)
    return Share(round(pct), f"{round(pct)}%", False)


@dataclass(frozen=True)
class Protected(Generic[K]):
    """A dataset after the rule: the true counts of the cells that may be shown, and why the rest may not."""

    values: Mapping[K, int | None]
    reasons: Mapping[K, str]
    minimum_n: int
    hidden: frozenset[K] = field(default_factory=frozenset)

    def is_suppressed(self, key: K) -> bool:
        return key in self.reasons

    def cell(self, key: K) -> Cell:
        reason = self.reasons.get(key, "")
        count = None if reason else self.values.get(key)
        return Cell(count, bool(reason) and reason != NOT_REPORTED, reason, reason_text(reason, self.minimum_n) if reason else "")

    def count(self, key: K) -> int | None:
        return self.cell(key).count

    def share(self, part: K, whole: K) -> Share:
        p, w = self.count(part), self.count(whole)
        if p is None or w is None:
            return Share(None, str(_("Hidden")) if (self.is_suppressed(part) or self.is_suppressed(whole)) else str(_("Not reported")), True)
        return share_text(p, w)

    def shown(self, keys: Iterable[K]) -> list[K]:
        """The keys whose count is shown: what a filter list may offer (a hidden group never appears)."""
        return [k for k in keys if k not in self.reasons and self.values.get(k) is not None]

    @property
    def suppressed(self) -> frozenset[K]:
        return frozenset(k for k, r in self.reasons.items() if r in (PRIMARY, COMPLEMENTARY))


def determined(unknown: Sequence[K], relations: Iterable[Relation[K]]) -> set[K]:
    """The unknown cells a reader can work out exactly from the sums (everything else being known).

    Gaussian elimination over the rationals to a fully reduced row echelon form of the sums restricted
    to the unknowns; a cell is determined exactly when a reduced row is its unit vector."""
    col = {k: i for i, k in enumerate(unknown)}
    pivots: dict[int, dict[int, Fraction]] = {}
    for rel in relations:
        row: dict[int, Fraction] = {}
        for key, coef in ((rel.total, 1), *((p, -1) for p in rel.parts)):
            if key in col:
                i = col[key]
                row[i] = row.get(i, Fraction(0)) + coef
        row = {i: v for i, v in row.items() if v}
        for p in [i for i in row if i in pivots]:
            factor = row.get(p)
            if factor:
                for i, v in pivots[p].items():
                    row[i] = row.get(i, Fraction(0)) - factor * v
                row = {i: v for i, v in row.items() if v}
        if not row:
            continue
        p = min(row)
        lead = row[p]
        row = {i: v / lead for i, v in row.items()}
        for other in pivots.values():
            factor = other.get(p)
            if factor:
                for i, v in row.items():
                    other[i] = other.get(i, Fraction(0)) - factor * v
                for i in [i for i, v in other.items() if not v]:
                    del other[i]
        pivots[p] = row
    return {unknown[p] for p, row in pivots.items() if len(row) == 1}


def protect(values: Mapping[K, int | None], relations: Sequence[Relation[K]], minimum_n: int, *, hidden: Iterable[K] = ()) -> Protected[K]:
    """Apply primary and complementary suppression to a dataset (cells in the order outputs list them).

    A value of None means "not reported by the source": never suppressed, never a complement, and a
    sum with a part not reported is not a sum a reader can use."""
    minimum_n = max(1, int(minimum_n))
    hidden_set = frozenset(hidden)
    order = {k: i for i, k in enumerate(values)}
    usable = [r for r in relations if all(values.get(k) is not None for k in (r.total, *r.parts))]
    reasons: dict[K, str] = {k: NOT_REPORTED for k, v in values.items() if v is None and k not in hidden_set}
    small = {k for k, v in values.items() if v is not None and 0 < v < minimum_n}
    reasons.update({k: PRIMARY for k in small if k not in hidden_set})
    by_key: dict[K, list[Relation[K]]] = {}
    for r in usable:
        for k in (r.total, *r.parts):
            by_key.setdefault(k, []).append(r)
    while True:
        unknown = sorted({*hidden_set, *(k for k, why in reasons.items() if why != NOT_REPORTED)}, key=lambda k: order.get(k, len(order)))
        exposed = sorted(determined(unknown, usable) & small, key=lambda k: order.get(k, len(order)))
        if not exposed:
            break
        added = 0
        for key in exposed:
            complement = _complement(key, by_key, values, reasons, hidden_set, order)
            if complement is not None and complement not in reasons:
                reasons[complement] = COMPLEMENTARY
                added += 1
        if not added:  # nothing left to hide near these cells: hide every shown cell of their sums
            for r in {r for key in exposed for r in by_key.get(key, [])}:
                for k in (r.total, *r.parts):
                    if k not in reasons and k not in hidden_set:
                        reasons[k] = COMPLEMENTARY
                        added += 1
            if not added:
                break
    return Protected(values=dict(values), reasons=reasons, minimum_n=minimum_n, hidden=hidden_set)


def _complement(
    key: K, by_key: Mapping[K, list[Relation[K]]], values: Mapping[K, int | None], reasons: Mapping[K, str], hidden: frozenset[K], order: Mapping[K, int]
) -> K | None:
    """The cell to hide next to `key`: the smallest shown non-zero cell of its sums (then a zero), nearest sums first."""
    seen: set[K] = {key}
    frontier = [key]
    while frontier:
        candidates = {k for f in frontier for r in by_key.get(f, []) for k in (r.total, *r.parts)} - seen
        open_ = [k for k in candidates if k not in reasons and k not in hidden]
        if open_:
            return min(open_, key=lambda k: (values.get(k) == 0, values.get(k) or 0, order.get(k, 0)))
        seen |= candidates
        frontier = list(candidates)
    return None


def pool_small_groups(counts: Mapping[K, int], threshold: int) -> tuple[set[K], bool]:
    """(groups reported together in one pool, whether everything is hidden) for respondent counts.

    Groups below the threshold go into the pool; if the pool itself is below the threshold, the
    smallest shown group joins it (so no small group can be recovered by subtracting the shown groups
    from the overall figures), until it reaches the threshold. Groups without respondents reveal
    nothing and never force the pool. If all respondents together are fewer than the threshold,
    nothing is shown."""
    total = sum(counts.values())
    if total < threshold or total == 0:
        return set(counts), True
    pooled = {g for g, n in counts.items() if n < threshold}
    if sum(counts[g] for g in pooled) > 0:
        shown = sorted((g for g in counts if g not in pooled), key=lambda g: (counts[g], g))  # type: ignore[arg-type,return-value]
        while sum(counts[g] for g in pooled) < threshold and shown:
            pooled.add(shown.pop(0))
    return pooled, False
