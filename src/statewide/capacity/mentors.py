"""Mentor matching (pure functions): districts that were where this district is now and have since moved up.

A mentor candidate was in the district's current tier in a round submitted at least a year before the
district's latest round, and its own latest tier is more ready. Candidates come from the district's
own state only, unless that state opts in to other states (`TierScheme.mentors_across_states`).
They are ranked by similarity: locale (same NCES code 2 points, same group: city/suburb/town/rural
1 point), size (open schools, the smaller count over the larger, up to 1 point), poverty (the share
of economically disadvantaged students, 1 point minus the gap between the two shares, when both
districts have one: `poverty_share`, set by the selector from the imported TEA figures; otherwise
the reason says poverty was not compared). Ties: by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

YEAR = dt.timedelta(days=365)
POVERTY_CLOSE = 0.1  # shares within 10 percentage points are "similar" in the reason


@dataclass(frozen=True)
class History:
    """One district's submitted rounds: (submitted at, tier code, tier name), oldest first."""

    district: Any
    rounds: list[tuple[dt.datetime, str, str]]


@dataclass(frozen=True)
class Mentor:
    district: Any
    score: float
    reason: str


def _similarity(a: Any, b: Any) -> tuple[float, list[str]]:
    score, parts = 0.0, []
    if a.locale_code and a.locale_code == b.locale_code:
        score += 2
        parts.append(_("the same locale (%s)") % b.locale_label)
    elif a.locale_code and b.locale_code and a.locale_code[0] == b.locale_code[0]:
        score += 1
        parts.append(_("a similar locale (%s)") % b.locale_label)
    if a.school_count and b.school_count:
        ratio = min(a.school_count, b.school_count) / max(a.school_count, b.school_count)
        score += ratio
        if ratio >= 0.5:
            parts.append(_("a similar size (%(a)d and %(b)d open schools)") % {"a": a.school_count, "b": b.school_count})
    pa, pb = poverty_share(a), poverty_share(b)
    if pa is not None and pb is not None:
        score += 1 - abs(pa - pb)
        if abs(pa - pb) <= POVERTY_CLOSE:
            parts.append(_("a similar share of economically disadvantaged students (%(a)d%% and %(b)d%%)") % {"a": round(pa * 100), "b": round(pb * 100)})
    return score, parts


def poverty_share(district: Any) -> float | None:
    """The share of economically disadvantaged students the selector attached (None: no figure)."""
    share = getattr(district, "poverty_share", None)
    return float(share) if share is not None else None


def rank_mentors(target: History, candidates: list[History], tier_rank: dict[str, int], *, limit: int = 5) -> list[Mentor]:
    """Mentors for `target` among `candidates` (already limited to the allowed states), best first."""
    if not target.rounds:
        return []
    at, tier, tier_name = target.rounds[-1]
    if tier not in tier_rank:
        return []
    found: list[Mentor] = []
    for cand in candidates:
        if cand.district.pk == target.district.pk or not cand.rounds:
            continue
        earlier = [r for r in cand.rounds if r[1] == tier and r[0] <= at - YEAR]
        now_at, now_tier, now_name = cand.rounds[-1]
        if not earlier or tier_rank.get(now_tier, -1) <= tier_rank[tier] or now_at <= earlier[-1][0]:
            continue
        score, parts = _similarity(target.district, cand.district)
        reason = _("Was in %(tier)s in %(year)d, a year or more before your latest round, and is now in %(now)s.") % {
            "tier": tier_name, "year": earlier[-1][0].year, "now": now_name,
        }  # fmt: skip
        if parts:
            reason += " " + _("It has %s.") % _(" and ").join(parts)
        if poverty_share(target.district) is None or poverty_share(cand.district) is None:
            reason += " " + _("Poverty is not compared: Statewide holds no figure for one of the two districts.")
        found.append(Mentor(cand.district, score, reason))
    found.sort(key=lambda m: (-m.score, m.district.name, m.district.pk))
    return found[:limit]
