"""Unknowns shown as unknowns: before the date a source first shows a record of unknown start in
force, the state's status is "Unknown" (map, slider, table, profile, API), never "Not yet"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from statewide.policies.maturity import UNKNOWN, StateFacts, derive_level, derive_level_bounded
from statewide.policies.selectors import state_summary
from tests.policies.factories import PolicyRecordFactory

pytestmark = pytest.mark.django_db


def _evidence_only(state: str = "WY", **kw: object) -> None:
    """The state's only record: a source shows it in force in 2016; when it started is unknown."""
    PolicyRecordFactory(state=state, enacted_on=None, known_in_force_on=dt.date(2016, 1, 1), date_precision="year", **kw)


def _map_states(client, **params):
    response = client.get(reverse("policies:index"), params)
    assert response.status_code == 200
    return response, {s["usps"]: s for s in response.context["data"]["states"]}


def test_map_for_2012_shows_unknown_not_not_yet(client):
    _evidence_only()
    response, states = _map_states(client, year=2012)
    assert states["WY"]["category"] == "unknown"
    assert states["WY"]["label"] == "Unknown"
    html = response.content.decode()
    assert 'data-usps="WY" data-category="unknown"' in html
    legend = [c for c, _n in response.context["legend"]]
    codes = [c.code for c in legend]
    assert "unknown" in codes and "not-yet" in codes and "not-tracked" in codes
    unknown = next(c for c in legend if c.code == "unknown")
    assert unknown.fill not in {c.fill for c in legend if c.code != "unknown"}
    assert {c.code: n for c, n in response.context["legend"]}["unknown"] == 1
    # once the source shows it in force, the level is known
    _r, later = _map_states(client, year=2017)
    assert later["WY"]["category"] not in {"unknown", "not-yet", "not-tracked"}


def test_known_start_is_still_not_yet_before_it(client):
    PolicyRecordFactory(state="WY", enacted_on=dt.date(2016, 3, 1))
    _r, states = _map_states(client, year=2012)
    assert states["WY"]["category"] == "not-yet"


def test_ended_before_the_date_is_known_not_in_force(client):
    # first seen in force in 2016, ended 2017: in 2018 it is known not to be in force
    _evidence_only(ended_on=dt.date(2017, 7, 1), status="repealed")
    assert state_summary("WY", dt.date(2018, 12, 31)).level == "not-yet"
    assert state_summary("WY", dt.date(2012, 12, 31)).level == UNKNOWN


def test_type_and_condition_measures_say_unknown_too(client):
    _evidence_only(type_code="task-force")
    _r, states = _map_states(client, year=2012, measure="type:task-force")
    assert states["WY"]["category"] == "unknown"
    _r, states = _map_states(client, year=2012, measure="type:funding")
    assert states["WY"]["category"] == "no"  # a type it never had is a plain "no"


def test_a_known_level_that_the_unknown_record_would_not_change_stays(client):
    PolicyRecordFactory(state="WY", type_code="task-force", enacted_on=dt.date(2010, 1, 1))
    _evidence_only(type_code="innovation-zone")  # would still be "emerging" either way
    assert state_summary("WY", dt.date(2012, 12, 31)).level == "emerging"


def test_profile_and_api_say_unknown(client):
    _evidence_only()
    page = client.get(reverse("policies:state", args=["WY"]), {"year": 2012})
    assert page.context["s"].level == UNKNOWN
    html = page.content.decode()
    assert "Level: Unknown" in html
    assert "first shown in force by a source (start date unknown)" in html
    assert "start unknown; in force by" in html
    body = client.get("/api/v1/jurisdictions/", {"as_of": "2012-12-31"}).json()
    wy = next(j for j in body if j["usps"] == "WY")
    assert wy["level"]["code"] == "unknown" and wy["level"]["name"] == "Unknown"
    assert wy["maybe_policy_types"] == ["pilot-grant"] and wy["policy_types"] == []
    profile = client.get("/api/v1/jurisdictions/WY/", {"as_of": "2012-12-31"}).json()
    assert profile["level"]["code"] == "unknown"
    assert profile["by_type"][0]["recent"][0]["start_unknown"] is True
    today = client.get("/api/v1/jurisdictions/WY/").json()
    assert today["level"]["code"] != "unknown" and today["maybe_policy_types"] == []


def test_map_page_documents_the_unknown_rule(client):
    html = client.get(reverse("policies:index")).content.decode()
    assert "never “Not yet”" in html


TYPES = ["task-force", "pilot-grant", "credit-flexibility", "proficiency-graduation", "educator-capacity", "innovation-network"]
facts = st.builds(
    lambda types, n: StateFacts(tracked=True, records_in_force=len(types) + n, types=frozenset(types)),
    st.sets(st.sampled_from(TYPES)),
    st.integers(min_value=0, max_value=3),
)


@given(known=facts, extra=st.sets(st.sampled_from(TYPES)))
def test_bounded_level_is_certain_or_unknown(known: StateFacts, extra: set[str]) -> None:
    possible = StateFacts(tracked=True, records_in_force=known.records_in_force + len(extra), types=known.types | extra)
    got = derive_level_bounded(known, possible)
    low, high = derive_level(known), derive_level(possible)
    if low.level == high.level:
        assert got == low
    else:
        assert got.level == UNKNOWN
    assert got.level != "not-yet" or high.level == "not-yet"
