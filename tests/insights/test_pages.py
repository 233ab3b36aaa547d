"""The equity dashboard, comparison districts and the minimum n through pages and the API: permissions, empty states,
cache invalidation when enrollment or participation changes, and query budgets that do not grow with districts."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statewide.accounts.models import Role
from statewide.capacity import services as capacity
from statewide.core.cache import content_changed
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.places.models import DistrictEnrollment, StateDisclosure
from statewide.places.selectors import school_years_between
from statewide.places.services import enrollment_import
from tests.factories import DistrictFactory, person, state_agency
from tests.insights.conftest import JOINED, enrollment_row, make_state
from tests.insights.test_budgets import COMPARISON_PAGE_BUDGET

EQUITY_PAGE_BUDGET = 12
EQUITY_API_BUDGET = 10


@pytest.mark.django_db
def test_a_state_without_data_says_so_honestly(client):
    page = client.get("/insights/TX/equity/")
    assert page.status_code == 200 and "No student enrollment has been imported" in page.content.decode()
    assert client.get("/api/v1/insights/enrollment", {"state": "TX"}).status_code == 404
    assert client.get("/insights/ZZ/equity/").status_code == 404
    make_state(6, members=0)
    page = client.get("/insights/TX/equity/").content.decode()
    assert "No district takes part" in page and "Participating districts" in page


@pytest.mark.django_db
def test_figures_follow_enrollment_and_participation_at_once(client, small_state):
    first = client.get("/api/v1/insights/equity", {"state": "TX"}).json()
    assert first["participating_districts"] == 4 and first["school_year"] == "2013-14"
    assert client.get("/api/v1/insights/equity", {"state": "TX"})["X-Cache"] == "hit"
    # A new network member: participation changed, so the cached figures are not served.
    district = small_state["districts"][5]
    capacity.network_select(actor=SYSTEM, member=capacity.network_apply(actor=SYSTEM, network=small_state["network"], district=district), joined_on=JOINED)
    second = client.get("/api/v1/insights/equity", {"state": "TX"}).json()
    assert second["participating_districts"] == 5
    students = DistrictEnrollment.objects.filter(school_year="2013-14", district__in=[*small_state["districts"][:4], district]).values_list(
        "all_students", flat=True
    )
    assert second["groups"][0]["participating"]["count"] == sum(students)
    # An enrollment import changes them too.
    header = "leaid,school_year,all_students,hispanic,american_indian,asian,black,pacific_islander,white,two_or_more,economically_disadvantaged,english_learners,students_with_disabilities\n"
    enrollment_import(actor=SYSTEM, data=header + f"{district.nces_leaid},2013-14,5000,0,0,0,0,0,5000,0,100,0,0\n", source="test")
    third = client.get("/api/v1/insights/equity", {"state": "TX"}).json()
    students = DistrictEnrollment.objects.filter(school_year="2013-14", district__in=[*small_state["districts"][:4], district]).values_list(
        "all_students", flat=True
    )
    assert 5000 in students and third["groups"][0]["participating"]["count"] == sum(students)


@pytest.mark.django_db
def test_comparison_districts_are_for_state_staff(client, small_state):
    me = small_state["districts"][0]
    assert client.get("/insights/TX/comparison/").status_code in (302, 403)
    client.force_login(person(Role.DISTRICT_LEAD, me))
    assert client.get("/insights/TX/comparison/").status_code == 403
    assert client.get("/api/v1/insights/comparison", {"state": "TX", "leaid": me.nces_leaid}).status_code == 403
    client.force_login(person(Role.STATE_REVIEWER, state_agency("TX")))
    page = client.get("/insights/TX/comparison/", {"district": me.nces_leaid})
    html = page.content.decode()
    assert page.status_code == 200 and me.name in html and "participating" in html
    body = client.get("/api/v1/insights/comparison", {"state": "TX", "leaid": me.nces_leaid}).json()
    assert body["district"]["leaid"] == me.nces_leaid
    members = {d.nces_leaid for d in small_state["districts"][:4]}
    assert not members & {d["leaid"] for d in body["similar"]}  # only districts taking part in nothing
    assert all(len(d["leaid"]) == 7 for d in body["similar"])
    # A district that takes part in nothing has no comparison.
    outsider = small_state["districts"][-1]
    assert client.get("/api/v1/insights/comparison", {"state": "TX", "leaid": outsider.nces_leaid}).status_code == 404


@pytest.mark.django_db
def test_a_state_admin_sets_the_minimum_n_with_an_audit_event(client, small_state):
    client.force_login(person(Role.DISTRICT_LEAD, small_state["districts"][0]))
    assert client.post("/insights/TX/disclosure/", {"minimum_n": 20}).status_code == 403
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    bad = client.post("/insights/TX/disclosure/", {"minimum_n": 2})
    assert bad.status_code == 200 and "usa-error-message" in bad.content.decode()
    assert client.post("/insights/TX/disclosure/", {"minimum_n": 20}).status_code == 302
    assert StateDisclosure.objects.get(jurisdiction__usps="TX").minimum_n == 20
    event = AuditEvent.objects.filter(action="disclosure.set").get()
    assert (event.before, event.after) == ({"minimum_n": 10}, {"minimum_n": 20})
    client.logout()
    assert client.get("/api/v1/insights/enrollment", {"state": "TX"}).json()["minimum_n"] == 20


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_dashboards_answer_in_constant_queries(client, django_assert_max_num_queries):
    state = make_state(20, members=3)
    small = [_queries(client, "/insights/TX/equity/")]
    content_changed("places")  # each measure starts from cold caches
    small.append(_queries(client, "/api/v1/insights/equity", {"state": "TX", "locale": "city"}))
    rng = random.Random(3)
    more = [DistrictFactory(state="TX", locale_code="41") for _ in range(25)]
    DistrictEnrollment.objects.bulk_create([enrollment_row(d, y, rng) for d in more for y in ("2012-13", "2013-14")])
    content_changed("places")
    for d in more[:5]:
        capacity.network_select(actor=SYSTEM, member=capacity.network_apply(actor=SYSTEM, network=state["network"], district=d), joined_on=JOINED)
    with django_assert_max_num_queries(EQUITY_PAGE_BUDGET):
        client.get("/insights/TX/equity/", {"year": "2012-13"})
    with django_assert_max_num_queries(EQUITY_API_BUDGET):
        client.get("/api/v1/insights/equity", {"state": "TX", "locale": "rural", "school_year": "2012-13"})
    content_changed("places")  # cold caches again: the same queries as with 20 districts
    assert _queries(client, "/insights/TX/equity/") == small[0] <= EQUITY_PAGE_BUDGET
    content_changed("places")
    assert _queries(client, "/api/v1/insights/equity", {"state": "TX", "locale": "city"}) == small[1] <= EQUITY_API_BUDGET
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    with django_assert_max_num_queries(COMPARISON_PAGE_BUDGET):
        client.get("/insights/TX/comparison/", {"district": more[0].nces_leaid})


@pytest.mark.django_db
def test_an_approved_innovation_program_makes_a_district_participate_at_once(client):
    from tests.programs import factories as pf  # noqa: PLC0415

    this_year = school_years_between(timezone.localdate(), timezone.localdate())[0]
    state = make_state(8, members=0, years=("2013-14", this_year))
    assert client.get("/api/v1/insights/equity", {"state": "TX"}).json()["participating_districts"] == 0
    district = state["districts"][2]
    pf.to_approved(pf.program(), pf.lead(district), pf.admin(), pf.reviewer())
    body = client.get("/api/v1/insights/equity", {"state": "TX"}).json()
    assert body["participating_districts"] == 1 and body["school_year"] == this_year
    # Its term starts today: it took no part in earlier school years.
    assert client.get("/api/v1/insights/equity", {"state": "TX", "school_year": "2013-14"}).json()["participating_districts"] == 0
    mine = DistrictEnrollment.objects.get(district=district, school_year=this_year).all_students
    assert body["groups"][0]["participating"]["count"] == mine
