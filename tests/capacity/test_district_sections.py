"""The district profile's programs and micro-credentials sections (registered through places.profile:
capacity imports neither module): public parts for everyone, more for the district and its state,
credential counts only after the small-count suppression."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.core.permissions import SYSTEM
from statewide.credentials.profile import district_credential_counts
from statewide.places.models import Jurisdiction
from statewide.places.profile import district_sections
from statewide.places.services import disclosure_minimum_set
from statewide.programs import services as programs
from statewide.programs.profile import district_programs
from tests.credentials.bulkdata import credentials, educators
from tests.credentials.setup import build_world
from tests.factories import DistrictFactory, person, state_agency
from tests.programs.factories import admin, draft, lead, program, reviewer, to_approved

pytestmark = pytest.mark.django_db
PROGRAMS_SECTION_QUERIES = 2  # applications (program joined, permission as a subquery) + flexibilities
CREDENTIALS_SECTION_QUERIES = 2  # the state's minimum n, one grouped count


def _section(client, district, key: str) -> str:
    page = client.get(f"/capacity/districts/{district.nces_leaid}/").content.decode()
    start = page.index(f'<h2 id="{key}">')
    return page[start : page.index("</section>", start)]


def test_programs_section_public_parts_for_everyone_more_for_the_district_and_its_state(client, instrument, django_assert_num_queries):
    district_lead = lead()
    district = district_lead.memberships.get().organisation
    state_admin, rev = admin(), reviewer()
    approved = to_approved(program(), district_lead, state_admin, rev)
    flexibility = approved.flexibilities.get()
    pending = draft(program(template="scaling"), district_lead)
    programs.application_submit(actor=district_lead, application=pending)
    # The public: the registry's participation (program, stage, term, approved flexibilities); nothing under review.
    public = _section(client, district, "programs")
    assert approved.program.name in public and f"/programs/participants/{approved.public_id}/" in public
    assert flexibility.rule.citation in public and str(approved.term_start.year) in public
    assert pending.program.name not in public and "requested" not in public
    # The district's lead and the state's staff: the application under review too, linked to the application.
    for viewer in (district_lead, rev):
        client.force_login(viewer)
        private = _section(client, district, "programs")
        assert pending.program.name in private and "not public" in private and f"/programs/applications/{pending.public_id}/" in private
    # Fixed queries whatever the rows: the applications (with their program) and their flexibilities.
    with django_assert_num_queries(PROGRAMS_SECTION_QUERIES):
        rows, _more = district_programs(rev, district)
    assert len(rows) == 2 and [len(r.flexibilities) for r in rows if r.application == approved] == [1]
    # Another state's staff see only what the public sees.
    client.force_login(person(Role.STATE_REVIEWER, state_agency("OK")))
    assert pending.program.name not in _section(client, district, "programs")


def test_credential_counts_by_micro_credential_pass_the_suppression(client, instrument, django_assert_num_queries):
    disclosure_minimum_set(actor=SYSTEM, jurisdiction=Jurisdiction.objects.get(usps="TX"), minimum_n=5)  # the state shows counts from 5
    district = DistrictFactory(state="TX", name="Counted ISD")
    people = educators(district, 13)
    worlds = [build_world() for _ in range(3)]
    for world, (start, end), name in zip(worlds, [(0, 6), (6, 11), (11, 13)], ["Flexible pacing A", "Flexible pacing B", "Rare credential"], strict=True):
        world.version.name = name
        world.version.save(update_fields=["name"])
        credentials(world, people[start:end], year=2026, district=district, start_index=5000 + start)
    with django_assert_num_queries(CREDENTIALS_SECTION_QUERIES):
        counts = district_credential_counts(district)
    assert counts.total == 13 and counts.rows == [("Flexible pacing A", 6)] and counts.pooled == 7
    section = _section(client, district, "credentials")
    # 6, 5 and 2: the 2 is pooled; the pool (2) is below 5, so the smallest shown group (5) joins it.
    assert "13 micro-credentials earned" in section and "Flexible pacing A" in section
    assert "Rare credential" not in section and "Flexible pacing B" not in section
    assert "Other micro-credentials (pooled)" in section and "<td>7</td>" in section
    small = DistrictFactory(state="TX")
    credentials(worlds[0], educators(small, 3), year=2026, district=small, start_index=6000)
    assert "counts this small are not shown" in _section(client, small, "credentials")
    assert "No micro-credential earned" in _section(client, DistrictFactory(state="TX"), "credentials")


def test_sections_come_in_order_from_the_registered_modules(instrument):
    assert [s.key for s in district_sections(None, DistrictFactory(state="TX"))] == ["programs", "credentials"]
