"""Each role lands on its own "My work" page after signing in; the lists are paginated and query-bounded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from statewide.accounts.models import Role
from statewide.core.jobs import job_enqueue
from tests.factories import DistrictFactory, person, state_agency
from tests.policies.factories import PolicyRecordFactory
from tests.selfassessment import factories as sa

pytestmark = pytest.mark.django_db
MY_WORK_BUDGET = 12  # each role's sections: the capacity module adds one list (2 queries) for state staff and for district people


def _html(client: Client) -> str:
    response = client.get("/my-work/")
    assert response.status_code == 200
    return response.content.decode()


def test_sign_in_lands_on_my_work_and_the_header_links_it(client: Client) -> None:
    from tests.factories import TEST_PASSWORD  # noqa: PLC0415

    person(Role.STATE_ADMIN, state_agency("TX"), email="admin@example.org")
    response = client.post("/account/signin/", {"username": "admin@example.org", "password": TEST_PASSWORD})
    assert response["Location"] == "/my-work/"
    html = client.get("/").content.decode()
    assert 'href="/my-work/"' in html
    assert client.get("/my-work/", follow=False).status_code == 200
    client.logout()
    assert client.get("/my-work/").status_code == 302


def test_state_admin_sees_campaigns_records_to_review_and_imports(client: Client) -> None:
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    campaign = sa.campaign(title="Texas round one")
    stale = PolicyRecordFactory(state="TX", title="Old Texas record", checked_on=dt.date(2020, 1, 1))
    PolicyRecordFactory(state="TX", title="Fresh Texas record", checked_on=dt.date.today())
    PolicyRecordFactory(state="NH", title="New Hampshire record", checked_on=None)
    job_enqueue(actor=admin, kind="test", label="My import job", handler="tests.foundation.test_jobs.flaky", payload={}, max_attempts=1)
    client.force_login(admin)
    html = _html(client)
    assert "Texas round one" in html and f"/where-to-begin/self-assessment/{campaign.public_id}/" in html
    assert "Old Texas record" in html and str(stale.public_id) in html
    assert "Fresh Texas record" not in html and "New Hampshire record" not in html
    assert "My import job" in html and "Import policy records" in html


def test_each_role_gets_its_own_sections(client: Client) -> None:
    district = DistrictFactory(name="Crosbyton CISD", nces_leaid="4800001")
    for role, org, expected, absent in (
        (Role.CONTENT_EDITOR, None, "Unpublished framework drafts", "Self-assessment campaigns"),
        (Role.STATE_REVIEWER, state_agency("TX"), "Policy records to review", "Self-assessment campaigns"),
        (Role.DISTRICT_LEAD, district, "Crosbyton CISD", "Policy records to review"),
        (Role.EDUCATOR, district, "Crosbyton CISD", "Unpublished framework drafts"),
        (Role.ASSESSOR, district, "Submissions to assess", "Self-assessment campaigns"),
    ):
        client.force_login(person(role, org))
        html = _html(client)
        assert expected in html and absent not in html, role
        assert "Imports and e-mails in the background" in html


def test_lists_are_paginated_within_a_query_budget(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    for i in range(25):
        sa.campaign(title=f"Campaign {i:02d}")
    PolicyRecordFactory.create_batch(40, state="TX", checked_on=None)
    for i in range(30):
        job_enqueue(actor=admin, kind="test", label=f"Job {i:02d}", handler="tests.foundation.test_jobs.flaky", payload={}, max_attempts=1)
    client.force_login(admin)
    _html(client)  # warm the principal and session
    with django_assert_max_num_queries(MY_WORK_BUDGET):
        html = _html(client)
    assert "Page 1 of 3" in html and "Page 1 of 4" in html
    assert html.count("usa-pagination__next-page") == 3
    page2 = client.get("/my-work/?campaigns=2").content.decode()
    assert "Page 2 of 3" in page2 and "campaigns=3" in page2 and "campaigns=1" in page2
