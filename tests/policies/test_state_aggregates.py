"""The stored per-state summaries (policies.summaries) and profile rankings (policies.rankings): never
stale after a write through the services, recomputed only for the states a write touched, and (the
summaries) again when a record's date arrives."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statewide.accounts.models import Role
from statewide.policies.models import StateAggregate
from statewide.policies.selectors import state_profile
from statewide.policies.services import policy_record_create, policy_record_update
from statewide.policies.summaries import _summaries, state_summaries
from tests.factories import person
from tests.policies.test_cache import _record_data, _write

pytestmark = pytest.mark.django_db


def _fresh() -> list:  # type: ignore[type-arg]
    """The summaries computed from the records alone, ignoring the stored rows."""
    return _summaries(None, timezone.localdate(), stored=False)


@pytest.mark.parametrize("seed", [4, 5])
def test_stored_summaries_equal_the_records_after_every_service_write(seeded, seed):
    rng = random.Random(seed)
    editor = person(Role.CONTENT_EDITOR)
    assert state_summaries() == _fresh()
    for step in range(8):
        op = _write(rng, editor, step)
        cache.clear()  # the rows, not the cache, must be right
        assert state_summaries() == _fresh(), f"stale summary after {op} (seed {seed}, step {step})"
        for usps in ("TX", "ID"):  # the stored ranking of each profile, against the records ranked afresh
            stored, live = state_profile(AnonymousUser(), usps), state_profile(AnonymousUser(), usps, stored=False)
            assert stored == live, f"stale ranking of {usps} after {op} (seed {seed}, step {step})"


def test_a_cleared_cache_keeps_the_stored_ranking_and_a_write_there_replaces_it(client, seeded):
    def rankings(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum("ROW_NUMBER" in q["sql"].upper() for q in queries.captured_queries)

    assert rankings("/tracker/states/TX/") == 1  # ranked, and stored with Texas's summary row
    cache.clear()
    assert rankings("/tracker/states/TX/") == 0  # read from the row
    editor = person(Role.CONTENT_EDITOR)
    record = policy_record_create(actor=editor, data=_record_data(random.Random(3), "TX"))
    cache.clear()
    assert rankings("/tracker/states/TX/") == 1  # Texas changed: ranked again
    assert record.title in client.get("/tracker/states/TX/").content.decode()


def test_a_write_recomputes_only_its_state_and_a_move_both_states(seeded):
    editor = person(Role.CONTENT_EDITOR)
    state_summaries()
    before = {a.jurisdiction.usps: a.basis for a in StateAggregate.objects.select_related("jurisdiction")}
    assert len(before) == 56
    record = policy_record_create(actor=editor, data=_record_data(random.Random(1), "TX"))
    cache.clear()
    state_summaries()
    after = {a.jurisdiction.usps: a.basis for a in StateAggregate.objects.select_related("jurisdiction")}
    assert {u for u in after if after[u] != before[u]} == {"TX"}
    policy_record_update(actor=editor, record=record, data={"jurisdiction": "ID"})
    cache.clear()
    assert state_summaries() == _fresh()
    moved = {a.jurisdiction.usps: a.basis for a in StateAggregate.objects.select_related("jurisdiction")}
    assert {u for u in moved if moved[u] != after[u]} == {"TX", "ID"}


def test_a_record_coming_into_force_changes_the_summary_on_its_day_without_a_write(seeded):
    editor = person(Role.CONTENT_EDITOR)
    today = timezone.localdate()
    start = today + dt.timedelta(days=10)
    data = {**_record_data(random.Random(2), "WY"), "enacted_on": start.isoformat()}
    policy_record_create(actor=editor, data=data)
    wy = next(s for s in state_summaries() if s.usps == "WY")
    assert StateAggregate.objects.get(jurisdiction__usps="WY").valid_until == start
    with time_machine.travel(dt.datetime.combine(start, dt.time(12)), tick=False):
        cache.clear()
        later = next(s for s in state_summaries() if s.usps == "WY")
        assert later.records_in_force == wy.records_in_force + 1
        assert state_summaries() == _summaries(None, timezone.localdate(), stored=False)
