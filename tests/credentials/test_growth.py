"""Growth against the target, per district shares and per condition counts, with small counts
pooled and hidden by the project's one disclosure rule."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.core.disclosure import Relation, determined
from statewide.core.permissions import SYSTEM
from statewide.credentials import selectors
from statewide.credentials.growth import _protected_rows
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.places.services import disclosure_minimum_set

from . import bulkdata
from .setup import build_world

pytestmark = pytest.mark.django_db


def test_growth_years_districts_and_conditions(client):
    disclosure_minimum_set(actor=SYSTEM, jurisdiction=Jurisdiction.objects.get(usps="TX"), minimum_n=5)  # the state shows counts from 5
    world = build_world()
    big, small, tiny = bulkdata.districts(3)
    big_educators = bulkdata.educators(big, 8)
    small_educators = bulkdata.educators(small, 2)
    bulkdata.educators(tiny, 3)
    bulkdata.credentials(world, big_educators[:3], year=2024, district=big, start_index=100)
    bulkdata.credentials(world, small_educators[:1], year=2024, district=small, start_index=200)
    other = bulkdata.districts(1)[0]
    others = bulkdata.educators(other, 40)
    bulkdata.credentials(world, others[:6], year=2024, district=other, start_index=300)  # 2024: 10
    bulkdata.credentials(world, others[6:17], year=2025, district=other, start_index=400)  # 2025: 11 (target 11)
    bulkdata.credentials(world, others[17:28], year=2026, district=other, start_index=500)  # 2026: 11 (target 13)
    bulkdata.credentials(world, others[28:31], year=2026, district=other, start_index=600, revoked=True)  # not counted
    growth = selectors.growth_for(world.issuer.organisation.jurisdiction)
    assert [(y.year, y.earned, y.target, y.met) for y in growth.years] == [(2024, 10, None, None), (2025, 11, 11, True), (2026, 11, 13, False)]
    rows = {r.label: (r.educators.count, r.holders.count, r.holders.reason) for r in growth.districts}
    assert rows[big.name] == (8, None, "small")  # 3 holders: fewer than 5, hidden
    assert small.name not in rows and tiny.name not in rows
    assert rows[""] == (6, None, "small")  # the pool: 2 + 3 + the world's own 1 educator; its 1 holder is hidden
    assert rows[other.name] == (40, 28, "") and growth.state is not None
    assert (growth.state.educators.count, growth.state.holders.count) == (54, 32)
    assert [r.label for r in growth.districts] == [other.name, big.name, ""]  # shown shares first; hidden ones by name, the pool last
    names = set(Item.objects.filter(pk__in=world.version.alignments.all()).values_list("name", flat=True))
    assert {name for name, _n in growth.conditions} == names and all(n == 32 for _name, n in growth.conditions)
    page = client.get(reverse("credentials:growth", args=["tx"]))
    assert page.status_code == 200 and b"Other districts (pooled)" in page.content and small.name.encode() not in page.content
    assert b"<td>8</td><td>Hidden</td><td>Hidden</td>" in page.content and b"<td>40</td><td>28</td><td>70%</td>" in page.content


def test_a_hidden_holder_count_cannot_be_worked_out_from_the_state_total():
    # 11 holders of 12 educators hides the 11 (1 without one); then the state total would give it away,
    # so one more district's count is hidden too.
    rows = {1: ("A", "1", 12, 11), 2: ("B", "2", 50, 20), 3: ("C", "3", 60, 30)}
    out, state = _protected_rows(rows, 10)
    held = {r.label: (r.holders.count, r.holders.reason) for r in out}
    assert held["A"] == (None, "complementary") and state.holders.count == 61
    assert [v for v in held.values() if v[0] is None] == [(None, "complementary"), (None, "complementary")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=8), st.integers(2, 15))
def test_no_small_count_of_the_district_table_can_be_worked_out(pairs, minimum_n):
    """Whatever the districts, a reader with every shown count and every sum of the table (each row, the
    state's total) cannot work out a hidden number of holders, or of educators without one, below n."""
    rows = {i: (f"D{i}", str(i), max(e, h), min(e, h)) for i, (e, h) in enumerate(pairs)}
    out, state = _protected_rows(rows, minimum_n)
    shown = {(kind, r.leaid or "state"): getattr(r, kind).count for r in [*out, state] for kind in ("educators", "holders")}
    true = {("educators", str(i)): e for i, (_l, _c, e, _h) in rows.items()} | {("holders", str(i)): h for i, (_l, _c, _e, h) in rows.items()}
    true |= {("without", k[1]): v - true[("holders", k[1])] for k, v in true.items() if k[0] == "educators"}
    true |= {(kind, "state"): sum(v for k, v in true.items() if k[0] == kind) for kind in ("educators", "holders", "without")}
    keys = [k[1] for k in true if k[0] == "educators"]
    sums = [Relation(("educators", k), (("holders", k), ("without", k))) for k in keys]
    sums += [Relation((kind, "state"), tuple((kind, k) for k in keys if k != "state")) for kind in ("educators", "holders", "without")]
    unknown = [k for k in true if shown.get(k) is None]
    for k in determined(unknown, sums):
        assert not 0 < true[k] < minimum_n, f"{k} = {true[k]} can be worked out"
    assert all(v is None or v == true[k] for k, v in shown.items())


def test_growth_with_too_few_educators_shows_nothing_by_district(client):
    world = build_world()
    growth = selectors.growth_for(world.issuer.organisation.jurisdiction)
    assert growth.suppressed and growth.districts == []
    assert client.get(reverse("credentials:growth", args=["ZZ"])).status_code == 404
