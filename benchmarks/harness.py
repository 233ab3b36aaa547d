"""A tiny measuring harness: query count (cold cache) and median wall time (warm) of a request, printed as a table row."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def measure(client, label: str, url: str) -> Measurement:  # type: ignore[no-untyped-def]
    client.get(url)  # warm compiled templates
    cache.clear()  # count the queries of a cold page (a warm one reads only the content versions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # read now: the next request's request_started signal clears the log
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Measurement(label, queries, statistics.median(timings), response.status_code)
