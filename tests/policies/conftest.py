"""Fixtures of the policy tracker's tests: the policy-type vocabulary in every test database."""

from __future__ import annotations

from typing import Any

import pytest

from statewide.policies.demo import load_policy_types, load_seed_policies
from statewide.policies.models import PolicyType
from tests import snapshot


@pytest.fixture(autouse=True)
def _policy_types(request: pytest.FixtureRequest) -> None:
    names = set(request.fixturenames)
    if not (request.node.get_closest_marker("django_db") or names & {"db", "transactional_db", "live_server"}):
        return
    request.getfixturevalue("transactional_db" if names & {"transactional_db", "live_server"} else "db")
    if not PolicyType.objects.exists():
        load_policy_types()


@pytest.fixture
def seeded(_policy_types: Any) -> tuple[int, int]:
    """The sourced seed records of content/policies.yaml (loaded through the services once per test process,
    then re-inserted as rows; tests/policies/test_seed.py runs the loader itself)."""
    return snapshot.delta_or_build("seeded-policies", lambda: (load_policy_types(), load_seed_policies())[1])
