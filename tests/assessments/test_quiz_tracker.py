"""The quiz meets the tracker: with a state named, each recommendation shows the state's tracked
policies serving the condition and peer states that acted on it, and the reasons say how the
state's policies changed the ranking."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.frameworks.models import Item
from statewide.policies.models import PolicyRecord
from tests.policies.factories import PolicyRecordFactory, bulk_records

pytestmark = pytest.mark.django_db

SUBMIT_WITH_STATE_QUERY_BUDGET = 18  # 18 measured with 3,000 records: instrument, answers, tracker (4), descriptors, save, audit, and the
# first write of results for a state creating its scoped content counter (assessments@TX; 2 queries, once)

ANSWERS = [{"question": "pathways", "choice": "not-started"}, {"question": "funding", "choice": "not-started"}]


def _serving(state: str, code: str, **kw: object) -> PolicyRecord:
    record = PolicyRecordFactory(state=state, **kw)
    record.conditions.add(Item.objects.get(framework__slug="kw-spf-2019", code=code))
    return record


@pytest.fixture
def tracker(db):
    """New Hampshire serves pathways but not funding; four other states serve funding."""
    nh = _serving("NH", "student-learning-pathways", title="NH extended learning opportunities", type_code="credit-flexibility")
    _serving("VT", "responsive-funding-systems", title="VT flexible pathways grant", type_code="credit-flexibility")
    _serving("ID", "responsive-funding-systems", title="ID mastery line item", type_code="funding", confirmed=False)
    _serving("IA", "responsive-funding-systems", title="IA pilot grant", type_code="pilot-grant")
    _serving("ME", "responsive-funding-systems", title="ME ended grant", type_code="funding", status="expired", ended_on=dt.date(2012, 1, 1))
    _serving("UT", "responsive-funding-systems", title="UT innovation grant", type_code="pilot-grant")
    return nh


def _post(client, usps=None):
    payload = {"answers": ANSWERS, **({"jurisdiction": usps} if usps else {})}
    response = client.post("/api/v1/quiz/results", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _by_code(body):
    return {r["condition"]: r for r in body["recommendations"]}


def test_a_tracked_state_lifts_the_condition_it_has_no_policy_for(client, tracker):
    anonymous = _post(client)
    named = _post(client, "NH")
    # Without a state, the tie breaks by framework order (pathways first); New Hampshire already has a
    # pathways policy and none for funding, so funding gets the no-tracked-policy bonus and comes first.
    assert [r["condition"] for r in anonymous["recommendations"]][:2] == ["student-learning-pathways", "responsive-funding-systems"]
    assert [r["condition"] for r in named["recommendations"]][:2] == ["responsive-funding-systems", "student-learning-pathways"]
    recs = _by_code(named)
    assert recs["responsive-funding-systems"]["score"] == recs["student-learning-pathways"]["score"] + 4
    assert any("no policy of New Hampshire in force" in r and "(+4)" in r for r in recs["responsive-funding-systems"]["reasons"])
    assert any("1 policy of New Hampshire" in r and "NH extended learning opportunities" in r for r in recs["student-learning-pathways"]["reasons"])
    assert named["state"] == {"usps": "NH", "name": "New Hampshire", "tracked": True}


def test_each_recommendation_lists_the_states_policies_and_peers(client, tracker):
    recs = _by_code(_post(client, "NH"))
    pathways = recs["student-learning-pathways"]
    assert [p["title"] for p in pathways["state_policies"]] == ["NH extended learning opportunities"]
    assert pathways["state_policies"][0]["url"] == f"/tracker/policies/{tracker.public_id}/"
    assert pathways["peers"] == []  # no other state serves pathways
    funding = recs["responsive-funding-systems"]
    assert funding["state_policies"] == []
    peers = funding["peers"]
    assert len(peers) == 3
    # most alike first: VT shares New Hampshire's only type in force (credit flexibility)
    assert peers[0]["usps"] == "VT"
    assert "ME" not in {p["usps"] for p in peers}  # ended: not in force
    assert {p["usps"] for p in peers} <= {"VT", "ID", "IA", "UT"}
    idaho = next((p for p in peers if p["usps"] == "ID"), None)
    if idaho:
        assert idaho["records"][0]["confirmed"] is False


def test_an_untracked_state_changes_nothing_and_says_so(client, tracker):
    anonymous = _post(client)
    wyoming = _post(client, "WY")
    assert [r["condition"] for r in wyoming["recommendations"]] == [r["condition"] for r in anonymous["recommendations"]]
    assert [r["score"] for r in wyoming["recommendations"]] == [r["score"] for r in anonymous["recommendations"]]
    assert wyoming["state"]["tracked"] is False
    assert all(any("Wyoming's policies are not tracked yet" in x for x in r["reasons"]) for r in wyoming["recommendations"])


def test_result_page_shows_the_tracker_sections(client, tracker):
    url = client.post("/where-to-begin/", {"pathways": "not-started", "funding": "not-started", "jurisdiction": "NH"})["Location"]
    html = client.get(url).content.decode()
    assert "In the policy tracker: New Hampshire" in html
    assert "NH extended learning opportunities" in html
    assert "States that have acted on it" in html and "VT flexible pathways grant" in html
    assert "No tracked policy of New Hampshire in force serves this condition." in html
    untracked = client.get(client.post("/where-to-begin/", {"funding": "not-started", "jurisdiction": "WY"})["Location"]).content.decode()
    assert "No policies of Wyoming are tracked yet" in untracked


def test_submission_with_a_state_has_a_fixed_query_budget(client, db, django_assert_max_num_queries):
    bulk_records(3000)
    client.get("/api/v1/quiz/")  # installs the instrument
    with django_assert_max_num_queries(SUBMIT_WITH_STATE_QUERY_BUDGET):
        body = _post(client, "TX")
    assert body["recommendations"] and all(len(r["peers"]) <= 3 for r in body["recommendations"])
