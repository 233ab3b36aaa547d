"""The module dashboards: each a list of figures (`core.charts.Chart` with its table) for one state.

Every figure is built from a module's read side (selectors and `stats` modules), never from models
here. A whole dashboard is computed once per change of the content it reads (`cached_by_version`
on its modules' domains) and per language; a module without data for the state gives figures with
no rows, which the pages show as an honest empty state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from statewide.core.cache import cached_by_version
from statewide.insights import module_figures as figures
from statewide.insights.module_figures import Figure
from statewide.places.models import Jurisdiction


@dataclass
class Dashboard:
    slug: str
    title: str
    jurisdiction_usps: str
    jurisdiction_name: str
    figures: list[Figure] = field(default_factory=list)
    sources: list[tuple[str, dt.date | None]] = field(default_factory=list)  # (data source, date of its latest data)

    @property
    def is_empty(self) -> bool:
        return all(f.chart.is_empty for f in self.figures)

    def figure(self, slug: str) -> Figure | None:
        return next((f for f in self.figures if f.slug == slug), None)


@dataclass(frozen=True)
class Kind:
    slug: str
    title: Any
    description: Any
    module: Any  # the module the figures come from, for people
    domains: tuple[str, ...]  # content domains the figures read: a write to one recomputes the dashboard
    build: Callable[[Jurisdiction], tuple[list[Figure], list[tuple[str, dt.date | None]]]]


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind(
            "progress",
            gettext_lazy("Progress per framework condition"),
            gettext_lazy(
                "The state's self-assessment baseline and later rounds, condition by condition, its policies in force and its maturity level over time."
            ),
            gettext_lazy("State self-assessment and policy tracker"),
            ("selfassessment", "policies", "places", "frameworks"),
            figures.progress,
        ),
        Kind(
            "capacity",
            gettext_lazy("Local capacity"),
            gettext_lazy(
                "Districts by readiness tier over time, supports delivered, technical-assistance response times against the state's target, and network membership."
            ),
            gettext_lazy("Local capacity"),
            ("capacity", "places"),
            figures.capacity,
        ),
        Kind(
            "programs",
            gettext_lazy("Innovation programs"),
            gettext_lazy("Districts taking part in the state's public innovation programs over time, by stage, and their indicators against targets."),
            gettext_lazy("Innovation programs"),
            ("programs", "places"),
            figures.programs,
        ),
        Kind(
            "credentials",
            gettext_lazy("Educator micro-credentials"),
            gettext_lazy(
                "Micro-credentials earned each year against the state's growth target, the share of educators holding one, and credentials by framework condition."
            ),
            gettext_lazy("Micro-credentials"),
            ("credentials", "accounts", "frameworks", "places"),
            figures.credentials,
        ),
    )
}


def _build(kind: Kind, jurisdiction: Jurisdiction) -> Dashboard:
    items, sources = kind.build(jurisdiction)
    return Dashboard(kind.slug, str(kind.title), jurisdiction.usps, jurisdiction.name, items, sources)


def dashboard_get(slug: str, jurisdiction: Jurisdiction) -> Dashboard:
    """The dashboard for the state, cached until a write to one of its modules (or a new day)."""
    kind = KINDS[slug]
    return cached_by_version(f"insights.{slug}", kind.domains, lambda: _build(kind, jurisdiction), jurisdiction.usps, get_language(), timezone.localdate())


def dashboards_for(jurisdiction: Jurisdiction) -> list[Dashboard]:
    return [dashboard_get(slug, jurisdiction) for slug in KINDS]


def sources_of(dashboards: list[Dashboard]) -> list[tuple[str, dt.date | None]]:
    """Each data source once, with the date of its latest data (the reports list them)."""
    seen: dict[str, dt.date | None] = {}
    for d in dashboards:
        for label, date in d.sources:
            seen.setdefault(label, date)
    return list(seen.items())
