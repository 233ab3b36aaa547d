"""The operator's queue page and an edit conflict, in a real browser with axe on each page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from statewide.accounts.models import Role
from statewide.core.jobs import job_enqueue
from statewide.core.permissions import SYSTEM
from statewide.policies.models import PolicyRecord
from statewide.policies.services import policy_record_update
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import person
from tests.policies.test_pages_editing import _form_data

pytestmark = pytest.mark.browser


def test_queue_page_and_an_edit_conflict_are_accessible(page: Any, live_server: Any) -> None:
    job_enqueue(actor=SYSTEM, kind="test.broken", label="Nightly import that failed", handler="tests.foundation.test_jobs.broken", payload={})
    editor = person(Role.CONTENT_EDITOR)
    other = Client()
    other.force_login(editor)
    assert other.post(reverse("policies:create"), _form_data()).status_code == 302
    record = PolicyRecord.objects.get(title="Districts of innovation")
    operator = person(operator=True)
    sign_in(page, live_server, operator.email)

    page.goto(f"{live_server.url}/operations/queue/")
    assert "Nightly import that failed" in page.locator("#failed-jobs").inner_text()
    assert_accessible(page, context="queue page")
    assert_no_csp_errors(page)

    page.goto(f"{live_server.url}{reverse('policies:edit', args=[record.public_id])}")
    page.locator("#id_title").fill("The operator's title")
    policy_record_update(actor=editor, record=record, data={"title": "The editor's title"})  # saved while the operator types
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert "Someone else saved this record while you were editing it" in page.get_by_role("alert").first.inner_text()
    assert "Changed by someone else to: The editor's title" in page.content().replace("&#x27;", "'")
    assert_accessible(page, context="edit conflict")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    record.refresh_from_db()
    assert record.title == "The operator's title"
