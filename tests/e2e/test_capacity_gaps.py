"""One short browser walk over the pages the capacity module's last gaps added or changed, axe on each:
a network's dated application round (edit form, network page), a large export prepared in the
background (start page, job page, download), a resource withdrawn from the edit page, and the
district profile's programs and micro-credentials sections."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.core import exports
from statewide.core.permissions import SYSTEM
from statewide.places.models import Jurisdiction
from statewide.places.services import disclosure_minimum_set
from tests.capacity.bulk import build
from tests.credentials.bulkdata import credentials, educators
from tests.credentials.setup import build_world
from tests.e2e.test_capacity_flow import _as
from tests.e2e.test_capacity_flow import _check as _axe
from tests.factories import jurisdiction, person, state_agency
from tests.programs.factories import lead, program, reviewer, to_approved

pytestmark = pytest.mark.browser


def _check(page, context: str) -> None:  # type: ignore[no-untyped-def]
    """axe and the CSP, at a phone's width: nothing scrolls sideways, the title ends in "· Statewide"."""
    _axe(page, context)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), context
    assert page.title().endswith("· Statewide"), context


def test_dated_rounds_background_export_withdrawn_resource_and_profile_sections(page, live_server, transactional_db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(exports, "EXPORT_BACKGROUND_ROWS", 5)  # the 8 rounds below count as a large export
    instrument = services.readiness_instrument_load(actor=SYSTEM)
    build(instrument, districts=4, schools_per_district=1)
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    district_lead = lead()
    district = district_lead.memberships.get().organisation
    to_approved(program(), district_lead, admin, reviewer())
    disclosure_minimum_set(actor=SYSTEM, jurisdiction=Jurisdiction.objects.get(usps="TX"), minimum_n=5)  # the state shows counts from 5
    credentials(build_world(), educators(district, 6), year=2026, district=district)
    network = services.network_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), title="Spring cohort", purpose="", cap=10, domains=[])
    resource = services.resource_create(
        actor=SYSTEM, title="Old rubric", kind="tool", url="https://example.org/old", summary="", domains=[], tiers=[], audience="", source="Example"
    )
    base = f"{live_server.url}/capacity"
    page.set_viewport_size({"width": 375, "height": 800})
    opens = dt.date.today() + dt.timedelta(days=10)

    page.goto(f"{base}/districts/{district.nces_leaid}/")
    page.locator("#district-programs").wait_for()
    assert "micro-credentials earned" in page.content()
    _check(page, "district profile (programs and credentials sections)")

    _as(page, live_server, admin.email)
    page.goto(f"{base}/networks/{network.public_id}/edit/")
    page.get_by_label("Applications open on").fill(opens.isoformat())
    page.get_by_label("Applications close on").fill((opens - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The closing date must be on or after the opening date.").first.wait_for()
    _check(page, "network edit (date error)")
    page.get_by_label("Applications close on").fill((opens + dt.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.locator("#application-round", has_text="Applications open on").wait_for()
    _check(page, "network (round opens later)")

    page.goto(f"{base}/states/TX/rounds.xlsx")
    page.get_by_role("button", name="Prepare the file").wait_for()
    _check(page, "export start")
    page.get_by_role("button", name="Prepare the file").click()
    page.locator("#job-download").wait_for()
    _check(page, "export job (done)")
    with page.expect_download() as download:
        page.locator("#job-download").click()
    assert download.value.suggested_filename == "capacity-rounds-tx.xlsx"

    _as(page, live_server, person(Role.CONTENT_EDITOR).email)
    page.goto(f"{base}/resources/{resource.public_id}/edit/")
    page.get_by_role("button", name="Withdraw from the library").click()
    page.get_by_text("The resource is withdrawn from the library.").wait_for()
    assert "Old rubric" not in page.locator("main").inner_text()
    page.goto(f"{base}/resources/{resource.public_id}/edit/")
    page.get_by_text("Withdrawn from the library on").wait_for()
    _check(page, "resource edit (withdrawn)")
