"""Tier scoring: the rules as data, applied by pure functions (no database).

An instrument (`content/readiness-v1.yaml`) names its domains, items and levels (1..4) and its
scoring rules: a domain is scored when at least `min_answered_share` of its items are answered
("not sure" counts as unanswered); its score is the mean of the answered levels. The overall score
is the mean of the scored domains, given at least `min_scored_domains` of them. A tier scheme is a
list of tiers with a `min_score` each: a score falls in the most ready tier whose minimum it meets
(a score exactly on a boundary goes up). Arithmetic is exact (fractions), so boundaries never
depend on floating-point noise. The weakest domains are every scored domain with the lowest score
(ties are all named, in the instrument's order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Tier:
    code: str
    name: str
    min_score: Fraction
    description: str = ""


@dataclass(frozen=True)
class DomainResult:
    code: str
    title: str
    answered: int
    total: int
    score: Fraction | None
    tier: Tier | None
    reason: str


@dataclass(frozen=True)
class RoundResult:
    domains: list[DomainResult]
    score: Fraction | None
    tier: Tier | None
    reason: str
    weakest: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "score": _num(self.score),
            "tier": self.tier.code if self.tier else None,
            "tier_name": self.tier.name if self.tier else None,
            "reason": self.reason,
            "weakest": self.weakest,
            "domains": [
                {"code": d.code, "title": d.title, "answered": d.answered, "total": d.total, "score": _num(d.score),
                 "tier": d.tier.code if d.tier else None, "tier_name": d.tier.name if d.tier else None, "reason": d.reason}
                for d in self.domains
            ],
        }  # fmt: skip


def _num(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def tiers_from_data(rows: list[dict[str, Any]]) -> list[Tier]:
    """Tiers from a scheme's data, least ready first (ascending minimum score)."""
    tiers = [Tier(code=r["code"], name=r["name"], min_score=Fraction(str(r["min_score"])), description=r.get("description", "")) for r in rows]
    return sorted(tiers, key=lambda t: t.min_score)


def place(score: Fraction, tiers: list[Tier]) -> Tier:
    """The most ready tier whose minimum the score meets; below every minimum: the least ready tier."""
    chosen = tiers[0]
    for tier in tiers:
        if score >= tier.min_score:
            chosen = tier
    return chosen


def _fmt(value: Fraction) -> str:
    return f"{float(value):.2f}"


def _reason(score: Fraction, tier: Tier, tiers: list[Tier]) -> str:
    above = [t for t in tiers if t.min_score > tier.min_score]
    if above:
        nxt = above[0]
        return _("%(score)s is at least %(min)s (%(tier)s) and below %(next_min)s (%(next)s).") % {
            "score": _fmt(score), "min": _fmt(tier.min_score), "tier": tier.name, "next_min": _fmt(nxt.min_score), "next": nxt.name,
        }  # fmt: skip
    return _("%(score)s is at least %(min)s, the minimum of %(tier)s, the most ready tier.") % {
        "score": _fmt(score),
        "min": _fmt(tier.min_score),
        "tier": tier.name,
    }


def score_round(instrument: dict[str, Any], answers: dict[str, int | None], tiers: list[Tier]) -> RoundResult:
    """Score one round's answers (item code -> level, None or absent = unanswered) against the tiers."""
    rules = instrument["scoring"]
    share = Fraction(str(rules["min_answered_share"]))
    domains: list[DomainResult] = []
    for domain in instrument["domains"]:
        levels = [answers.get(item["code"]) for item in domain["items"]]
        given = [v for v in levels if v is not None]
        total = len(levels)
        if not given or Fraction(len(given), total) < share:
            reason = _("Not scored: %(n)d of %(total)d items answered (at least %(share)d%% needed).") % {
                "n": len(given),
                "total": total,
                "share": int(share * 100),
            }
            domains.append(DomainResult(domain["code"], domain["title"], len(given), total, None, None, reason))
            continue
        score = Fraction(sum(given), len(given))
        tier = place(score, tiers)
        domains.append(DomainResult(domain["code"], domain["title"], len(given), total, score, tier, _reason(score, tier, tiers)))
    scored = [d for d in domains if d.score is not None]
    if len(scored) < rules["min_scored_domains"]:
        reason = _("No overall tier: %(n)d domains scored, at least %(min)d needed.") % {"n": len(scored), "min": rules["min_scored_domains"]}
        return RoundResult(domains, None, None, reason, _weakest(scored))
    overall = sum((d.score for d in scored if d.score is not None), Fraction(0)) / len(scored)
    tier = place(overall, tiers)
    reason = _("Mean of %(n)d scored domains: %(why)s") % {"n": len(scored), "why": _reason(overall, tier, tiers)}
    return RoundResult(domains, overall, tier, reason, _weakest(scored))


def _weakest(scored: list[DomainResult]) -> list[str]:
    if not scored:
        return []
    low = min(d.score for d in scored if d.score is not None)
    return [d.code for d in scored if d.score == low]
