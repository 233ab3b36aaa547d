"""Query budgets of the capacity pages and endpoints, on bulk-built data large enough to expose N+1 queries."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.models import Network
from statewide.core.bulk import bulk_insert
from statewide.core.permissions import SYSTEM
from tests.capacity.bulk import build
from tests.factories import jurisdiction, person, state_agency

pytestmark = pytest.mark.django_db

STATE_OVERVIEW_BUDGET = 16
SUPPORTS_PAGE_BUDGET = 14
TA_QUEUE_BUDGET = 18
DISTRICT_PROFILE_BUDGET = 26
NETWORK_PAGE_BUDGET = 14
NETWORK_LIST_BUDGET = 8
RESOURCES_BUDGET = 10
API_LIST_BUDGET = 12
MY_WORK_BUDGET = 30


@pytest.fixture
def data(instrument):
    orgs = build(instrument, districts=300, schools_per_district=4)
    network = services.network_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), title="N", purpose="", cap=40, domains=[])
    for org in orgs[:30]:
        services.network_select(actor=SYSTEM, member=services.network_apply(actor=SYSTEM, network=network, district=org))
    convening = services.convening_create(actor=SYSTEM, network=network, title="C", held_on=__import__("datetime").date(2026, 1, 1))
    services.attendance_record(actor=SYSTEM, convening=convening, districts=orgs[:20])
    services.library_seed_load(actor=SYSTEM)
    texas = jurisdiction("TX")
    bulk_insert(
        Network,
        [Network(jurisdiction=texas, title=f"Cohort {i}", cap=10, applications_close_on=dt.date.today() + dt.timedelta(days=30 + i)) for i in range(30)],
    )
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    lead = person(Role.DISTRICT_LEAD, orgs[0])
    return {"orgs": orgs, "admin": admin, "lead": lead, "network": network}


def test_state_pages_stay_within_budget(client, data, django_assert_max_num_queries):
    client.force_login(data["admin"])
    for url, budget in (
        ("/capacity/states/TX/", STATE_OVERVIEW_BUDGET),
        ("/capacity/states/TX/?page=5", STATE_OVERVIEW_BUDGET),
        ("/capacity/states/TX/supports/", SUPPORTS_PAGE_BUDGET),
        ("/capacity/states/TX/ta/", TA_QUEUE_BUDGET),
        ("/my-work/", MY_WORK_BUDGET),
        ("/api/v1/capacity/states/TX/supports?limit=100", API_LIST_BUDGET),
        ("/api/v1/capacity/ta-requests?limit=100", API_LIST_BUDGET),
        ("/api/v1/districts/?state=TX&limit=100", API_LIST_BUDGET),
    ):
        with django_assert_max_num_queries(budget, info=url):
            assert client.get(url).status_code == 200, url


def test_district_and_public_pages_stay_within_budget(client, data, django_assert_max_num_queries):
    client.force_login(data["lead"])
    with django_assert_max_num_queries(DISTRICT_PROFILE_BUDGET):
        assert client.get(f"/capacity/districts/{data['orgs'][0].nces_leaid}/").status_code == 200
    with django_assert_max_num_queries(API_LIST_BUDGET):
        assert client.get(f"/api/v1/districts/{data['orgs'][0].nces_leaid}/readiness-rounds").status_code == 200
    client.logout()
    with django_assert_max_num_queries(NETWORK_PAGE_BUDGET):
        assert client.get(f"/capacity/networks/{data['network'].public_id}/").status_code == 200
    with django_assert_max_num_queries(NETWORK_LIST_BUDGET):
        assert "Applications are open until" in client.get("/capacity/states/TX/networks/").content.decode()
    with django_assert_max_num_queries(RESOURCES_BUDGET):
        assert client.get("/capacity/resources/?q=a").status_code == 200
    with django_assert_max_num_queries(RESOURCES_BUDGET):
        assert client.get("/capacity/partners/").status_code == 200
