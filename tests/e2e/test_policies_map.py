"""The tracker map in a real browser: keyboard operation, the as-of slider, the table equivalent, axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, assert_no_csp_errors

pytestmark = pytest.mark.browser

MAX_TABS = 200


def _open_map(page, live_server, query=""):
    page.goto(f"{live_server.url}/tracker/{query}")
    page.wait_for_selector("#policies-map svg [role=link][data-usps]")


def test_tab_to_a_state_and_enter_opens_its_profile(page, live_server, seeded_policies):
    _open_map(page, live_server)
    page.locator("#id_year").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-usps')") == "ID":
            break
    else:
        pytest.fail("Idaho was never reached with Tab")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("Idaho: ")
    tooltip = page.locator("#policies-tooltip")
    assert tooltip.is_visible() and "Idaho" in tooltip.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tracker/states/ID/")
    assert "Idaho" in page.locator("h1").inner_text()
    assert_no_csp_errors(page)


def test_territories_are_reachable(page, live_server, seeded_policies):
    _open_map(page, live_server)
    for usps in ("PR", "GU", "VI", "AS", "MP", "DC"):
        assert page.locator(f"#policies-map [role=link][data-usps={usps}]").count() == 1
    assert page.locator("#policies-map [role=link]").count() == 56


def test_slider_changes_the_map(page, live_server, seeded_policies):
    _open_map(page, live_server)
    idaho = page.locator("#policies-map [role=link][data-usps=ID]")
    today = idaho.get_attribute("data-category")
    assert today not in ("not-tracked", "not-yet")
    page.locator("#id_year").fill("2011")
    expect(idaho).not_to_have_attribute("data-category", today)
    assert "year=2011" in page.url
    assert page.locator("#year-value").inner_text() == "2011"
    assert "31 December 2011" in page.locator("#map-title").inner_text()
    assert_accessible(page, context="map after slider")


def test_measure_select_recolours_and_not_tracked_is_hatched(page, live_server, seeded_policies):
    _open_map(page, live_server)
    page.locator("#id_measure").select_option("type:task-force")
    expect(page.locator("#policies-map [data-usps=ID]")).to_have_attribute("data-category", "no")
    # Every state and DC is tracked; the territories (drawn as boxes) are not tracked yet.
    assert page.locator("#policies-map [data-usps=GU]").get_attribute("data-category") == "not-tracked"
    assert page.locator("#policies-map [data-usps=GU] rect").get_attribute("fill") == "url(#policies-hatch)"
    assert page.locator("#policies-map [data-usps=WY]").get_attribute("data-category") != "not-tracked"
    assert page.locator("#policies-map path[data-usps=ID]").get_attribute("fill") != "url(#policies-hatch)"


def test_table_has_56_rows_and_sorts_without_js(browser, live_server, seeded_policies):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/tracker/")
    assert page.locator("#map-table tbody tr").count() == 56
    page.get_by_role("link", name="Jurisdiction").first.click()
    page.wait_for_url("**sort=-name**")
    assert page.locator("#map-table tbody tr").first.get_attribute("data-usps") == "WY"
    page.locator("#id_year").fill("2011")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**year=2011**")
    assert page.locator("#map-table tbody tr").count() == 56
    context.close()


def test_map_page_is_accessible(page, live_server, seeded_policies):
    _open_map(page, live_server)
    assert_accessible(page, context="/tracker/")
    _open_map(page, live_server, "?measure=condition:culture-of-innovation&sort=-value")
    assert_accessible(page, context="/tracker/ by condition")
    assert_no_csp_errors(page)
