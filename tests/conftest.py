from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache

from statewide.assessments.instruments import instruments_load
from statewide.assessments.models import Instrument
from statewide.capacity.services import readiness_instrument_load
from statewide.core.permissions import SYSTEM
from statewide.frameworks.loader import frameworks_load_packs
from statewide.frameworks.models import Framework
from statewide.places.models import Jurisdiction
from statewide.policies.demo import load_policy_types
from statewide.policies.models import PolicyType
from tests import snapshot

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.e2e.browser"]


# The test database is built by the real migrations (no --no-migrations), so the places data
# migration has run. After a transactional test flushes every table, its own code puts them back.
_PLACES_MIGRATION = importlib.import_module("statewide.places.migrations.0002_jurisdictions_and_state_agencies")


def _load_reference_data() -> None:
    """Reference data every database has after `make run`: places (migration), framework packs, quiz instruments
    and the readiness instrument (`load-frameworks`), policy types."""
    if not Jurisdiction.objects.exists():
        _PLACES_MIGRATION.load(apps, None)
    frameworks_load_packs(actor=SYSTEM)
    instruments_load()
    readiness_instrument_load(actor=SYSTEM)
    load_policy_types()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _load_reference_data()
        snapshot.take()
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
    missing = not (Jurisdiction.objects.exists() and Framework.objects.exists() and Instrument.objects.exists() and PolicyType.objects.exists())
    if missing and not snapshot.restore():  # re-inserting the remembered rows is much faster than loading the packs
        _load_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
