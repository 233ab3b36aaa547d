"""Property tests for the one disclosure rule (`statewide.core.disclosure`).

The check that a hidden cell cannot be solved for is written here independently of the module: a
cell is determined by the published sums exactly when deleting its column from the system of sums
(restricted to the unknown cells) lowers the rank; ranks are computed by dense Fraction elimination.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.core.disclosure import COMPLEMENTARY, PRIMARY, Relation, pool_small_groups, protect, share_text


def _rank(rows: list[list[Fraction]]) -> int:
    m = [r[:] for r in rows if any(r)]
    rank, cols = 0, len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(rank, len(m)) if m[i][c]), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c]:
                f = m[i][c] / m[rank][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def solvable(unknown: list, relations: list[Relation]) -> set:
    """Unknown cells a reader can compute from the sums, by the column-deletion rank test."""
    rows = []
    for r in relations:
        row = [Fraction(0)] * len(unknown)
        for k, c in ((r.total, 1), *((p, -1) for p in r.parts)):
            if k in unknown:
                row[unknown.index(k)] += c
        rows.append(row)
    full = _rank(rows)
    return {k for i, k in enumerate(unknown) if _rank([row[:i] + row[i + 1 :] for row in rows]) < full}


def table(cells: list[list[int]]) -> tuple[dict, list[Relation]]:
    """A two-way table with its row totals, column totals and grand total, as the outputs publish it."""
    values: dict = {}
    relations: list[Relation] = []
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            values[(i, j)] = v
        values[(i, "all")] = sum(row)
        relations.append(Relation((i, "all"), tuple((i, j) for j in range(len(row)))))
    for j in range(len(cells[0])):
        values[("all", j)] = sum(r[j] for r in cells)
        relations.append(Relation(("all", j), tuple((i, j) for i in range(len(cells)))))
    values[("all", "all")] = sum(map(sum, cells))
    relations.append(Relation(("all", "all"), tuple(("all", j) for j in range(len(cells[0])))))
    relations.append(Relation(("all", "all"), tuple((i, "all") for i in range(len(cells)))))
    return values, relations


counts = st.one_of(st.integers(0, 12), st.integers(0, 400))
tables = (
    st.integers(1, 4)
    .flatmap(lambda rows: st.lists(st.lists(counts, min_size=1, max_size=4), min_size=rows, max_size=rows))
    .map(lambda rows: [r + [0] * (max(map(len, rows)) - len(r)) for r in rows])
)


@settings(max_examples=120, deadline=None)
@given(tables, st.integers(1, 15))
def test_no_small_count_is_shown_or_can_be_worked_out(cells, n):
    values, relations = table(cells)
    out = protect(values, relations, n)
    small = {k for k, v in values.items() if 0 < v < n}
    assert small <= out.suppressed
    assert all(out.reasons[k] == PRIMARY for k in small)
    assert not (solvable(sorted(out.suppressed, key=str), relations) & small)
    for k, v in values.items():  # what is shown is the true count; zeros and large counts are not hidden for nothing
        assert out.count(k) == (None if k in out.suppressed else v)
        if k in out.suppressed and k not in small:
            assert out.reasons[k] == COMPLEMENTARY


@settings(max_examples=60, deadline=None)
@given(st.lists(counts, min_size=1, max_size=8), st.integers(1, 15))
def test_a_row_and_its_total_never_leave_one_hidden_cell(row, n):
    values = dict(enumerate(row)) | {"total": sum(row)}
    out = protect(values, [Relation("total", tuple(range(len(row))))], n)
    hidden = [k for k in values if k in out.suppressed]
    assert len(hidden) != 1 or (values[hidden[0]] == 0 or values[hidden[0]] >= n)
    assert out.shown(values) == [k for k in values if k not in out.suppressed]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=2, max_size=5), st.integers(2, 12))
def test_a_hidden_cell_implied_by_two_tables_is_protected(parts, n):
    """state = participating + not participating; the third is never published but must not be solvable."""
    values: dict = {}
    relations = []
    for i, p in enumerate(parts):
        values[("part", i)], values[("rest", i)] = p, p + i
        values[("state", i)] = 2 * p + i
        relations.append(Relation(("state", i), (("part", i), ("rest", i))))
    for who in ("part", "rest", "state"):
        values[(who, "all")] = sum(values[(who, i)] for i in range(len(parts)))
        relations.append(Relation((who, "all"), tuple((who, i) for i in range(len(parts)))))
    relations.append(Relation(("state", "all"), (("part", "all"), ("rest", "all"))))
    hidden = [k for k in values if k[0] == "rest"]
    out = protect(values, relations, n, hidden=hidden)
    small = {k for k, v in values.items() if 0 < v < n}
    assert not (solvable(sorted({*out.suppressed, *hidden}, key=str), relations) & small)


def test_the_minimum_n_moves_every_cell_at_once():
    values, relations = table([[3, 40, 12], [50, 8, 60]])
    assert protect(values, relations, 1).suppressed == frozenset()
    tens = protect(values, relations, 10).suppressed
    assert {(0, 0), (1, 1)} <= tens and len(tens) >= 4  # two small cells and at least their complements
    assert {(0, 2)} <= protect(values, relations, 13).suppressed


def test_shares_near_the_edges_are_bounds():
    assert share_text(3, 100).text == "<5%" and share_text(97, 100).text == ">95%"
    assert share_text(0, 100).text == "0%" and share_text(100, 100).text == "100%" and share_text(50, 100).text == "50%"
    assert share_text(3, 100).percent is None


@given(st.dictionaries(st.integers(1, 9), st.integers(0, 30), min_size=1, max_size=6), st.integers(1, 12))
def test_pooling_never_leaves_a_small_pool_or_group(counts, threshold):
    pooled, everything = pool_small_groups(counts, threshold)
    if everything:
        assert sum(counts.values()) < threshold or sum(counts.values()) == 0
        return
    assert all(counts[g] >= threshold for g in counts if g not in pooled)
    in_pool = sum(counts[g] for g in pooled)
    assert in_pool == 0 or in_pool >= threshold or len(pooled) == len(counts)
