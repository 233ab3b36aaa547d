"""The insights pages in a real browser: the landing page, the state page, the four dashboards and a
district report (state staff), axe on each, then the same pages at 375 px with no sideways scrolling."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.capacity.services import readiness_instrument_load
from statewide.core.permissions import SYSTEM
from tests.e2e.browser import assert_pages_accessible, sign_in
from tests.factories import person, state_agency
from tests.insights.bulk import grow, reference

pytestmark = pytest.mark.browser

PATHS = ["/insights/", "/insights/TX/", *(f"/insights/TX/{k}/" for k in ("progress", "capacity", "programs", "credentials")), "/insights/TX/districts/4860000/"]


def test_insights_pages_are_accessible_and_fit_a_phone(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    program, world = reference()
    grow(readiness_instrument_load(actor=SYSTEM), program, world, districts=6, start=0)
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    sign_in(page, live_server, admin.email)
    assert_pages_accessible(page, live_server.url, PATHS)
    assert page.locator("figure.statewide-chart").count() == 3  # the district report: readiness, networks, credentials
    page.set_viewport_size({"width": 375, "height": 800})
    wide = []
    for path in PATHS:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide.append(f"{path}: {width}")
    assert not wide, wide
