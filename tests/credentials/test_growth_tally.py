"""The growth dashboard's kept tallies equal a direct recount of the credentials after any
sequence of awards (with and without a district, across years), revocations, bulk awards and
program-status credentials (which are not counted), and the dashboard reads no credential."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.credentials import selectors, services
from statewide.credentials.models import Credential, GrowthTally
from statewide.credentials.tallies import growth_recount, growth_tally_read
from tests.factories import DistrictFactory, person

from .setup import build_world

pytestmark = pytest.mark.django_db

step = st.one_of(
    st.tuples(st.just("award"), st.integers(0, 3), st.integers(0, 1), st.integers(2024, 2026)),  # educator, district, year
    st.tuples(st.just("revoke"), st.integers(0, 50)),
    st.tuples(st.just("bulk"), st.lists(st.integers(0, 3), min_size=1, max_size=3, unique=True)),
    st.tuples(st.just("program"), st.integers(0, 1)),
)


@pytest.fixture
def scene():
    world = build_world()
    districts = [world.district, DistrictFactory(state="TX")]
    people = [person(Role.EDUCATOR, districts[i % 2]) for i in range(4)]
    return world, districts, people


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=5))
def test_tallies_equal_a_recount_after_any_sequence(scene, steps):
    world, districts, people = scene
    jurisdiction_id = world.issuer.organisation.jurisdiction_id
    for action, *args in steps:
        if action == "award":
            who, where, year = args
            services.credential_issue(
                actor=world.admin, version=world.version, recipient=people[who], district=districts[where], valid_from=dt.datetime(year, 6, 1, tzinfo=dt.UTC)
            )
        elif action == "revoke":
            open_ones = list(Credential.objects.filter(revoked_at__isnull=True).order_by("id"))
            if open_ones:
                services.credential_revoke(actor=world.admin, credential=open_ones[args[0] % len(open_ones)], reason="Withdrawn")
        elif action == "bulk":
            csv_text = "email,narrative\n" + "".join(f"{people[i].email},Bulk\n" for i in args[0])
            with contextlib.suppress(ApplicationError):  # everyone named already holds it: nothing awarded
                services.credential_bulk_award(actor=world.admin, version=world.version, csv_text=csv_text)
        else:
            services.credential_issue_program_status(
                actor=SYSTEM, district=districts[args[0]], program_name="Flexible pacing", term_start=dt.date(2026, 1, 1), term_end=dt.date(2027, 1, 1)
            )
        assert growth_tally_read(jurisdiction_id) == growth_recount(jurisdiction_id), (action, args)


def test_rebuild_matches_and_the_dashboard_reads_no_credential(scene):
    world, districts, people = scene
    for i, who in enumerate(people):
        services.credential_issue(actor=world.admin, version=world.version, recipient=who, district=districts[i % 2])
    jurisdiction = world.issuer.organisation.jurisdiction
    kept = growth_tally_read(jurisdiction.pk)
    GrowthTally.objects.all().delete()
    services.growth_tally_rebuild()
    assert growth_tally_read(jurisdiction.pk) == kept == growth_recount(jurisdiction.pk)
    assert sum(kept["year"].values()) == 4 and kept["district"] == {districts[0].pk: 2, districts[1].pk: 2}
    with CaptureQueriesContext(connection) as captured:
        selectors.growth_for(jurisdiction)
    assert not any('"credentials_credential"' in q["sql"] for q in captured.captured_queries)
