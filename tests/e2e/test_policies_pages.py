"""Tracker pages in a real browser: editing by a state admin, the filter list with HTMX, axe on each state.

Every tracker page (and the variants in site_pages.EXTRA) is checked with axe by test_phone_width.py."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.policies.models import PolicyRecord
from tests.e2e.browser import assert_accessible, sign_in
from tests.factories import person, state_agency

pytestmark = pytest.mark.browser


def _idaho():
    return PolicyRecord.objects.get(seed_key="id-hb110-2015")


def test_policy_detail_is_accessible_with_source_link(page, live_server, seeded_policies):
    record = _idaho()
    page.goto(f"{live_server.url}/tracker/policies/{record.public_id}/")
    assert page.get_by_role("link", name=record.sources[0]["title"]).first.get_attribute("href") == record.sources[0]["url"]
    assert_accessible(page, context="policy detail")


def test_record_form_with_errors_is_accessible(page, live_server, seeded_policies):
    # The editor pages themselves are checked by test_phone_width.py; here, the form after a failed save.
    person(Role.CONTENT_EDITOR, email="editor@example.org")
    sign_in(page, live_server, "editor@example.org")
    page.goto(f"{live_server.url}/tracker/policies/new/?state=ID")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    assert page.locator(".usa-error-message").count() > 0
    assert_accessible(page, context="record form with errors")


def test_state_admin_edits_own_record_and_it_shows_in_history(page, live_server, seeded_policies):
    person(Role.STATE_ADMIN, state_agency("ID"), email="id-admin@example.org")
    sign_in(page, live_server, "id-admin@example.org")
    record = _idaho()
    page.goto(f"{live_server.url}/tracker/policies/{record.public_id}/edit/")
    page.get_by_label("Summary, in our own words").fill("Idaho's mastery-education law, summarised again.")
    page.get_by_label("Note for the history").fill("tightened summary")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/tracker/policies/{record.public_id}/")
    assert page.locator("ins", has_text="summarised again").count() == 1
    assert "tightened summary" in page.locator("#history").locator("xpath=..").inner_text()
    nh = PolicyRecord.objects.filter(jurisdiction__usps="NH").first()
    response = page.goto(f"{live_server.url}/tracker/policies/{nh.public_id}/edit/")
    assert response.status == 403


def test_list_filters_update_with_htmx(page, live_server, seeded_policies):
    page.goto(f"{live_server.url}/tracker/policies/")
    page.get_by_label("State").select_option("ID")
    page.wait_for_url("**jurisdiction=ID**")
    rows = page.locator("#results tbody tr")
    assert rows.count() == PolicyRecord.objects.filter(jurisdiction__usps="ID").count()
    assert "export.csv?jurisdiction=ID" in page.get_by_role("link", name="CSV").get_attribute("href")
    assert_accessible(page, context="filtered list")
