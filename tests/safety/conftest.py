"""Fixtures of the input-safety tests: the policy-type vocabulary, an editor and the API client helpers."""

from __future__ import annotations

import pytest

from statewide.policies.demo import load_policy_types
from statewide.policies.models import PolicyType


@pytest.fixture
def policy_types(db: None) -> None:
    if not PolicyType.objects.exists():
        load_policy_types()
