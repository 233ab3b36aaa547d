"""The readiness instrument and the default tier scheme as data (YAML shipped with the module).

`instrument_definition()` reads and checks the shipped YAML; `readiness_instrument_load`
(services) stores it as a versioned `ReadinessInstrument`. The default tier scheme is New
Hampshire's three tiers of readiness as Aurora's 2016 post describes them (framework-sources.md
§9.2); the minimum scores are Statewide's own choice (the source gives none) and a state changes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError

CONTENT = Path(__file__).resolve().parent / "content"
INSTRUMENT_FILE = CONTENT / "readiness-v1.yaml"

NH_SOURCE = {
    "url": "https://aurora-institute.org/blog/how-states-build-local-capacity-to-implement-personalized-learning/",
    "title": "Aurora Institute (iNACOL), How States Build Local Capacity to Implement Personalized Learning (2016), New Hampshire Vision 2.0",
    "checked_on": "2026-11-30",
}
DEFAULT_TIERS: list[dict[str, Any]] = [
    {"code": "tier-3", "name": "Tier 3", "min_score": "1",
     "description": "Building awareness and literacy; not yet ready for full transformation."},
    {"code": "tier-2", "name": "Tier 2", "min_score": "2.25",
     "description": "Building capacity; not yet ready for full transformation."},
    {"code": "tier-1", "name": "Tier 1", "min_score": "3.25",
     "description": "Ready for whole-district transformation; can gain and share expertise."},
]  # fmt: skip


def instrument_definition(path: Path = INSTRUMENT_FILE) -> dict[str, Any]:
    """The instrument's data, checked: unique codes, four levels, a descriptor for each level of each item."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems: dict[str, list[str]] = {}
    values = [lv["value"] for lv in data.get("levels", [])]
    if not values or values != sorted(set(values)):
        problems["levels"] = [_("Levels must be distinct and in ascending order.")]
    seen: set[str] = set()
    for d_index, domain in enumerate(data.get("domains", [])):
        for i_index, item in enumerate(domain.get("items", [])):
            where = f"domains[{d_index}].items[{i_index}]"
            if item["code"] in seen:
                problems[f"{where}.code"] = [_("Item codes must be unique.")]
            seen.add(item["code"])
            # Descriptors are keyed by the level as text (as JSON stores them).
            item["descriptors"] = {str(k): v for k, v in item.get("descriptors", {}).items()}
            if sorted(int(k) for k in item["descriptors"]) != values:
                problems[f"{where}.descriptors"] = [_("Each level needs one descriptor.")]
    if problems:
        raise ApplicationError(_("The readiness instrument %s is not valid.") % path.name, fields=problems)
    return data


def item_codes(definition: dict[str, Any]) -> list[str]:
    return [item["code"] for domain in definition["domains"] for item in domain["items"]]
