"""core.bulk: rows written in bulk read back exactly as the ORM would have written them, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.core.bulk import bulk_update_rows
from statewide.policies.models import PolicyRecord
from tests.policies.factories import PolicyRecordFactory

pytestmark = pytest.mark.django_db


def test_bulk_update_rows_writes_every_kind_of_value_and_only_the_named_rows():
    records = [PolicyRecordFactory() for _ in range(5)]
    untouched = records.pop()
    before = PolicyRecord.objects.values().get(pk=untouched.pk)
    rows = [
        (r.pk, f"Edited {n}", dt.date(2020, 1, n + 1), n % 2 == 0, [{"url": f"https://example.org/{n}", "title": 'It\'s "quoted"'}], None)
        for n, r in enumerate(records)
    ]
    columns = ["title", "enacted_on", "confirmed", "sources", "checked_on"]
    assert bulk_update_rows(PolicyRecord, columns, rows, batch_size=2) == 4
    stored = {r["id"]: r for r in PolicyRecord.objects.filter(pk__in=[r.pk for r in records]).values("id", *columns)}
    for pk, *values in rows:
        assert [stored[pk][c] for c in columns] == values
    assert PolicyRecord.objects.values().get(pk=untouched.pk) == before
    assert bulk_update_rows(PolicyRecord, columns, []) == 0
