"""Every foundation page in a real browser: axe finds no WCAG 2.1 A/AA violation; keyboard and HTMX work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from statewide.accounts.models import Role
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, assert_pages_accessible, axe_problems, sign_in
from tests.factories import DistrictFactory, person, state_agency

pytestmark = pytest.mark.browser

# Every page is checked with axe at phone width by test_phone_width.py; these are checked at desktop
# width as well, where the header shows the full navigation instead of the menu button.
DESKTOP_PAGES = ["/", "/districts/4808940/"]


@pytest.fixture
def texas(transactional_db):
    DistrictFactory.create_batch(60, state="TX")
    austin = DistrictFactory(state="TX", name="AUSTIN ISD", nces_leaid="4808940", city="Austin", locale_code="11")
    return austin


def test_desktop_pages_are_accessible(page, live_server, texas):
    assert_pages_accessible(page, live_server.url, DESKTOP_PAGES)


def test_signed_in_pages_are_accessible(page, live_server, texas):
    admin = person(Role.STATE_ADMIN, state_agency("TX"), email="admin@example.org")
    person(Role.EDUCATOR, texas, email="teacher@example.org")
    sign_in(page, live_server, admin.email)
    for path in ("/account/", f"/organisations/{texas.public_id}/members/", "/audit/", "/audit/?action=user"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, context=path)
        assert_no_csp_errors(page)
    page.goto(f"{live_server.url}/organisations/{state_agency('NH').public_id}/members/")
    assert page.get_by_role("heading", name="You do not have access to this page").is_visible()
    assert_accessible(page, context="403 page")


def test_sign_in_by_keyboard_then_account_menu(page, live_server, texas):
    person(email="keys@example.org")
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.goto(f"{live_server.url}/account/signin/")  # the e-mail field has focus
    page.get_by_label("E-mail address").fill("keys@example.org")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/my-work/")  # each role lands on its own work page
    page.get_by_role("button", name="Account").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Sign in").first.is_visible()


def test_district_search_updates_results_in_place(page, live_server, texas):
    page.goto(f"{live_server.url}/districts/")
    page.get_by_label("Name, city, county or LEAID").fill("austin")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/districts/?q=austin*")  # hx-push-url keeps the address shareable
    # A locator wait (no script evaluated under the CSP); the 60 generated districts may hold another "austin".
    expect(page.locator("#results").get_by_role("link", name="AUSTIN ISD")).to_be_visible()
    assert page.locator("#results").count() == 1  # swapped in place, not nested
    page.get_by_role("link", name="AUSTIN ISD").click()
    page.wait_for_url(f"{live_server.url}/districts/4808940/")
    assert page.get_by_role("heading", level=1).inner_text() == "AUSTIN ISD"


def test_the_axe_check_finds_a_violation(page):
    """The check every page goes through can fail: an image without a text alternative is reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    problems = axe_problems(page)
    assert problems and "image-alt" in "\n".join(problems)
