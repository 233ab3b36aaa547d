"""Shared helpers for the credentials tests (standards kit paths, a test key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STANDARDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "standards"
OB = STANDARDS / "openbadges-v3p0"
FIXTURES = OB / "validator-fixtures"
VECTOR_DIR = OB / "test-vector-eddsa-rdfc-2022"
VC_FIXTURES = STANDARDS / "vc-data-model-2.0-fixtures"


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def vector():
    return read_json(VECTOR_DIR / "vector.json")
