"""Respondent steps, copy buttons, QR codes, the heatmap's fit and the My work page, in a real browser."""

from __future__ import annotations

import re

import pytest

from statewide.core.jobs import job_enqueue
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

pytestmark = pytest.mark.browser
BASE = "/where-to-begin/self-assessment"


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def test_copy_buttons_and_qr_codes_on_the_campaign_page(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    campaign = f.campaign(groups=["Legislators", "Families and community"])
    admin = person("state_admin", state_agency("TX"))
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/")
    buttons = page.get_by_role("button", name="Copy link")
    assert buttons.count() == 2
    assert page.get_by_role("img", name="QR code of the invitation link for Families and community").count() == 1
    _check(page, "campaign with copy buttons and QR codes")
    link = page.locator("#group-link-2").inner_text().strip()
    buttons.nth(1).click()
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link and "/join/" in link


def test_respondent_steps_through_the_form_with_progress(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    campaign = f.campaign()
    page.goto(f"{live_server.url}{BASE}/join/{campaign.groups.first().token}/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/answer/**")
    steps = page.locator(".usa-step-indicator__segment")
    total = steps.count()
    assert total >= 3 and page.locator(".usa-step-indicator__current-step").inner_text() == "1"
    _check(page, "answer step 1")
    # The private link can be copied.
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == page.url.split("?")[0]
    # Submitting with nothing answered is refused at the answers, on the last step.
    page.goto(page.url.split("?")[0] + f"?step={total}")
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_text("No condition has an answer yet.").wait_for()
    _check(page, "empty submission refused")
    page.goto(page.url.split("?")[0] + "?step=1")
    page.get_by_role("group", name="Where does the state stand?").first.locator("label", has_text="Not started").click()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**step=2")
    assert page.locator(".usa-step-indicator__segment--complete").count() == 1
    assert page.locator(".usa-step-indicator__current-step").inner_text() == "2"
    _check(page, "answer step 2")
    page.get_by_role("button", name="Back to the previous step").click()
    page.wait_for_url("**step=1")
    checked = page.get_by_role("group", name="Where does the state stand?").first.get_by_label("Not started")
    assert checked.is_checked()
    page.goto(page.url.split("?")[0] + f"?step={total}")
    assert "You have answered 1 condition." in page.content()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()


def test_heatmap_fits_its_container_at_desktop_width(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    names = [
        "Legislators",
        "State board members",
        "State agency staff",
        "District leaders",
        "Educators",
        "Families and community",
        "Students",
        "Higher education",
    ]
    campaign = f.campaign(groups=names)
    for i, g in enumerate(campaign.groups.order_by("position")):
        f.respondents(g, 6, jitter=True, seed=i)
    reviewer = person("state_reviewer", state_agency("TX"))
    sign_in(page, live_server, reviewer.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/results/")
    table = page.locator("table.sa-heatmap")
    widths = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    box = table.locator("thead th").last.bounding_box()
    assert box["x"] + box["width"] <= 1280
    _check(page, "results heatmap, 8 groups")


def test_my_work_and_job_pages_are_accessible(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    admin = person("state_admin", state_agency("TX"))
    f.campaign(title="Texas round")
    job = job_enqueue(actor=admin, kind="test", label="Import of a test file", handler="tests.foundation.test_jobs.flaky", payload={})
    sign_in(page, live_server, admin.email)
    assert page.url.endswith("/my-work/")
    page.get_by_role("link", name="Texas round").wait_for()
    _check(page, "my work (state admin)")
    page.get_by_role("link", name="Import of a test file").click()
    page.wait_for_url(f"**/jobs/{job.public_id}/")
    _check(page, "job page")


def test_spanish_quiz_through_the_language_switcher(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/where-to-begin/")
    page.get_by_role("link", name="Español").click()
    page.get_by_role("heading", level=1, name="Por dónde empezar: un cuestionario de cinco minutos sobre las condiciones de política").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    _check(page, "quiz in Spanish")
    page.get_by_role("group", name=re.compile("Visión del éxito estudiantil")).locator("label").first.click()
    page.get_by_role("button", name="Ver por dónde empezar").click()
    page.get_by_role("heading", level=1, name="Por dónde empezar: su resultado").wait_for()
    _check(page, "quiz result in Spanish")
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", level=1, name="Where to begin: your result").wait_for()


def test_new_pages_do_not_scroll_sideways_on_a_phone(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    campaign = f.campaign(groups=["Legislators", "Families and community"])
    admin = person("state_admin", state_agency("TX"))
    job = job_enqueue(actor=admin, kind="test", label="Import of a test file", handler="tests.foundation.test_jobs.flaky", payload={})
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}{BASE}/join/{campaign.groups.first().token}/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/answer/**")
    answer = page.url
    sign_in(page, live_server, admin.email)
    for url in (
        answer,
        f"{answer}?step=4",
        f"{live_server.url}{BASE}/{campaign.public_id}/",
        f"{live_server.url}/my-work/",
        f"{live_server.url}/jobs/{job.public_id}/",
    ):
        page.goto(url)
        # The shared footer's 8 px overflow is fixed on another branch; this checks what these pages add.
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => !e.closest('footer') && !e.closest('.usa-table-container--scrollable'))"
            ".filter(e => e.getBoundingClientRect().right > 376).map(e => e.tagName + '.' + e.className).slice(0, 8)"
        )
        assert wide == [], f"{url}: wider than 375 px: {wide}"
