"""One application through the whole program lifecycle in a real browser, axe on every page.

District lead, two reviewers, an approval group and the state admin; the clock is moved with
time-machine (planning year, implementation years, final year), never waited for.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from statewide.programs.models import Application, Program
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import DistrictFactory, jurisdiction
from tests.programs import factories as f

pytestmark = pytest.mark.browser
START = dt.datetime(2027, 1, 10, 15, 0, tzinfo=dt.UTC)


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    assert_accessible(page, context=context)
    assert_no_csp_errors(page)


def _as(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    sign_in(page, live_server, user.email)


def _go(page, url: str, context: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    _check(page, context)


def test_application_lifecycle(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    base = f"{live_server.url}/programs"
    admin, approver, r1, r2 = f.admin("KY"), f.admin("KY"), f.reviewer("KY"), f.reviewer("KY")
    lead = f.lead(DistrictFactory(state="KY", name="WOODFORD COUNTY"), state="KY")
    assert jurisdiction("KY")
    with time_machine.travel(START, tick=True) as clock:
        # The state admin creates a Kentucky-style program from its template.
        _as(page, live_server, admin)
        _go(page, f"{base}/new/", "new program")
        page.locator("select[name=state]").select_option("KY")
        page.get_by_label("Template").select_option("kentucky")
        page.get_by_role("button", name="Create program").click()
        page.wait_for_url(f"{base}/*-*/")
        _check(page, "program")
        program = Program.objects.get(jurisdiction__usps="KY")
        Program.objects.filter(pk=program.pk).update(approval_groups={"approve": [admin.email, approver.email]})

        # The district lead drafts (the first step autosaves through HTMX), affirms and submits.
        _as(page, live_server, lead)
        _go(page, f"{base}/{program.public_id}/", "program (lead)")
        page.get_by_role("link", name="Start an application").click()
        _check(page, "apply")
        page.get_by_label("Title of the application").fill("Competency-based middle schools")
        page.get_by_role("button", name="Start the draft").click()
        page.wait_for_url("**/steps/vision/")
        _check(page, "step vision")
        page.get_by_label("Vision").fill("Students advance on mastery.")
        page.get_by_label("Vision").blur()
        page.get_by_text("Saved.").wait_for()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url("**/steps/readiness/")
        _check(page, "step readiness")
        page.get_by_label("Readiness").fill("A team of eight.")
        page.get_by_label("Readiness").blur()
        page.get_by_text("Saved.").wait_for()  # the autosave finished: no two writes at once
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url("**/steps/community/")
        page.get_by_label("Community").fill("Two public forums.")
        page.get_by_label("Community").blur()
        page.get_by_text("Saved.").wait_for()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url("**/submit/")
        _check(page, "assurances")
        for box in page.locator("input[name=assurances]").all():
            box.check(force=True)
        page.get_by_role("button", name="Submit the application").click()
        page.wait_for_url("**/applications/*-*/")
        _check(page, "application (submitted)")
        app = Application.objects.get(program=program)

        # The admin assigns two reviewers and starts the review.
        _as(page, live_server, admin)
        _go(page, f"{base}/applications/{app.public_id}/", "application (admin)")
        for reviewer in (r1, r2):
            page.locator("select[name=reviewer]").select_option(reviewer.email)
            page.get_by_role("button", name="Assign reviewer").click()
            page.wait_for_load_state()
        page.get_by_role("button", name="Start the review").click()
        page.wait_for_load_state()

        # Each reviewer declares no conflict and scores on their own.
        for reviewer, level in ((r1, "3"), (r2, "1")):
            _as(page, live_server, reviewer)
            _go(page, f"{base}/applications/{app.public_id}/score/", "declare")
            page.get_by_label("I have no conflict of interest with this applicant").check(force=True)
            page.get_by_role("button", name="Declare").click()
            page.wait_for_load_state()
            _check(page, "score")
            for group in page.locator("fieldset").all():
                group.locator(f"input[value='{level}']").check(force=True)
            page.get_by_role("button", name="Submit scores").click()
            page.wait_for_url("**/applications/*-*/")
            _check(page, "application (reviewer, scores revealed)")
        assert "differ by" in page.content()

        # Conditional approval (no approval group for it): a letter and an e-mail.
        _as(page, live_server, admin)
        _go(page, f"{base}/applications/{app.public_id}/decide/", "decide")
        page.locator("select[name=kind]").select_option("conditionally_approve")
        page.get_by_role("button", name="Record the decision").click()
        page.wait_for_url("**/applications/*-*/")
        _check(page, "application (conditional)")
        assert page.get_by_role("link", name="decision letter (PDF)").count() == 1

        # Planning year: two months later the lead files the plan, a flexibility and an indicator.
        clock.shift(dt.timedelta(days=60))
        _as(page, live_server, lead)
        _go(page, f"{base}/applications/{app.public_id}/plan/", "plan")
        page.locator("select[name=flex-rule]").select_option("ky-local-board-policy")
        page.get_by_label("Why the district needs this flexibility").fill("A schedule built on mastery.")
        page.get_by_role("button", name="Request this flexibility").click()
        page.wait_for_load_state()
        page.locator("input[name=ind-name]").fill("Students at mastery (%)")
        page.get_by_label("Baseline").fill("40")
        page.get_by_label("Target").fill("60")
        page.get_by_label("Data source").fill("Benchmarks")
        page.get_by_role("button", name="Add indicator").click()
        page.wait_for_load_state()
        _check(page, "plan (filled)")
        page.get_by_label("Comprehensive plan").fill("Three middle schools move to mastery-based progress.")
        page.get_by_role("button", name="Submit the plan for approval").click()
        page.wait_for_url("**/applications/*-*/")

        # Final approval needs the approval group: the admin proposes and approves, the second approver approves.
        _as(page, live_server, admin)
        _go(page, f"{base}/applications/{app.public_id}/decide/", "decide (approve)")
        page.locator("select[name=kind]").select_option("approve")
        page.get_by_role("button", name="Record the decision").click()
        page.wait_for_url("**/applications/*-*/")
        page.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
        _as(page, live_server, approver)
        _go(page, f"{base}/applications/{app.public_id}/", "application (approver)")
        page.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
        app.refresh_from_db()
        assert app.status == "approved" and app.term_end == dt.date(2032, 3, 11)

        # A year on: the annual report, then an amendment approved again.
        clock.shift(dt.timedelta(days=365))
        _as(page, live_server, lead)
        _go(page, f"{base}/applications/{app.public_id}/report/", "report")
        page.get_by_label("Program year").fill("1")
        page.get_by_label("Narrative").fill("Two schools on mastery-based progress.")
        page.get_by_label("Students at mastery (%)").fill("50")
        page.locator("label[for=id_is_public]").click()
        page.get_by_role("button", name="File the report").click()
        page.wait_for_url("**/applications/*-*/")
        _go(page, f"{base}/applications/{app.public_id}/amend/", "amend")
        page.get_by_label("Amended plan").fill("Four middle schools move to mastery-based progress.")
        page.get_by_label("Why the plan changes").fill("A fourth school asked to join.")
        page.get_by_role("button", name="Submit the amendment").click()
        page.wait_for_url("**/applications/*-*/")
        _check(page, "application (amendment, word diff)")
        assert page.locator("ins").count() and page.locator("del").count()
        _as(page, live_server, admin)
        _go(page, f"{base}/applications/{app.public_id}/decide/", "decide (amendment)")
        page.locator("select[name=kind]").select_option("approve_amendment")
        page.get_by_role("button", name="Record the decision").click()
        page.wait_for_url("**/applications/*-*/")
        _go(page, f"{base}/{program.public_id}/dashboard/", "dashboard")
        # One indicator with a reported value: one bar in the chart, one row in its table.
        chart = page.locator(".statewide-chart")
        assert chart.locator("svg g.mark-rect path").count() == 1
        assert chart.locator("tbody tr").count() == 1

        # The final year: evaluation and sustainability plan, then the public registry.
        clock.shift(dt.timedelta(days=365 * 3))
        _as(page, live_server, lead)
        _go(page, f"{live_server.url}/my-work/", "my work (lead)")
        _go(page, f"{base}/applications/{app.public_id}/final/", "final")
        page.get_by_label("Final evaluation").fill("Mastery rose from 40% to 58%.")
        page.get_by_label("Long-term sustainability plan").fill("Funded from the general budget.")
        page.get_by_role("button", name="File them").click()
        page.wait_for_url("**/applications/*-*/")
        app.refresh_from_db()
        assert app.status == "completed" and app.plan_versions.count() == 2
        page.context.clear_cookies()
        _go(page, f"{base}/registry/KY/", "registry")
        _go(page, f"{base}/participants/{app.public_id}/", "participant")
        assert "Two schools on mastery-based progress." in page.content() and "A team of eight." not in page.content()
