"""The program templates shipped as data (`content/templates/*.yaml`): read, checked, listed."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_DIR = Path(__file__).parent / "content" / "templates"
SCHEMA = "statewide-program-template/1"
DEFAULT = "scaling"


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@cache
def program_templates() -> dict[str, dict[str, Any]]:
    """Every template by key, the default first. A malformed file fails loudly (they ship with the code)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(TEMPLATE_DIR.glob("*.yaml"), key=lambda p: (p.stem != DEFAULT, p.stem)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"{path.name}: schema must be {SCHEMA}")
        for required in ("key", "name", "authority", "term_years", "assurances", "rubric", "rules", "stages"):
            if required not in data:
                raise ValueError(f"{path.name}: missing {required}")
        data["authority"]["checked_on"] = _date(data["authority"].get("checked_on"))
        for rule in data["rules"]:
            rule["checked_on"] = _date(rule.get("checked_on"))
        out[data["key"]] = data
    return out
