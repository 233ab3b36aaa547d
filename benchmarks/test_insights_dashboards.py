"""Insights dashboards on a large state: 2,000 districts with data in every module (readiness rounds,
program participation with indicators and reports, enrollment, educators and micro-credentials).
Run with `make bench`: prints cold query counts and warm timings, and asserts the counts equal those
of a small state (constant queries however many districts and educators)."""

from __future__ import annotations

import pytest

from benchmarks.harness import HEADER, measure
from statewide.accounts.models import Role
from statewide.capacity.services import readiness_instrument_load
from statewide.core.permissions import SYSTEM
from tests.factories import person, state_agency
from tests.insights.bulk import grow, reference

PAGES = [
    ("insights landing", "/insights/"),
    ("state page (four dashboards)", "/insights/TX/"),
    *((f"{kind} dashboard", f"/insights/TX/{kind}/") for kind in ("progress", "capacity", "programs", "credentials")),
    *((f"{kind} API", f"/api/v1/insights/{kind}?state=TX") for kind in ("progress", "capacity", "programs", "credentials")),
    ("credentials XLSX", "/insights/TX/credentials/export.xlsx"),
    ("district report", "/insights/TX/districts/4860000/"),
]


@pytest.mark.django_db
def test_insights_dashboards_on_a_large_state(client, capsys):  # type: ignore[no-untyped-def]
    instrument = readiness_instrument_load(actor=SYSTEM)
    program, world = reference()
    grow(instrument, program, world, districts=20, start=0)
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    small = [measure(client, label, url) for label, url in PAGES]
    grow(instrument, program, world, districts=2_000, start=20)
    large = [measure(client, label, url) for label, url in PAGES]
    with capsys.disabled():
        print("\n" + HEADER)
        for r in large:
            print(r.row())
    assert all(r.status == 200 for r in large), [r for r in large if r.status != 200]
    assert [r.queries for r in large] == [r.queries for r in small]
