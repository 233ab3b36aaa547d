"""The state self-assessment end to end in a real browser, with axe on every page."""

from __future__ import annotations

import pytest

from statewide.selfassessment.models import Campaign
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

pytestmark = pytest.mark.browser
BASE = "/where-to-begin/self-assessment"


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def _answer(page, url: str, phase: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    _check(page, "join")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/answer/**")
    _check(page, "answer")
    page.get_by_role("group", name="Where does the state stand?").first.locator("label", has_text=phase).click()
    page.get_by_label("How confident are you?").first.select_option("high")
    page.get_by_label("Evidence or comment (optional)").first.fill("A pilot network exists.")
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_url("**saved=1")
    _check(page, "answer saved")
    assert page.get_by_label("Evidence or comment (optional)").first.input_value() == "A pilot network exists."
    while page.get_by_role("button", name="Save and continue").count():
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
    _check(page, "answer (last step)")
    page.get_by_role("group", name="Your top priorities (up to 3)").locator("label", has_text="Collaborative Leadership").click()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    _check(page, "thanks")


def test_campaign_from_creation_to_roadmap(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    admin = person("state_admin", state_agency("TX"))
    page.goto(f"{live_server.url}{BASE}/")
    _check(page, "landing (public)")
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server.url}{BASE}/")
    _check(page, "landing (admin)")
    page.get_by_role("link", name="New campaign").click()
    _check(page, "new campaign")
    page.get_by_label("Title").fill("Texas spring round")
    page.get_by_label("State").select_option("TX")
    page.get_by_label("Stakeholder groups").fill("Legislators\nEducators")
    page.get_by_label("Anonymity threshold").fill("5")
    page.get_by_role("button", name="Create campaign").click()
    page.wait_for_url("**/self-assessment/*-*/")
    _check(page, "campaign (draft)")
    page.get_by_role("button", name="Open for answers").click()
    page.get_by_text("Status changed").wait_for()
    links = page.locator(".copy-field code").all_inner_texts()
    assert len(links) == 2 and all("/join/" in link for link in links)

    _answer(page, links[0], "Exploration")
    _answer(page, links[1], "Replication")

    campaign = Campaign.objects.get(title="Texas spring round")
    leg, edu = campaign.groups.order_by("position")
    f.respondents(leg, 6, phase=0)
    f.respondents(edu, 3, phase=2, seed=9)  # Educators: 4 in all, below the threshold of 5

    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/")
    page.get_by_role("link", name="Edit the title, dates or threshold").click()
    _check(page, "edit campaign")
    page.get_by_label("Anonymity threshold").fill("3")
    page.get_by_role("button", name="Save").click()
    assert "it can be raised, not lowered" in page.content()
    _check(page, "edit campaign (error)")
    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/")
    page.get_by_role("button", name="Close the campaign").click()
    page.get_by_text("Status changed").wait_for()
    _check(page, "campaign (closed)")
    page.goto(links[0])
    assert "closed" in page.content()
    _check(page, "closed campaign")

    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/results/")
    _check(page, "results")
    body = page.content()
    assert "Other groups (pooled)" in body and ">Educators" not in body

    page.get_by_role("link", name="Consensus meeting").click()
    _check(page, "meeting")
    page.get_by_role("link", name="Start with the first condition").click()
    _check(page, "meeting condition")
    page.get_by_role("group", name="Agreed phase").locator("label", has_text="Exploration").click()
    page.get_by_label("Rationale").fill("Only a few districts have started.")
    page.get_by_text("An agreed priority").click()
    page.get_by_role("button", name="Record and go to the next condition").click()
    page.get_by_text("Agreed phase recorded").wait_for()
    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/meeting/")
    page.get_by_role("link", name="Adopt the agreed profile").click()
    page.get_by_text("conditions are still unrecorded").wait_for()
    _check(page, "baseline confirmation")
    page.get_by_role("button", name="Adopt as the official baseline").click()
    page.get_by_text("Tick the box to confirm.").wait_for()
    _check(page, "baseline confirmation with an error")
    page.get_by_text("I confirm").click()
    page.get_by_role("button", name="Adopt as the official baseline").click()
    page.get_by_text("is now the state's official baseline").wait_for()

    page.get_by_role("link", name="Roadmap").click()
    _check(page, "roadmap")
    page.get_by_label("Owner").fill("Deputy commissioner")
    page.get_by_label("Target date").fill("2027-06-30")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Roadmap updated").wait_for()
    assert "Deputy commissioner" in page.content()
    _check(page, "roadmap (saved)")
    with page.expect_download() as dl:
        page.get_by_role("link", name="Download PDF").click()
    assert dl.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Compare rounds").click()
    _check(page, "compare")


def test_results_heatmap_with_every_phase_is_accessible(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    campaign = f.campaign(groups=["Legislators", "Educators", "Students", "Employers"])
    for i, (g, n) in enumerate(zip(campaign.groups.order_by("position"), [12, 15, 9, 2], strict=True)):
        f.respondents(g, n, jitter=True, seed=i, comment="Evidence from the field")
    reviewer = person("state_reviewer", state_agency("TX"))
    sign_in(page, live_server, reviewer.email)
    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/results/")
    assert page.locator("td.sa-heat-2").count() > 0 and page.locator("td.sa-heat-0").count() > 0
    assert "Employers" not in page.content()
    page.locator("summary").first.click()
    _check(page, "results heatmap")
    page.goto(f"{live_server.url}{BASE}/{campaign.public_id}/")
    _check(page, "campaign (reviewer)")
