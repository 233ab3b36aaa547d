"""The one participation rule (`programs.stats.participants_in`), used by the programs dashboard (calendar
years) and the insights (school years): properties over arbitrary spans and periods."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.programs.stats import participants_in

DAY0 = dt.date(2010, 1, 1)


def _span(a: int, b: int) -> tuple[dt.date, dt.date]:
    first, last = sorted((a, b))
    return DAY0 + dt.timedelta(days=first), DAY0 + dt.timedelta(days=last)


spans_strategy = st.dictionaries(
    st.integers(1, 30), st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)).map(lambda p: _span(*p)), min_size=1, max_size=4), max_size=12
)
periods_strategy = st.dictionaries(st.text(min_size=1, max_size=4), st.tuples(st.integers(0, 5000), st.integers(0, 5000)).map(lambda p: _span(*p)), max_size=6)


def _days(span: tuple[dt.date, dt.date]) -> set[dt.date]:
    first, last = span
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


@settings(max_examples=60, deadline=None)
@given(spans_strategy, periods_strategy)
def test_a_district_takes_part_in_a_period_exactly_when_one_of_its_spans_shares_a_day_with_it(spans, periods):
    found = participants_in(spans, periods)
    assert set(found) == set(periods)
    for key, period in periods.items():
        days = _days(period)
        expected = {d for d, ranges in spans.items() if any(days & _days(r) for r in ranges)}
        assert found[key] == expected


@settings(max_examples=60, deadline=None)
@given(spans_strategy, periods_strategy, st.integers(1, 30), st.tuples(st.integers(0, 5000), st.integers(0, 5000)))
def test_more_participation_never_removes_a_district_from_a_period(spans, periods, district, extra):
    before = participants_in(spans, periods)
    grown = {**spans, district: [*spans.get(district, []), _span(*extra)]}
    after = participants_in(grown, periods)
    assert all(before[key] <= after[key] for key in periods)
