"""Growth check: each tracker page at 1,000 and at 50,000 policy records. Run with `make bench`.

Asserts constant cost (the same number of queries at both sizes: cold cache, right after a write to
one other state, and warm) and prints timings for people to read; never asserts on time.

The two sizes are measured **interleaved** on PostgreSQL: the 1,000-record database is copied
(`CREATE DATABASE … TEMPLATE`), 49,000 records are added to the copy, and each run requests the page
from one database, then from the other. The machine's speed changes from minute to minute (other
work on the host), and measuring one size after the other put that change into the ratio; side by
side, both sizes meet the same machine. On SQLite the sizes are measured one after the other.

"Cold" starts from up-to-date stored per-state rows (today's summaries, a past date's spans and,
for a state profile, its ranking: the page is read once first) and a cleared cache; "after a write"
bumps one other state's scoped version, as a service write there does, so that state's summary is
recomputed and every cached page of the tracker is built again. Each timing is shown as wall ms
and CPU ms (this thread, which runs the view, plus the PostgreSQL backend process serving it).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from benchmarks.harness import count_queries, server_cpu
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
MODES = ("cold", "warm", "after_write")
RUNS = 9  # each figure is the median of this many requests: one request alone is too noisy to compare

Run = tuple[int, float, float]  # queries, wall ms, CPU ms (this thread and the database server's process)
Size = Callable[[], None]  # makes one size's data the current database


def _timed(client, url: str) -> Run:  # type: ignore[no-untyped-def]
    read_server_cpu = server_cpu()  # looks the backend up: a query, before counting starts
    with count_queries() as counted:
        server, cpu, start = read_server_cpu(), time.thread_time(), time.perf_counter()
        assert client.get(url).status_code == 200, url
        ms = (time.perf_counter() - start) * 1000
        cpu_ms = (time.thread_time() - cpu + read_server_cpu() - server) * 1000
    return counted[0], ms, cpu_ms


def _one(client, url: str, mode: str) -> Run:  # type: ignore[no-untyped-def]
    """One anonymous request in this mode. The cache is cleared first in every mode: two databases
    may hold the same content versions for different data."""
    cache.clear()
    if mode != "cold":
        assert client.get(url).status_code == 200  # warm the cache
    if mode == "after_write":
        content_changed("policies", scopes=["WY"])
    return _timed(client, url)


@dataclass
class Figures:
    """One page at one size: (queries, median wall ms, median CPU ms) per mode."""

    by_mode: dict[str, tuple[int, float, float]]


def _measure(client, url: str, sizes: dict[str, Size]) -> dict[str, Figures]:  # type: ignore[no-untyped-def]
    """Each size's figures for this page, the sizes taking turns request by request."""
    runs: dict[tuple[str, str], list[Run]] = {}
    for use in sizes.values():
        use()
        assert client.get(url).status_code == 200  # the stored rows (summaries, spans, a profile's ranking) up to date
    for mode in MODES:
        for _ in range(RUNS):
            for name, use in sizes.items():
                use()
                runs.setdefault((name, mode), []).append(_one(client, url, mode))

    def median(rs: list[Run]) -> tuple[int, float, float]:
        return rs[0][0], statistics.median(r[1] for r in rs), statistics.median(r[2] for r in rs)

    return {name: Figures({mode: median(runs[(name, mode)]) for mode in MODES}) for name in sizes}


@contextmanager
def _copy_of_the_database(suffix: str) -> Iterator[tuple[Size, Size]]:
    """(use the test database, use a copy of it as it is now); the copy is dropped on leaving. Each
    database keeps its own open connection, so that switching costs nothing and both backends are
    warm, as a server's persistent connections are."""
    original = connections["default"]
    name = original.settings_dict["NAME"]
    copy_name = f"{name}_{suffix}"
    copy = original.__class__({**original.settings_dict, "NAME": copy_name}, "default")

    def use(wrapper: BaseDatabaseWrapper) -> Size:
        def switch() -> None:
            connections._connections.default = wrapper  # type: ignore[attr-defined]  # what `django.db.connection` resolves to

        return switch

    def admin(sql: str) -> None:
        original.close()  # a template database must have no other session
        with original._nodb_cursor() as cursor:
            cursor.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{copy_name}"')
    admin(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"')
    try:
        yield use(original), use(copy)
    finally:
        use(original)()
        copy.close()
        admin(f'DROP DATABASE IF EXISTS "{copy_name}"')


@pytest.mark.django_db(transaction=True)  # the copy is made from committed data
def test_tracker_pages_cost_the_same_at_1k_and_50k_records(client, capsys):  # type: ignore[no-untyped-def]
    bulk_records(1_000, seed=1)
    if connection.vendor == "postgresql":
        with _copy_of_the_database("growth") as (small, large):
            large()
            bulk_records(49_000, seed=2)
            figures = {label: _measure(client, url, {"1k": small, "50k": large}) for label, url in PAGES}
        how = "interleaved"
    else:
        figures = {label: _measure(client, url, {"1k": lambda: None}) for label, url in PAGES}
        bulk_records(49_000, seed=2)
        for label, url in PAGES:
            figures[label] |= _measure(client, url, {"50k": lambda: None})
        how = "one size after the other"
    with capsys.disabled():
        print(f"\n{connection.vendor}, {how}, median of {RUNS}")
        print(f"{'page':<42} {'queries':>15} {'ms 1k / 50k':>15} {'CPU ms 1k / 50k':>16} {'CPU ×':>6}")
        for mode in MODES:
            print(mode.replace("_", " "))
            for label, _url in PAGES:
                (sq, sms, scpu), (gq, gms, gcpu) = figures[label]["1k"].by_mode[mode], figures[label]["50k"].by_mode[mode]
                print(f"  {label:<40} {sq:>7} / {gq:<5} {sms:>6.1f} / {gms:<6.1f} {scpu:>6.1f} / {gcpu:<7.1f} {gcpu / scpu:>5.2f}")
    for label, _url in PAGES:
        s, g = figures[label]["1k"].by_mode, figures[label]["50k"].by_mode
        assert g["cold"][0] == s["cold"][0], f"{label}: cold query count grew with the data"
        assert g["warm"][0] == s["warm"][0] <= 2, f"{label}: a warm page costs the version read (and the cache read on the database cache)"
        assert s["cold"][0] > g["warm"][0], f"{label}: the cold count must include the real work"
        assert g["after_write"][0] == s["after_write"][0], f"{label}: after a write to another state, the query count grew with the data"
