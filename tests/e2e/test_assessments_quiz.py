"""The where-to-begin quiz in a real browser: taken start to finish, accessible, its PDF opens."""

from __future__ import annotations

import pytest

from tests.e2e.browser import assert_accessible, assert_no_csp_errors

pytestmark = pytest.mark.browser


def test_take_the_quiz_start_to_finish(page, live_server, seeded_policies):  # the result shows Idaho's tracked policies and peer states
    page.goto(f"{live_server.url}/where-to-begin/")
    assert_accessible(page, context="quiz")
    assert_no_csp_errors(page)
    # Answer by clicking the labels (USWDS tiles), as a person would; leave some questions unanswered.
    page.get_by_role("group", name="Question 1 of 11: Vision for Student Success").locator("label", has_text="A few districts are trying this").click()
    page.get_by_role("group", name="Question 2 of 11: Collaborative Leadership").locator("label", has_text="It is spreading to more districts").click()
    page.get_by_role("group", name="Question 8 of 11: Responsive Funding Systems").locator("label", has_text="We have not started on this yet.").click()
    priorities = page.get_by_role("group", name="Your priorities (optional)")
    priorities.locator("label", has_text="Balanced Assessments").click()
    page.get_by_label("Your state (optional)").select_option("ID")
    # Keyboard: move to the submit button and press Enter.
    page.get_by_role("button", name="See where to begin").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/where-to-begin/results/**")

    assert page.get_by_role("heading", level=1).inner_text() == "Where to begin: your result"
    cards = page.locator(".quiz-recommendation")
    assert cards.count() == 3
    assert "Responsive Funding Systems" in cards.nth(0).inner_text()
    assert "Because you said" in cards.nth(0).inner_text()
    assert page.locator("svg[role=img]").count() == 1
    assert page.locator(".statewide-chart table tbody tr").count() == 11
    assert "Idaho" in page.content()
    assert "In the policy tracker: Idaho" in cards.nth(0).inner_text()
    assert "States that have acted on it" in cards.nth(0).inner_text()
    assert_accessible(page, context="quiz result")
    assert_no_csp_errors(page)

    share = page.get_by_label("Private share link").input_value()
    assert share.endswith("/") and "/where-to-begin/results/" in share
    pdf = page.request.get(live_server.url + (page.get_by_role("link", name="Download as PDF").get_attribute("href") or ""))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
