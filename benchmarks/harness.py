"""A tiny measuring harness: query count (cold cache) and median wall time (warm) of a request, printed
as a table row; and the CPU time of the database server's process (the work a request or an import
does there, next to the wall time)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
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


def server_cpu() -> Callable[[], float]:
    """A reader of the CPU seconds used so far by this connection's PostgreSQL backend process (always 0
    on SQLite, whose work is this process's own, or for a server on another machine). The backend's
    process id is looked up here, once, so that reading it later runs no query."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()

    def read() -> float:
        try:  # nanoseconds on the CPU; /proc/<pid>/stat counts only clock ticks (10 ms)
            with open(f"/proc/{pid}/schedstat") as f:
                return int(f.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            pass
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return 0.0

    return read
