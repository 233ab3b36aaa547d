"""The CASE import page in a real browser: accessible, and a bad file is explained."""

from __future__ import annotations

import json

import pytest

from statewide.accounts.models import Role
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import person

pytestmark = pytest.mark.browser


def test_import_page_explains_a_bad_package(page, live_server, transactional_db, tmp_path):
    editor = person(Role.CONTENT_EDITOR)
    sign_in(page, live_server, editor.email)
    page.goto(f"{live_server.url}/frameworks/import-case/")
    assert_accessible(page, context="CASE import")
    assert_no_csp_errors(page)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"CFDocument": {"title": "No identifier"}}))
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("networkidle")
    assert "The package has" in page.content() and "CFDocument" in page.content()
    assert_accessible(page, context="CASE import errors")
