"""Local capacity end to end in a real browser, axe on every page: a district team answers the readiness
assessment, the lead submits, the district lands in a tier with reasons, sees matched supports, requests
technical assistance, and the state triages it."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.instrument import item_codes
from statewide.core.permissions import SYSTEM
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import DistrictFactory, jurisdiction, person, state_agency

pytestmark = pytest.mark.browser


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def _as(page, live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    sign_in(page, live_server, email)


def test_readiness_to_tier_to_supports_to_technical_assistance(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    instrument = services.readiness_instrument_load(actor=SYSTEM)
    district = DistrictFactory(state="TX", name="PECOS VALLEY ISD")
    lead, member = person(Role.DISTRICT_LEAD, district), person(Role.EDUCATOR, district)
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    services.support_create(
        actor=SYSTEM, jurisdiction=jurisdiction("TX"), strategy="technical-assistance", title="Performance task clinic", description="Coaching on tasks.",
        provider="State agency", tiers=["tier-2"], domains=["assessment-literacy"],
    )  # fmt: skip
    codes = item_codes(instrument.definition)
    base = f"{live_server.url}/capacity"

    page.goto(f"{base}/")
    _check(page, "capacity landing")
    _as(page, live_server, lead.email)
    page.goto(f"{base}/districts/{district.nces_leaid}/")
    _check(page, "district profile (no round yet)")
    page.get_by_label("Title of the round").fill("Fall 2026")
    page.get_by_role("button", name="Open a readiness round").click()
    page.get_by_role("heading", name="Readiness round: Fall 2026").wait_for()
    _check(page, "round (lead)")
    page.get_by_label("E-mail address of a district member").fill(member.email)
    page.get_by_role("button", name="Invite to the team").click()
    page.get_by_text("can now answer this round").wait_for()
    round_url = page.url

    _as(page, live_server, member.email)
    page.goto(round_url)
    for code in codes:  # "Developing" (3) everywhere but assessment literacy
        page.click(f"label[for='id_level-{code}_{0 if code in ('performance-tasks', 'evidence-use') else 2}']")
    page.get_by_label("Evidence or note (optional)").first.fill("Our board adopted a vision in 2025.")
    page.get_by_role("button", name="Save answers").click()
    page.get_by_text("Your answers are saved").wait_for()
    _check(page, "round (member, saved)")

    _as(page, live_server, lead.email)
    page.goto(round_url)
    page.get_by_role("button", name="Submit the round").click()
    page.get_by_role("heading", name="Readiness report: PECOS VALLEY ISD").wait_for()
    _check(page, "report")
    assert "Tier 2" in page.content() and "2.67 is at least 2.25" in page.content()
    page.get_by_role("link", name="See matched supports").click()
    page.get_by_text("You are Tier 2 and scored lowest on Assessment literacy (1.00).").wait_for()
    _check(page, "district profile (tier, matched supports)")
    page.get_by_role("link", name="Request technical assistance").click()
    _check(page, "request TA")
    page.get_by_label("Topic").fill("Scoring performance tasks together")
    page.locator("label", has_text="Assessment literacy").click()
    page.get_by_label("Urgency").select_option("high")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Your request is with the state").wait_for()
    _check(page, "TA request (district)")

    _as(page, live_server, admin.email)
    page.goto(f"{base}/states/TX/ta/")
    _check(page, "TA queue (state)")
    page.get_by_role("link", name="Scoring performance tasks together").click()
    page.get_by_label("Specialist").select_option(admin.email)
    page.get_by_role("button", name="Save triage").click()
    page.get_by_text("Saved.").wait_for()
    _check(page, "TA request (triaged)")
    assert "Triaged" in page.content()
