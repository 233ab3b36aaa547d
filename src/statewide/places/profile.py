"""Sections other modules add to a district's profile page, without the page's module importing them.

The district profile (`/capacity/districts/<LEAID>/`) is drawn by `statewide.capacity`, which sits in
the same import-linter layer as `programs` and below `credentials`: it may import neither. So each
module that has something to say about a district registers a *section provider* here, in the
layer they all share, from its `AppConfig.ready()`:

    register_district_section("programs", programs_section, order=10)

A provider is called as `provider(user, district)` and returns a `DistrictSection` (a heading, an
anchor, a template and its context) or None when it has nothing to show this user. It reads
through its own module's selectors and permission rules, so what it shows is its own decision
(public parts for the public, more for the district and its state). The profile page calls
`district_sections(user, district)` and includes each section's template, in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from statewide.places.models import Organisation


@dataclass(frozen=True)
class DistrictSection:
    key: str  # the anchor id on the page ("programs")
    title: str  # the heading (already translated)
    template: str  # included with `section` = this object
    context: dict[str, Any] = field(default_factory=dict)


SectionProvider = Callable[[Any, Organisation], DistrictSection | None]
_providers: dict[str, tuple[int, SectionProvider]] = {}


def register_district_section(key: str, provider: SectionProvider, *, order: int = 100) -> None:
    """Add (or replace, keyed by `key`: safe to call again) a section of the district profile."""
    _providers[key] = (order, provider)


def district_sections(user: Any, district: Organisation) -> list[DistrictSection]:
    """The sections the registered modules show this user for this district, in order."""
    sections = []
    for _order, key in sorted((order, key) for key, (order, _p) in _providers.items()):
        section = _providers[key][1](user, district)
        if section is not None:
            sections.append(section)
    return sections
