"""Statewide figures of the policy tracker (read side, for the insights dashboards): a state's
maturity level at the end of each year and its policies in force by type. Public, like the tracker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.utils import timezone

from statewide.frameworks.models import Level
from statewide.policies.maturity import NOT_TRACKED, UNKNOWN
from statewide.policies.models import PolicyRecord, in_force_q
from statewide.policies.selectors import LEVEL_FRAMEWORK, level_names, state_summary

MAX_YEARS = 12  # the level history shows at most this many years (one cached aggregate per year)


@dataclass(frozen=True)
class LevelYear:
    year: int
    as_of: dt.date
    level: str
    level_name: str


def level_order() -> list[str]:
    """Level names from "not tracked" to the highest level, with "unknown" last (one query)."""
    names = level_names()
    codes = list(Level.objects.filter(framework__slug=LEVEL_FRAMEWORK).order_by("position").values_list("code", flat=True))
    return [names[NOT_TRACKED], *(names[c] for c in codes), names[UNKNOWN]]


def level_history(usps: str) -> list[LevelYear]:
    """The state's level at the end of each year since its first dated record (today for this year).
    Each year reads `state_summaries(as_of)`, cached by the tracker's content version."""
    today = timezone.localdate()
    first = PolicyRecord.objects.filter(jurisdiction__usps=usps).aggregate(m=Min("in_force_from"))["m"]
    if first is None:
        return []
    start = max(first.year, today.year - MAX_YEARS + 1)
    out = []
    for year in range(start, today.year + 1):
        as_of = min(dt.date(year, 12, 31), today)
        s = state_summary(usps, as_of)
        out.append(LevelYear(year, as_of, s.level, s.level_name))
    return out


def records_by_type(usps: str) -> list[tuple[str, int]]:
    """Policy records in force today per policy type, in the tracker's order (one query)."""
    rows = (
        PolicyRecord.objects.filter(in_force_q(timezone.localdate()), jurisdiction__usps=usps)
        .values_list("policy_type__name", "policy_type__position")
        .annotate(n=Count("id"))
        .order_by("policy_type__position", "policy_type__name")
    )
    return [(name, n) for name, _pos, n in rows]


def last_checked(usps: str) -> dt.date | None:
    """The latest date a source of the state's records was checked."""
    return PolicyRecord.objects.filter(jurisdiction__usps=usps).aggregate(m=Max("checked_on"))["m"]  # type: ignore[no-any-return]


def states() -> set[str]:
    """USPS codes of the states with tracked policy records."""
    return set(PolicyRecord.objects.values_list("jurisdiction__usps", flat=True).distinct())
