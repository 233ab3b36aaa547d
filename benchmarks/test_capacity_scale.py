"""Local capacity at national scale: 13,000 districts, 100,000 schools. Run with `make bench`.

Asserts constant query counts (deep pages cost what the first page costs) and prints timings."""

from __future__ import annotations

import statistics
import time

import pytest

from benchmarks.harness import HEADER, ROUNDS, Measurement, count_queries, measure
from statewide.accounts.models import Role
from statewide.capacity.services import readiness_instrument_load
from statewide.core.permissions import SYSTEM
from tests.capacity.bulk import build
from tests.factories import person, state_agency


@pytest.fixture
def capacity_national(db):  # type: ignore[no-untyped-def]
    instrument = readiness_instrument_load(actor=SYSTEM)
    return build(instrument, districts=13_000, schools_per_district=8)  # 104,000 schools, 26,000 rounds


def measure_download(client, label: str, url: str) -> Measurement:  # type: ignore[no-untyped-def]
    """`measure` for a streamed download: the time and queries include reading the whole body."""

    def fetch() -> int:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.count(b"\n") > 1, body[:200]
        return int(response.status_code)

    fetch()
    with count_queries() as counted:
        status = fetch()
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - start) * 1000)
    return Measurement(label, counted[0], statistics.median(timings), status)


def test_capacity_pages_at_national_scale(client, capacity_national, capsys):  # type: ignore[no-untyped-def]
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    leaid = capacity_national[100].nces_leaid
    results = [
        measure(client, "capacity state overview", "/capacity/states/TX/"),
        measure(client, "capacity state overview, page 200", "/capacity/states/TX/?page=200"),
        measure(client, "supports page (demand)", "/capacity/states/TX/supports/"),
        measure(client, "TA queue", "/capacity/states/TX/ta/"),
        measure(client, "district profile (mentors)", f"/capacity/districts/{leaid}/"),
        measure(client, "districts API with tiers", "/api/v1/districts/?state=TX&limit=100"),
        measure_download(client, "rounds CSV export (streamed, read to the end)", "/capacity/states/TX/rounds.csv"),
    ]
    with capsys.disabled():
        print("\n" + HEADER)
        for r in results:
            print(r.row())
    assert all(r.status == 200 for r in results), [r for r in results if r.status != 200]
    assert results[0].queries == results[1].queries
