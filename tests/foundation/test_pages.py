"""The web shell and the districts directory, through their pages."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.accounts.services import membership_grant
from statewide.core.audit import audit_record
from statewide.core.permissions import SYSTEM
from tests.factories import DistrictFactory, UserFactory, person, state_agency

DISTRICT_LIST_QUERIES = 6  # session/user lookups excluded for anonymous: count, page, states for the filter
DISTRICT_DETAIL_QUERIES = 4


@pytest.mark.django_db
def test_home_page_leads_to_each_module(client):
    html = client.get("/").content.decode()
    assert "From a few districts to every student" in html
    for text in ("Framework knowledge base", "Where to begin", "50-state policy tracker", "Districts", "Educator micro-credentials"):
        assert text in html
    assert 'href="#main-content"' in html  # skip link
    assert "/account/signin/" in html


@pytest.mark.django_db
def test_district_list_search_filter_and_pagination(client, django_assert_max_num_queries):
    DistrictFactory.create_batch(120, state="TX")
    # A made-up name no generated district can contain (Faker cities such as "East Austin" could).
    DistrictFactory(state="TX", name="QUIXOTEVILLE ISD", nces_leaid="4808940", city="Quixoteville")
    DistrictFactory.create_batch(5, state="NH")
    with django_assert_max_num_queries(DISTRICT_LIST_QUERIES):
        page1 = client.get("/districts/?state=TX")
    html = page1.content.decode()
    assert "121 districts" in html and "Page 1 of 3" in html
    assert client.get("/districts/?state=TX&page=3").content.decode().count('<th scope="row">') == 21
    found = client.get("/districts/?q=quixoteville").content.decode()
    assert "QUIXOTEVILLE ISD" in found and "1 district" in found
    assert "4808940" in client.get("/districts/?q=4808940").content.decode()
    assert "5 districts" in client.get("/districts/?state=NH").content.decode()


@pytest.mark.django_db
def test_htmx_search_returns_only_the_results_fragment(client):
    DistrictFactory(state="TX", name="AUSTIN ISD")
    html = client.get("/districts/?q=austin", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html


@pytest.mark.django_db
def test_district_detail(client, django_assert_max_num_queries):
    d = DistrictFactory(state="TX", name="AUSTIN ISD", nces_leaid="4808940", locale_code="11")
    with django_assert_max_num_queries(DISTRICT_DETAIL_QUERIES):
        html = client.get("/districts/4808940/").content.decode()
    assert "AUSTIN ISD" in html and "City: large" in html and "Texas" in html
    assert "People and roles" not in html  # member lists are private
    client.force_login(person(Role.DISTRICT_LEAD, d))
    assert "People and roles" in client.get("/districts/4808940/").content.decode()
    assert client.get("/districts/0000000/").status_code == 404


@pytest.mark.django_db
def test_error_pages_use_the_site_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "usa-header" in html and "Request id" in html


@pytest.mark.django_db
def test_forbidden_page_uses_the_site_design(client):
    client.force_login(person(Role.STATE_REVIEWER, state_agency("TX")))
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) >= 8


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


MEMBERS_PAGE_QUERIES = 10  # session, user, principal, organisation, policy check, count, page, revocable, messages
MEMBERS_API_QUERIES = 6
AUDIT_PAGE_QUERIES = 5
AUDIT_API_QUERIES = 4


@pytest.mark.django_db
def test_members_and_audit_lists_stay_within_query_budgets(client, django_assert_max_num_queries):
    """A state agency with many people and a long audit trail: fixed query counts, paginated."""
    sea = state_agency("TX")
    admin = person(Role.STATE_ADMIN, sea)
    for user in UserFactory.create_batch(120):
        membership_grant(actor=SYSTEM, user=user, role=Role.STATE_REVIEWER, organisation=sea)
    for n in range(150):
        audit_record(actor=admin, action="test.event", object_type="thing", object_id=str(n), object_repr=f"thing {n}", scope_state="TX")
    client.force_login(admin)
    with django_assert_max_num_queries(MEMBERS_PAGE_QUERIES):
        html = client.get(f"/organisations/{sea.public_id}/members/").content.decode()
    assert "121 roles" in html and "Page 1 of 3" in html
    with django_assert_max_num_queries(MEMBERS_API_QUERIES):
        body = client.get(f"/api/v1/organisations/{sea.public_id}/members?limit=50").json()
    assert len(body["items"]) == 50 and body["next_cursor"]
    seen = len(body["items"])
    while body["next_cursor"]:
        body = client.get(f"/api/v1/organisations/{sea.public_id}/members?limit=50&cursor={body['next_cursor']}").json()
        seen += len(body["items"])
    assert seen == 121
    with django_assert_max_num_queries(AUDIT_PAGE_QUERIES):
        audit_html = client.get("/audit/").content.decode()
    assert "thing 149" in audit_html and "Page 1 of" in audit_html
    with django_assert_max_num_queries(AUDIT_API_QUERIES):
        events = client.get("/api/v1/audit-events/?limit=100").json()
    assert len(events["items"]) == 100 and events["next_cursor"]
