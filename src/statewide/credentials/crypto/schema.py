"""1EdTech's JSON Schema (draft 2019-09) for OpenBadgeCredential / AchievementCredential."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator

SCHEMA_DIR = Path(__file__).parent / "schemas"


@cache
def _validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def schema_errors(credential: Any, *, name: str = "achievementcredential.json") -> list[str]:
    """Messages with their JSON path; empty when the credential is valid."""
    errors = sorted(_validator(name).iter_errors(credential), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message[:300]}" for e in errors]


def profile_errors(profile: Any) -> list[str]:
    return schema_errors(profile, name="profile.json")
