"""Capacity tests: the readiness instrument is reference data (as `load-frameworks` stores it)."""

from __future__ import annotations

from typing import Any

import pytest

from statewide.capacity.models import ReadinessInstrument
from statewide.capacity.services import readiness_instrument_load
from statewide.core.permissions import SYSTEM


@pytest.fixture
def instrument(db: Any) -> ReadinessInstrument:
    return readiness_instrument_load(actor=SYSTEM)
