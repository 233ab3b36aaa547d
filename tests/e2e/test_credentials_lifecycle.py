"""Micro-credentials in a real browser: an educator submits evidence, an assessor passes it, the
credential is in the backpack, verifies on the public page, is revoked and then shows revoked;
the state admin edits the issuer's profile. axe runs on every page on the way."""

from __future__ import annotations

import pytest

from tests.credentials.setup import build_world
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in

pytestmark = pytest.mark.browser


def _check(page, context):
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def test_credential_lifecycle(page, live_server, transactional_db):
    world = build_world()
    base = live_server.url

    sign_in(page, live_server, world.educator.email)
    page.goto(f"{base}/credentials/")
    _check(page, "catalog")
    page.get_by_role("link", name="Flexible pacing").first.click()
    _check(page, "micro-credential")
    page.get_by_role("button", name="Start this micro-credential").click()
    page.wait_for_url("**/credentials/submissions/**")
    _check(page, "evidence")
    page.get_by_label("Your evidence").fill("A pacing guide and a reflection on mastery checks.")
    page.get_by_label("Links").fill("https://example.org/pacing-guide")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted", exact=False).first.wait_for()
    page.context.clear_cookies()

    sign_in(page, live_server, world.assessor.email)
    page.goto(f"{base}/credentials/reviews/")
    _check(page, "review queue")
    page.get_by_role("link", name="Flexible pacing").click()
    _check(page, "review")
    page.get_by_label("Plan").select_option("met")
    page.get_by_label("Reflection").select_option("met")
    page.get_by_label("Feedback for the educator").fill("Clear evidence.")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_url("**/credentials/reviews/")
    page.context.clear_cookies()

    sign_in(page, live_server, world.educator.email)
    page.goto(f"{base}/credentials/backpack/")
    _check(page, "backpack")
    page.locator("#my-credentials").get_by_role("link", name="Flexible pacing").click()
    page.get_by_role("heading", name="Verified").wait_for()
    _check(page, "credential")
    jwt = page.request.get(base + (page.get_by_role("link", name="Signed credential (VC-JWT)").get_attribute("href") or "")).text()
    credential_url = page.url
    page.context.clear_cookies()

    page.goto(f"{base}/credentials/verify/")
    _check(page, "verify")
    page.get_by_label("Credential (JSON or JWT)").fill(jwt)
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Verified").wait_for()

    sign_in(page, live_server, world.admin.email)
    page.goto(credential_url)
    page.get_by_label("Action").select_option("revoke")
    page.get_by_label("Reason").fill("Evidence was not the educator's own.")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Revoked").wait_for()
    _check(page, "revoked credential")
    page.goto(f"{base}/credentials/issued/?status=revoked")
    _check(page, "issued list")
    assert "Flexible pacing" in page.content()
    page.goto(f"{base}/credentials/manage/issuers/{world.issuer.slug}/")
    page.get_by_label("Description").fill("The state agency's micro-credentials.")
    page.get_by_role("button", name="Save the profile").click()
    page.wait_for_url("**/credentials/manage/")
    page.goto(f"{base}/credentials/manage/issuers/{world.issuer.slug}/")
    _check(page, "issuer profile")
    page.context.clear_cookies()

    page.goto(f"{base}/credentials/verify/")
    page.get_by_label("Credential (JSON or JWT)").fill(jwt)
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Revoked").wait_for()
    _check(page, "verify revoked")
