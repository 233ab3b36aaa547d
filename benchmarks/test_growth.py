"""Growth check: each tracker page at 1,000 and at 50,000 policy records. Run with `make bench`.

Asserts constant cost (the same number of queries at both sizes: cold cache, right after a write to
one other state, and warm) and prints timings for people to read; never asserts on wall-clock time.
"Cold" starts from up-to-date stored per-state rows (today's summaries, a past date's spans and,
for a state profile, its ranking: the page is read once first) and a cleared cache; "after a write" bumps one other state's
scoped version, as a service write there does, so that state's summary is recomputed and every
cached page of the tracker is built again.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.core.cache import cache

from benchmarks.harness import count_queries
from statewide.core.cache import content_changed
from tests.policies.factories import bulk_records

PAGES = [
    ("map page", "/tracker/"),
    ("map page, 2015 (the year slider)", "/tracker/?year=2015"),
    ("state profile (CA)", "/tracker/states/CA/"),
    ("state profile (TX)", "/tracker/states/TX/"),
    ("API jurisdictions", "/api/v1/jurisdictions/"),
    ("API jurisdiction summary list as of 2015", "/api/v1/jurisdictions/?as_of=2015-01-01"),
    ("policy list page", "/tracker/policies/"),
    ("API policies, first page", "/api/v1/policies/?limit=100"),
]


def _timed(client, url: str) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    with count_queries() as counted:
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        ms = (time.perf_counter() - start) * 1000
    return counted[0], ms


RUNS = 5  # each figure is the median of this many requests (one request alone is too noisy to compare)


def _measure(client, url: str) -> tuple[int, float, int, float, int, float]:  # type: ignore[no-untyped-def]
    """(cold queries, cold median ms, warm queries, warm median ms, queries and median ms after a
    write to another state) for an anonymous reader."""
    assert client.get(url).status_code == 200  # the stored rows (summaries or spans, a profile's ranking) up to date
    cold = []
    for _ in range(RUNS):
        cache.clear()
        cold.append(_timed(client, url))
    warm = [_timed(client, url) for _ in range(RUNS)]
    after_write = []
    for _ in range(RUNS):
        content_changed("policies", scopes=["WY"])
        after_write.append(_timed(client, url))

    def median(runs: list[tuple[int, float]]) -> float:
        return statistics.median(ms for _q, ms in runs)

    return cold[0][0], median(cold), warm[0][0], median(warm), after_write[0][0], median(after_write)


@pytest.mark.django_db
def test_tracker_pages_cost_the_same_at_1k_and_50k_records(client, capsys):  # type: ignore[no-untyped-def]
    bulk_records(1_000, seed=1)
    small = {label: _measure(client, url) for label, url in PAGES}
    bulk_records(49_000, seed=2)
    large = {label: _measure(client, url) for label, url in PAGES}
    with capsys.disabled():
        print(
            f"\n{'page':<42} {'cold q 1k':>9} {'cold q 50k':>10} {'cold ms 1k':>10} {'cold ms 50k':>11} {'warm q':>6} {'warm ms 1k':>10} {'warm ms 50k':>11}"
            f" {'write q':>7} {'write ms 1k':>11} {'write ms 50k':>12}"
        )
        for label, _url in PAGES:
            s, g = small[label], large[label]
            print(f"{label:<42} {s[0]:>9} {g[0]:>10} {s[1]:>10.1f} {g[1]:>11.1f} {g[2]:>6} {s[3]:>10.1f} {g[3]:>11.1f} {g[4]:>7} {s[5]:>11.1f} {g[5]:>12.1f}")
    for label, _url in PAGES:
        assert large[label][0] == small[label][0], f"{label}: cold query count grew with the data"
        assert large[label][2] == small[label][2] <= 2, f"{label}: a warm page costs the version read (and the cache read on the database cache)"
        assert small[label][0] > large[label][2], f"{label}: the cold count must include the real work"
        assert large[label][4] == small[label][4], f"{label}: after a write to another state, the query count grew with the data"
