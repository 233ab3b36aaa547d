"""Framework knowledge base pages in a real browser: HTMX search; edit -> publish -> diff, with axe on each state.

Every framework page (and the variants in site_pages.EXTRA) is checked with axe by test_phone_width.py."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.frameworks.models import Descriptor, FrameworkVersion
from tests.e2e.browser import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import person

pytestmark = pytest.mark.browser

KW = "kw-spf-2019"


def test_search_with_htmx_updates_results_and_url(page, live_server):
    page.goto(f"{live_server.url}/frameworks/search/")
    page.get_by_label("Search words").fill("funding")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=funding**")
    assert page.locator("#results mark").count() > 0
    assert page.get_by_role("link", name="Responsive Funding Systems").first.is_visible()
    assert_accessible(page, context="search results (HTMX)")
    assert_no_csp_errors(page)


def test_editor_edits_publishes_and_sees_the_diff(page, live_server):
    editor = person(Role.CONTENT_EDITOR, email="editor@example.org")
    assert editor
    sign_in(page, live_server, "editor@example.org")
    page.goto(f"{live_server.url}/frameworks/{KW}/items/culture-of-innovation/")
    assert_accessible(page, context="item page as editor")
    page.get_by_role("link", name="Edit this item").click()
    assert_accessible(page, context="item edit form")
    page.get_by_label("Definition").fill("A culture of innovation, edited in the browser test.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/drafts/")
    assert_accessible(page, context="drafts page")

    # A gap filled with a source, after a first try without one.
    page.goto(f"{live_server.url}/frameworks/{KW}/items/culture-of-innovation/phases/statewide-transformation/add/?kind=goal")
    page.get_by_label("Text").fill("Every district has room to innovate.")
    page.get_by_role("button", name="Save draft").click()
    assert page.locator(".usa-error-message").count() >= 1
    assert_accessible(page, context="descriptor form with errors")
    page.get_by_label("Sources").fill("https://example.org/source | A source")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/drafts/")

    old = FrameworkVersion.objects.filter(framework__slug=KW).order_by("-number").first().number
    page.get_by_label("What changed").fill("Edited the definition and filled a gap.")
    page.get_by_role("button", name="Publish a new version").click()
    page.wait_for_url(f"**/versions/{old}/diff/{old + 1}/")
    assert page.get_by_text("edited in the browser test").first.is_visible()
    assert page.get_by_text("Every district has room to innovate.").first.is_visible() or page.get_by_text("Added").first.is_visible()
    assert_accessible(page, context="diff page")
    assert Descriptor.objects.filter(item__code="culture-of-innovation", level__code="statewide-transformation").exists()

    page.goto(f"{live_server.url}/frameworks/{KW}/spotlights/sc-profile-of-the-graduate/")
    page.get_by_role("link", name="Edit this example").click()
    assert_accessible(page, context="example edit form")

    page.goto(f"{live_server.url}/frameworks/{KW}/versions/{old}/")
    assert page.get_by_text("edited in the browser test").count() == 0
    assert_accessible(page, context="old version")
    assert_no_csp_errors(page)
