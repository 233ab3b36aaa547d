"""Query budgets with a campaign of 5,000 respondents (the scale a large state could reach)."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.core.permissions import SYSTEM
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

pytestmark = pytest.mark.django_db
RESULTS_PAGE_BUDGET = 12
EXPORT_BUDGET = 11
API_RESULTS_BUDGET = 11
API_LIST_BUDGET = 6
LANDING_BUDGET = 6
MEETING_BUDGET = 14
ROADMAP_BUDGET = 12
COMPARE_BUDGET = 24


@pytest.fixture
def big_campaign():  # type: ignore[no-untyped-def]
    c = f.campaign(
        groups=["Legislators", "State board members", "Agency staff", "District leaders", "Educators", "Families", "Students", "Higher education", "Employers"]
    )
    sizes = [400, 300, 600, 800, 1500, 700, 500, 197, 3]  # 5,000 in all, one group below threshold
    for i, (g, n) in enumerate(zip(c.groups.order_by("position"), sizes, strict=True)):
        f.respondents(g, n, jitter=True, seed=i, comment="Some evidence" if i % 2 else "")
    return c


def test_results_page_and_exports_hold_budget_with_5000_respondents(client: Client, big_campaign, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(person("state_admin", state_agency("TX")))
    pid = big_campaign.public_id
    with django_assert_max_num_queries(RESULTS_PAGE_BUDGET):
        resp = client.get(f"/where-to-begin/self-assessment/{pid}/results/")
    assert resp.status_code == 200 and "5000 submitted responses" in resp.content.decode()
    assert "Employers" not in resp.content.decode()
    with django_assert_max_num_queries(EXPORT_BUDGET):
        assert client.get(f"/where-to-begin/self-assessment/{pid}/results.csv").status_code == 200
    with django_assert_max_num_queries(MEETING_BUDGET):
        assert client.get(f"/where-to-begin/self-assessment/{pid}/meeting/vision-for-student-success/").status_code == 200
    from statewide.selfassessment import services  # noqa: PLC0415

    for item in f.conditions()[:3]:
        services.decision_record(actor=SYSTEM, campaign=big_campaign, item=item, level=None, rationale="Agreed.", is_priority=True)
    with django_assert_max_num_queries(ROADMAP_BUDGET):
        assert client.get(f"/where-to-begin/self-assessment/{pid}/roadmap/").status_code == 200
    earlier = f.campaign(title="Earlier round", opens_on=big_campaign.opens_on)
    f.respondents(earlier.groups.first(), 6)
    with django_assert_max_num_queries(COMPARE_BUDGET):
        page = client.get(f"/where-to-begin/self-assessment/{pid}/compare/")
    assert "Earlier round" in page.content.decode()
    with django_assert_max_num_queries(API_RESULTS_BUDGET):
        api = client.get(f"/api/v1/self-assessments/{pid}/results").json()
    assert api["respondents"] == 5000
    assert "Employers" not in [g["label"] for g in api["groups"]]


def test_lists_hold_budget(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        c = f.campaign(title=f"Round {i}", groups=["A", "B"])
        f.respondents(c.groups.first(), 2)
    client.force_login(person(operator=True))
    with django_assert_max_num_queries(LANDING_BUDGET):
        assert client.get("/where-to-begin/self-assessment/").status_code == 200
    with django_assert_max_num_queries(API_LIST_BUDGET):
        body = client.get("/api/v1/self-assessments/?limit=20").json()
    assert len(body["items"]) == 20 and body["next_cursor"]
    rest = client.get(f"/api/v1/self-assessments/?limit=20&cursor={body['next_cursor']}").json()
    assert len(rest["items"]) == 10 and rest["next_cursor"] is None
    assert {i["responses"] for i in body["items"]} == {2}


def test_api_requires_sign_in(client: Client) -> None:
    assert client.get("/api/v1/self-assessments/").status_code == 401
