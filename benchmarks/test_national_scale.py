"""National scale: ~13,000 districts across every jurisdiction. Run with `make bench`.

Asserts only what must hold at any scale (every list has a constant number of queries, deep pages
cost what the first page costs) and prints timings for people to read; no timed assertions.
"""

from __future__ import annotations

import pytest

from benchmarks.harness import HEADER, measure
from statewide.cli.management.commands.generate_national import districts
from statewide.places.models import Organisation, OrganisationKind

DISTRICTS = 13_000


@pytest.fixture
def national(db):  # type: ignore[no-untyped-def]
    """The districts `statewide generate-national` builds (seeded), so benchmark and load test share one dataset."""
    districts(DISTRICTS, seed=2026)


def test_district_directory_at_national_scale(client, national, capsys):  # type: ignore[no-untyped-def]
    some_district = Organisation.objects.filter(kind=OrganisationKind.DISTRICT, jurisdiction__usps="CA").values_list("nces_leaid", flat=True)[0]
    results = [
        measure(client, "districts page, all", "/districts/"),
        measure(client, "districts page, one state", "/districts/?state=TX"),
        measure(client, "districts page, text search", "/districts/?q=unified"),
        measure(client, "districts page, page 100", "/districts/?page=100"),
        measure(client, "districts API, first page", "/api/v1/districts/?limit=100"),
        measure(client, "districts API, one state", "/api/v1/districts/?state=CA&limit=100"),
        measure(client, "district detail", f"/districts/{some_district}/"),
    ]
    with capsys.disabled():
        print("\n" + HEADER)
        for r in results:
            print(r.row())
    assert all(r.status == 200 for r in results), [r for r in results if r.status != 200]
    first, deep = results[0], results[3]
    assert deep.queries == first.queries
