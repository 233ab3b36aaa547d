"""Query budgets on every list of the programs module: 1,000 applications and 5,000 annual reports."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.programs import bulk
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
APPLICATIONS = 1000
REPORTS_EACH = 5  # 5,000 reports
INDEX_BUDGET = 6
PROGRAM_PAGE_BUDGET = 12
REGISTRY_BUDGET = 7
DASHBOARD_BUDGET = 10
API_PROGRAMS_BUDGET = 6
API_LIST_BUDGET = 6
MY_WORK_BUDGET = 12


@pytest.fixture
def big_program():  # type: ignore[no-untyped-def]
    prog = f.program()
    bulk.build(prog, applications=APPLICATIONS, reports_per_application=REPORTS_EACH)
    return prog


def test_lists_hold_their_budgets(client: Client, big_program, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    pid = big_program.public_id
    with django_assert_max_num_queries(INDEX_BUDGET):
        assert client.get("/programs/").status_code == 200
    with django_assert_max_num_queries(REGISTRY_BUDGET):
        page = client.get("/programs/registry/TX/")
    assert page.status_code == 200 and "Page 1 of" in page.content.decode()
    with django_assert_max_num_queries(API_PROGRAMS_BUDGET):
        body = client.get("/api/v1/programs/?state=TX").json()
    assert len(body["items"][0]["participants"]) == APPLICATIONS * 3 // 5  # conditional, approved, completed
    with django_assert_max_num_queries(API_LIST_BUDGET):
        assert len(client.get("/api/v1/programs/reports/?limit=200").json()["items"]) == 200
    with django_assert_max_num_queries(API_LIST_BUDGET):
        assert len(client.get("/api/v1/programs/decisions/").json()["items"]) == 0
    admin = f.admin()
    client.force_login(admin)
    client.get("/my-work/")  # warm the session and principal
    with django_assert_max_num_queries(PROGRAM_PAGE_BUDGET):
        assert client.get(f"/programs/{pid}/").status_code == 200
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        dash = client.get(f"/programs/{pid}/dashboard/")
    assert dash.status_code == 200
    with django_assert_max_num_queries(API_LIST_BUDGET):
        assert len(client.get("/api/v1/programs/applications/?limit=200").json()["items"]) == 200
    with django_assert_max_num_queries(API_LIST_BUDGET):
        assert len(client.get("/api/v1/programs/reports/?limit=200").json()["items"]) == 200


def test_the_lead_my_work_holds_its_budget(client: Client, big_program, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    lead = f.lead()
    for _i in range(15):
        f.draft(big_program, lead, complete=False)
    client.force_login(lead)
    client.get("/my-work/")
    with django_assert_max_num_queries(MY_WORK_BUDGET):
        page = client.get("/my-work/").content.decode()
    assert "Innovation programs: what is next" in page and "Page 1 of 2" in page
