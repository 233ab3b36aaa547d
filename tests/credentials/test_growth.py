"""Growth against the target, per district shares and per condition counts, with small counts
pooled by the project's one suppression rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statewide.core.permissions import SYSTEM
from statewide.credentials import selectors
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
    others = bulkdata.educators(bulkdata.districts(1)[0], 40)
    bulkdata.credentials(world, others[:6], year=2024, start_index=300)  # 2024: 10
    bulkdata.credentials(world, others[6:17], year=2025, start_index=400)  # 2025: 11 (target 11)
    bulkdata.credentials(world, others[17:28], year=2026, start_index=500)  # 2026: 11 (target 13)
    bulkdata.credentials(world, others[28:31], year=2026, start_index=600, revoked=True)  # not counted
    growth = selectors.growth_for(world.issuer.organisation.jurisdiction)
    assert [(y.year, y.earned, y.target, y.met) for y in growth.years] == [(2024, 10, None, None), (2025, 11, 11, True), (2026, 11, 13, False)]
    rows = {r.label: (r.educators, r.holders) for r in growth.districts}
    assert rows[big.name] == (8, 3)
    assert small.name not in rows and tiny.name not in rows
    assert rows[""] == (6, 1)  # the pool: 2 + 3 + the world's own 1 educator, 1 holder
    names = set(Item.objects.filter(pk__in=world.version.alignments.all()).values_list("name", flat=True))
    assert {name for name, _n in growth.conditions} == names and all(n == 32 for _name, n in growth.conditions)
    page = client.get(reverse("credentials:growth", args=["tx"]))
    assert page.status_code == 200 and b"Other districts (pooled)" in page.content and small.name.encode() not in page.content


def test_growth_with_too_few_educators_shows_nothing_by_district(client):
    world = build_world()
    growth = selectors.growth_for(world.issuer.organisation.jurisdiction)
    assert growth.suppressed and growth.districts == []
    assert client.get(reverse("credentials:growth", args=["ZZ"])).status_code == 404
