"""Configuring a program in a real browser, axe on every page: create it from a template, then edit its stages and
who acts, a rule, a rubric criterion, an assurance and an approval group (move, delete)."""

from __future__ import annotations

import pytest

from statewide.programs.models import Program
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import jurisdiction
from tests.programs import factories as f

pytestmark = pytest.mark.browser


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def test_a_state_admin_configures_a_program(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    base = f"{live_server.url}/programs"
    admin, approver = f.admin("KY"), f.admin("KY")
    assert jurisdiction("KY")
    sign_in(page, live_server, admin.email)
    page.goto(f"{base}/new/")
    _check(page, "new program")
    page.locator("select[name=state]").select_option("KY")
    page.get_by_label("Template").select_option("kentucky")
    page.get_by_role("button", name="Create program").click()
    page.wait_for_url(f"{base}/*-*/")
    _check(page, "program")
    program = Program.objects.get(jurisdiction__usps="KY")

    # Settings: an approval group of two for the final approval.
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings/")
    _check(page, "settings")
    page.get_by_label("Approval groups").fill(f"approve: {admin.email}, {approver.email}")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved.").wait_for()

    # Stages: no planning year; any state staff may start the review.
    page.get_by_role("link", name="Stages and who acts").click()
    page.wait_for_url("**/stages/")
    _check(page, "stages")
    page.get_by_text("Conditional approval and a planning year before the comprehensive plan", exact=True).click()  # USWDS hides the box
    page.get_by_label("Who acts: start review").select_option("state_staff")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved.").wait_for()
    program.refresh_from_db()
    assert program.skipped_stages == ["planning"] and program.actors["start_review"] == "state_staff"

    # A rule, a criterion and an assurance, each on its own page; then moved and deleted on the settings page.
    page.goto(f"{base}/{program.public_id}/rules/new/")
    _check(page, "new rule")
    page.get_by_label("Code").fill("ky-seat-time")
    page.get_by_label("Citation").fill("704 KAR 3:305")
    page.get_by_label("Plain summary").fill("Credit earned by time in class.")
    assert page.get_by_label("Districts may ask to have it waived").is_checked()  # a new rule starts waivable
    page.get_by_label("Source address").fill("https://apps.legislature.ky.gov/law/kar/titles/704/003/305/")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/settings/")
    page.goto(f"{base}/{program.public_id}/criteria/new/")
    _check(page, "new criterion")
    page.locator("#id_name").fill("Equity of access")
    page.get_by_label("Weight").fill("2")
    page.get_by_label("Levels").fill("0: Missing\n1: Partial\n2: Clear")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/settings/")
    page.goto(f"{base}/{program.public_id}/assurances/new/")
    _check(page, "new assurance")
    page.locator("#id_text").fill("The board approved the application in a public meeting.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/settings/")
    _check(page, "settings with new parts")
    page.get_by_role("button", name="Up 704 KAR 3:305").click()
    page.get_by_text("Moved.").wait_for()
    page.get_by_role("button", name="Delete Equity of access").click()
    page.get_by_text("Deleted.").wait_for()
    page.get_by_role("button", name=f"Down {admin.email}").click()
    page.get_by_text("Moved.").wait_for()
    _check(page, "settings after moves")
    program.refresh_from_db()
    codes = list(program.rules.values_list("code", flat=True))
    assert codes.index("ky-seat-time") == len(codes) - 2
    assert not program.criteria.filter(name="Equity of access").exists()
    assert program.approval_groups["approve"] == [approver.email, admin.email]
