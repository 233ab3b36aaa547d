"""The stored per-state summaries and spans (policies.summaries) and profile rankings
(policies.rankings): never stale after a write through the services, recomputed only for the states
a write touched, and (the summaries) again when a record's date arrives."""

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
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.places.models import Jurisdiction
from statewide.policies.models import PolicyRecord, StateAggregate, StateFactsSpan
from statewide.policies.selectors import state_profile
from statewide.policies.services import policy_record_create, policy_record_update
from statewide.policies.summaries import _summaries, state_facts, state_summaries
from tests.factories import person
from tests.policies.factories import PolicyRecordFactory
from tests.policies.test_cache import _record_data, _write

pytestmark = pytest.mark.django_db


PAST = [dt.date(2010, 12, 31), dt.date(2016, 6, 30), dt.date(2030, 1, 1)]  # the random records start in 2005 to 2022


def _fresh(as_of: dt.date | None = None) -> list:  # type: ignore[type-arg]
    """The summaries computed from the records alone, ignoring the stored rows and spans."""
    return _summaries(as_of, timezone.localdate(), stored=False)


@pytest.mark.parametrize("seed", [4, 5])
def test_stored_summaries_equal_the_records_after_every_service_write(seeded, seed):
    rng = random.Random(seed)
    editor = person(Role.CONTENT_EDITOR)
    assert state_summaries() == _fresh()
    for step in range(8):
        op = _write(rng, editor, step)
        cache.clear()  # the rows, not the cache, must be right
        assert state_summaries() == _fresh(), f"stale summary after {op} (seed {seed}, step {step})"
        for day in PAST:
            assert state_summaries(day) == _fresh(day), f"stale summary on {day} after {op} (seed {seed}, step {step})"
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


def _aggregations(day: dt.date) -> int:
    """How many queries reading `state_summaries(day)` from a cleared cache counts records with."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        state_summaries(day)
    return sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_a_past_date_reads_the_stored_spans_and_a_write_recomputes_only_its_state(seeded):
    day = dt.date(2016, 6, 30)
    assert _aggregations(day) == 2  # every state's span computed (types, conditions) and stored
    assert StateFactsSpan.objects.count() == 56
    assert _aggregations(day) == 0
    tx = StateFactsSpan.objects.get(jurisdiction__usps="TX")
    assert tx.valid_from <= day and (tx.valid_until is None or day < tx.valid_until)
    spans = list(StateFactsSpan.objects.all())
    start = max(s.valid_from for s in spans)
    end = min((s.valid_until for s in spans if s.valid_until), default=dt.date(2100, 1, 1))
    other = start if start != day else end - dt.timedelta(days=1)
    assert other != day and start <= other < end  # another day in every state's span: nothing counted again
    assert _aggregations(other) == 0
    before = dict(StateFactsSpan.objects.values_list("jurisdiction__usps", "basis"))
    editor = person(Role.CONTENT_EDITOR)
    policy_record_create(actor=editor, data={**_record_data(random.Random(8), "TX"), "enacted_on": "2012-03-01"})
    assert _aggregations(day) == 2
    after = dict(StateFactsSpan.objects.values_list("jurisdiction__usps", "basis"))
    assert {u for u in after if after[u] != before[u]} == {"TX"}  # Texas's old span replaced, no other recomputed
    assert StateFactsSpan.objects.filter(jurisdiction__usps="TX").count() == 1
    assert state_summaries(day) == _fresh(day)


ONE_YEAR = (dt.date(2011, 1, 1), None, None, dt.date(2012, 1, 1), True)  # enacted, effective, known in force, ended, confirmed
dates = st.one_of(st.none(), st.dates(dt.date(2010, 1, 1), dt.date(2013, 12, 31)))  # narrow: dates that meet


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(st.tuples(dates, dates, dates, dates, st.booleans()), min_size=1, max_size=6),
    on=st.dates(dt.date(2009, 1, 1), dt.date(2014, 12, 31)),
    near=st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(-1, 1))),  # a day next to one of the records' dates
    where=st.floats(0, 1),
)
@example(records=[ONE_YEAR], on=dt.date(2010, 12, 31), near=None, where=0.5)  # the day before it starts
@example(records=[ONE_YEAR], on=dt.date(2011, 12, 31), near=None, where=0.5)  # its last day in force
@example(records=[ONE_YEAR], on=dt.date(2012, 1, 1), near=None, where=0.5)  # the day it ends
def test_a_states_facts_are_the_same_on_every_day_of_its_span(seeded, records, on, near, where):
    """Whatever the records' dates: the facts on any day of the span around a date equal the facts on
    that date, and the span starts and ends on days when one of the records starts or ends."""
    PolicyRecord.objects.filter(jurisdiction__usps="WY").delete()
    for enacted, effective, known, ended, confirmed in records:
        PolicyRecordFactory(state="WY", enacted_on=enacted, effective_on=effective, known_in_force_on=known, ended_on=ended, confirmed=confirmed)
    wy = Jurisdiction.objects.get(usps="WY").pk
    changes = set(PolicyRecord.objects.filter(jurisdiction_id=wy).values_list("in_force_from", flat=True))
    changes |= set(PolicyRecord.objects.filter(jurisdiction_id=wy).values_list("ended_on", flat=True))
    known = sorted(d for d in changes if d is not None)
    if near and known:
        on = known[near[0] % len(known)] + dt.timedelta(days=near[1])
    here = state_facts(on, [wy])
    since, ahead = here.since.get(wy), here.ahead.get(wy)
    first, end = since or dt.date(2000, 1, 1), ahead or dt.date(2020, 1, 1)
    assert first <= on < end
    inside = first + dt.timedelta(days=int((end - first).days * where * 0.999))
    for other in (first, inside, end - dt.timedelta(days=1)):  # its first day, any day, its last day
        assert state_facts(other, [wy]).facts.get(wy) == here.facts.get(wy), (on, other, since, ahead)
    assert since is None or since in changes
    assert ahead is None or ahead in changes
