"""Growth check: each tracker page at 1,000 and at 50,000 policy records. Run with `make bench`.

Asserts constant cost (the same number of queries at both sizes, cold and warm cache) and prints
timings for people to read; never asserts on wall-clock time.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.core.cache import cache

from benchmarks.harness import count_queries
from tests.policies.factories import bulk_records

PAGES = [
    ("map page", "/tracker/"),
    ("state profile (CA)", "/tracker/states/CA/"),
    ("state profile (TX)", "/tracker/states/TX/"),
    ("API jurisdictions", "/api/v1/jurisdictions/"),
    ("API jurisdiction summary list as of 2015", "/api/v1/jurisdictions/?as_of=2015-01-01"),
    ("policy list page", "/tracker/policies/"),
    ("API policies, first page", "/api/v1/policies/?limit=100"),
]


def _measure(client, url: str) -> tuple[int, float, int, float]:  # type: ignore[no-untyped-def]
    """(cold queries, cold ms, warm queries, warm median ms) for an anonymous reader."""
    cache.clear()
    with count_queries() as cold:
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        cold_ms = (time.perf_counter() - start) * 1000
    with count_queries() as warm:
        client.get(url)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return cold[0], cold_ms, warm[0], statistics.median(timings)


@pytest.mark.django_db
def test_tracker_pages_cost_the_same_at_1k_and_50k_records(client, capsys):  # type: ignore[no-untyped-def]
    bulk_records(1_000, seed=1)
    small = {label: _measure(client, url) for label, url in PAGES}
    bulk_records(49_000, seed=2)
    large = {label: _measure(client, url) for label, url in PAGES}
    with capsys.disabled():
        print(f"\n{'page':<42} {'cold q 1k':>9} {'cold q 50k':>10} {'cold ms 1k':>10} {'cold ms 50k':>11} {'warm q':>6} {'warm ms 1k':>10} {'warm ms 50k':>11}")
        for label, _url in PAGES:
            s, g = small[label], large[label]
            print(f"{label:<42} {s[0]:>9} {g[0]:>10} {s[1]:>10.1f} {g[1]:>11.1f} {g[2]:>6} {s[3]:>10.1f} {g[3]:>11.1f}")
    for label, _url in PAGES:
        assert large[label][0] == small[label][0], f"{label}: cold query count grew with the data"
        assert large[label][2] == small[label][2] <= 2, f"{label}: a warm page costs the version read (and the cache read on the database cache)"
        assert small[label][0] > large[label][2], f"{label}: the cold count must include the real work"
