"""The policy tracker at national scale: 20,000 policy records over all 56 jurisdictions. Run with `make bench`."""

from __future__ import annotations

import pytest

from benchmarks.harness import HEADER, measure
from tests.policies.factories import bulk_records

RECORDS = 20_000


@pytest.fixture
def tracker(db):  # type: ignore[no-untyped-def]
    return bulk_records(RECORDS, seed=2026)


def test_tracker_at_national_scale(client, tracker, capsys):  # type: ignore[no-untyped-def]
    record = tracker[0]
    results = [
        measure(client, "map page (maturity level)", "/tracker/"),
        measure(client, "map page as of 2012", "/tracker/?year=2012"),
        measure(client, "state profile (CA)", "/tracker/states/CA/"),
        measure(client, "policy list page", "/tracker/policies/"),
        measure(client, "policy list page, text + state filter", "/tracker/policies/?q=bulk&jurisdiction=TX"),
        measure(client, "policy list page, page 100", "/tracker/policies/?page=100"),
        measure(client, "policy detail", f"/tracker/policies/{record.public_id}/"),
        measure(client, "API jurisdictions (56 with levels)", "/api/v1/jurisdictions/"),
        measure(client, "API policies, first page", "/api/v1/policies/?limit=100"),
        measure(client, "API policies, as_of filter", "/api/v1/policies/?as_of=2015-01-01&limit=100"),
        measure(client, "what changed (this year)", "/tracker/changes/"),
    ]
    with capsys.disabled():
        print("\n" + HEADER)
        for r in results:
            print(r.row())
    assert all(r.status == 200 for r in results), [r for r in results if r.status != 200]
    assert results[5].queries == results[3].queries  # a deep page costs what the first page costs
