"""A tiny measuring harness: query count (cold cache) and median wall time (warm) of a request, printed as a table row."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

ROUNDS = 5


@dataclass
class Measurement:
    label: str
    queries: int
    median_ms: float
    status: int

    def row(self) -> str:
        return f"{self.label:<60} {self.status:>4} {self.queries:>7} {self.median_ms:>10.1f}"


HEADER = f"{'request':<60} {'code':>4} {'queries':>7} {'warm ms':>10}"


@contextmanager
def count_queries() -> Iterator[list[int]]:
    """Count the statements run inside the block (the test client's request_started signal clears
    Django's query log, so CaptureQueriesContext cannot count across a request)."""
    counted = [0]

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counted


def measure(client, label: str, url: str) -> Measurement:  # type: ignore[no-untyped-def]
    client.get(url)  # warm compiled templates
    cache.clear()  # count the queries of a cold page (a warm one reads only the content versions)
    with count_queries() as counted:
        response = client.get(url)
    queries = counted[0]
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Measurement(label, queries, statistics.median(timings), response.status_code)
