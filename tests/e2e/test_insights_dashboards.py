"""The insights pages in a real browser: the landing page, the state page, the four dashboards (with the state
staff's district drill-down), a district report, the equity page with its map marked by locale, and capacity's
support attendance page, axe on each, then the same pages at 375 px with no sideways scrolling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from statewide.accounts.models import Role
from statewide.capacity.services import network_apply, network_create, network_select, readiness_instrument_load, support_create, support_interest_toggle
from statewide.core.cache import content_changed
from statewide.core.permissions import SYSTEM
from statewide.places.models import DistrictEnrollment, Organisation
from tests.e2e.browser import assert_pages_accessible, sign_in
from tests.factories import jurisdiction, person, state_agency
from tests.insights.bulk import grow, reference

pytestmark = pytest.mark.browser

ENROLLMENT = {
    "all_students": 500,
    "white": 500,
    **dict.fromkeys(
        [
            "hispanic",
            "american_indian",
            "asian",
            "black",
            "pacific_islander",
            "two_or_more",
            "economically_disadvantaged",
            "english_learners",
            "students_with_disabilities",
        ],
        0,
    ),
}

PATHS = ["/insights/", "/insights/TX/", *(f"/insights/TX/{k}/" for k in ("progress", "capacity", "programs", "credentials")), "/insights/TX/districts/4860000/"]


def test_insights_pages_are_accessible_and_fit_a_phone(page, live_server, transactional_db):  # type: ignore[no-untyped-def]
    program, world = reference()
    grow(readiness_instrument_load(actor=SYSTEM), program, world, districts=6, start=0)
    # The participants (terms from 2025-08-01) have enrollment in 2025-26 and an office on the map, in three locales.
    orgs = list(Organisation.objects.filter(nces_leaid__startswith="486").order_by("nces_leaid"))
    for i, o in enumerate(orgs):
        Organisation.objects.filter(pk=o.pk).update(latitude=Decimal("30.3") + i % 3, longitude=Decimal("-97.7") - i, locale_code=("11", "21", "42")[i % 3])
    DistrictEnrollment.objects.bulk_create([DistrictEnrollment(district=o, school_year="2025-26", source="test", **ENROLLMENT) for o in orgs])
    content_changed("places")
    support = support_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), strategy="specialized-training", title="Coaching", description="",
                             provider="TEA", tiers=[], domains=[], starts_on=dt.date(2025, 9, 1))  # fmt: skip
    support_interest_toggle(actor=SYSTEM, support=support, district=orgs[0])
    network = network_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), title="Cohort", purpose="", cap=5, domains=[])
    network_select(actor=SYSTEM, member=network_apply(actor=SYSTEM, network=network, district=orgs[1]), joined_on=dt.date(2025, 9, 2))
    network_apply(actor=SYSTEM, network=network, district=orgs[2])  # an applicant and a member: both date fields
    paths = [*PATHS, "/insights/TX/equity/", f"/capacity/supports/{support.public_id}/attendance/", f"/capacity/networks/{network.public_id}/"]
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    sign_in(page, live_server, admin.email)
    assert_pages_accessible(page, live_server.url, paths)
    page.goto(f"{live_server.url}/insights/TX/equity/")
    assert page.locator('svg[aria-labelledby="state-map-title"] path[stroke="#1b1b1b"]').count() == 6  # a shaped mark per participant
    assert page.locator('ul[aria-labelledby="map-legend"] li').count() == 3
    page.goto(f"{live_server.url}/insights/TX/districts/4860000/")
    assert page.locator("figure.statewide-chart").count() == 3  # the district report: readiness, networks, credentials
    page.set_viewport_size({"width": 375, "height": 800})
    wide = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide.append(f"{path}: {width}")
    assert not wide, wide
