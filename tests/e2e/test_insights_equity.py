"""Equity of access in a real browser, axe on each page: the public dashboard (charts with their tables, the
locale filter), then a state reviewer's comparison districts with their indicators and a state admin's minimum n."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import person, state_agency
from tests.insights.conftest import make_state

pytestmark = pytest.mark.browser


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def test_equity_dashboard_and_comparison_districts(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    state = make_state(14)
    base = f"{live_server.url}/insights/TX"
    page.goto(f"{base}/equity/")
    page.get_by_role("heading", name="Who the participating districts serve").wait_for()
    assert page.locator("figure.statewide-chart svg").count() == 3
    assert page.locator("figure.statewide-chart table").count() == 3  # every chart has its table
    assert page.get_by_text("Hidden").count() > 0
    _check(page, "equity dashboard")
    page.set_viewport_size({"width": 375, "height": 800})  # nothing scrolls sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.title().endswith("· Statewide")
    page.set_viewport_size({"width": 1280, "height": 900})
    options = page.locator("select[name=locale] option").all_inner_texts()
    if len(options) > 1:
        page.select_option("select[name=locale]", index=1)
        page.get_by_role("button", name="Show").click()
        page.get_by_role("heading", name="Who the participating districts serve").wait_for()
        _check(page, "equity dashboard, one locale")
    reviewer = person(Role.STATE_REVIEWER, state_agency("TX"))
    sign_in(page, live_server, reviewer.email)
    page.goto(f"{base}/comparison/")
    page.select_option("select[name=district]", state["districts"][0].nces_leaid)
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("cell", name="participating").first.wait_for()
    page.get_by_role("heading", name="Indicators side by side").wait_for()  # every module's indicators, in a second table
    assert page.get_by_role("link", name="CSV").count() == 1
    _check(page, "comparison districts with their indicators")
    page.set_viewport_size({"width": 375, "height": 800})  # the wide tables scroll in their regions, not the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(page, live_server, person(Role.STATE_ADMIN, state_agency("TX")).email)
    page.goto(f"{base}/disclosure/")
    page.get_by_label("Minimum number of students shown").fill("12")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("now hides counts below 12").wait_for()
    _check(page, "minimum n")
