from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import us
from django.core.cache import cache

from statewide.core.permissions import SYSTEM
from statewide.frameworks.loader import frameworks_load_packs
from statewide.frameworks.models import Framework
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind
from statewide.policies.demo import load_policy_types
from statewide.policies.models import PolicyType

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.e2e.browser"]


def _load_reference_places() -> None:
    """What migration places.0002 loads (tests run with --no-migrations): 56 jurisdictions + their SEAs."""
    for state in us.states.STATES_AND_TERRITORIES:
        kind = "federal_district" if state.abbr == "DC" else ("territory" if state.is_territory else "state")
        j, _ = Jurisdiction.objects.get_or_create(usps=state.abbr, defaults={"fips": state.fips, "name": state.name, "kind": kind})
        Organisation.objects.get_or_create(kind=OrganisationKind.STATE_AGENCY, jurisdiction=j, defaults={"name": f"{state.name} state education agency"})


def _load_reference_data() -> None:
    """Reference data every database has after `make run`: places, the framework content packs, policy types."""
    _load_reference_places()
    frameworks_load_packs(actor=SYSTEM)
    load_policy_types()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _load_reference_data()
    yield


@pytest.fixture(autouse=True)
def _reference_places(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live_server) flush every table; put the reference data back."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not (marker or names & {"db", "transactional_db", "live_server"}):
        return
    transactional = bool(names & {"transactional_db", "live_server"}) or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Jurisdiction.objects.exists() or not Framework.objects.exists() or not PolicyType.objects.exists():
        _load_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
