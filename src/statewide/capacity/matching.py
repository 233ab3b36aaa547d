"""Matching supports to a district's need, with the reason for each match (pure functions).

A support matches a district when it serves the district's overall tier (or lists no tiers) and
either serves one of the district's weakest domains or lists no domains. Matches on a weakest
domain come first. Each match carries its reason, e.g. "You are Tier 2 and scored lowest on
Assessment literacy (1.50)."
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Match:
    support: Any
    reason: str
    on_weakest: bool


def match_supports(supports: list[Any], result: dict[str, Any] | None) -> list[Match]:
    """Supports matched to one submitted round's result (`ReadinessRound.result`), best first."""
    if not result or not result.get("tier"):
        return []
    tier, tier_name = result["tier"], result.get("tier_name") or result["tier"]
    by_code = {d["code"]: d for d in result.get("domains", [])}
    weakest = [by_code[c] for c in result.get("weakest", []) if c in by_code]
    matches: list[Match] = []
    for support in supports:
        if support.tiers and tier not in support.tiers:
            continue
        hit = [d for d in weakest if d["code"] in (support.domains or [])]
        if hit:
            lows = ", ".join(f"{d['title']} ({d['score']:.2f})" for d in hit)
            matches.append(Match(support, _("You are %(tier)s and scored lowest on %(domains)s.") % {"tier": tier_name, "domains": lows}, True))
        elif not support.domains:
            matches.append(Match(support, _("You are %(tier)s, a tier this support serves.") % {"tier": tier_name}, False))
    matches.sort(key=lambda m: (not m.on_weakest, m.support.title))
    return matches
