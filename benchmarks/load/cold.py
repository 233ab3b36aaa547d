"""Cold requests through the running gunicorn: the state with the most records, the map and the
jurisdictions API, each right after the shared cache is cleared, and right after a write to one
other state (its scoped version bumped, as a service write does), and right after a write to the
biggest state itself (its stored summary and ranking computed again). The stored per-state rows are
data, not cache: clearing the cache keeps them. Median of nine, after ten
requests of each page to warm the workers (not the cache); prints a Markdown table, and each
request's time to stderr. Run by scripts/load.sh before locust, on the same dataset and server.

    python benchmarks/load/cold.py http://127.0.0.1:8765
"""

from __future__ import annotations

import statistics
import sys
import time
import urllib.request

import django

RUNS = 9
WARM_UP = 10  # requests per page first, so that every gunicorn worker has served each page


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback URL built here
        response.read()
        assert response.status == 200, url
    return (time.perf_counter() - start) * 1000


def main(base: str) -> str:
    django.setup()
    from django.core.cache import cache  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415
    from django.db.models import Count  # noqa: PLC0415

    from statewide.core.cache import content_changed  # noqa: PLC0415
    from statewide.places.models import Jurisdiction  # noqa: PLC0415

    by_size = Jurisdiction.objects.annotate(n=Count("policy_records")).order_by("-n")
    biggest, other = by_size[0], by_size.last()
    assert biggest is not None and other is not None
    pages = [
        (f"state profile ({biggest.usps}, {biggest.n:,} records)", f"/tracker/states/{biggest.usps}/"),
        ("tracker map", "/tracker/"),
        ("tracker map, 2015 (the year slider)", "/tracker/?year=2015"),
        ("API jurisdictions", "/api/v1/jurisdictions/"),
        ("API jurisdictions as of 2015-01-01", "/api/v1/jurisdictions/?as_of=2015-01-01"),
    ]

    def cleared() -> None:
        cache.clear()

    def written_elsewhere() -> None:
        with transaction.atomic():
            content_changed("policies", scopes=[other.usps])

    def written_there() -> None:  # the first read after a change to the biggest state's own records
        with transaction.atomic():
            content_changed("policies", scopes=[biggest.usps])

    lines = [
        f"| cold request (median of {RUNS}) | cache cleared, ms | after a write to {other.usps}, ms | after a write to {biggest.usps}, ms |",
        "|---|---:|---:|---:|",
    ]
    # Each worker's first requests load templates and code: not what "cold" measures (the cache).
    for _label, path in pages:
        for _ in range(WARM_UP):
            _get(base + path)
    for label, path in pages:
        timings = []
        for prepare in (cleared, written_elsewhere, written_there):
            runs = []
            for _ in range(RUNS):
                prepare()
                runs.append(_get(base + path))
            print(label, prepare.__name__, [round(r) for r in runs], file=sys.stderr)
            timings.append(statistics.median(runs))
        lines.append(f"| {label} | {timings[0]:.0f} | {timings[1]:.0f} | {timings[2]:.0f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main(sys.argv[1].rstrip("/")))
