"""Scoring rules of the where-to-begin quiz: pure functions over plain data, no database.

The rules themselves (points and bonuses) are data in the instrument file; docs/quiz.md explains
them with a worked example. Same answers, same result: every ordering ends in the framework's own
condition order, so ties break the same way every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NOT_STARTED = "not-started"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Condition:
    code: str
    name: str
    position: int
    foundational: bool


@dataclass(frozen=True)
class Rules:
    gap_points: dict[str, int]
    unknown_points: int
    foundational_bonus: int
    priority_bonus: int
    recommendations: int
    no_policy_bonus: int = 0  # a named, tracked state has no policy in force serving the condition (v2)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Rules:
        return cls(
            gap_points=dict(data["gap_points"]),
            unknown_points=int(data["unknown_points"]),
            foundational_bonus=int(data["foundational_bonus"]),
            priority_bonus=int(data["priority_bonus"]),
            recommendations=int(data["recommendations"]),
            no_policy_bonus=int(data.get("no_tracked_policy_bonus", 0)),
        )


@dataclass(frozen=True)
class StatePolicies:
    """What the tracker says about the quiz taker's state: whether it is tracked at all, and for each
    condition the titles of its tracked policies in force that serve it."""

    name: str
    tracked: bool
    serving: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lacks(self, code: str) -> bool:
        """Tracked, yet no tracked policy in force serves the condition (untracked says nothing)."""
        return self.tracked and not self.serving.get(code)


@dataclass
class Placement:
    """Where the answers put the state on one condition."""

    condition: Condition
    status: str  # NOT_STARTED, UNKNOWN, or a phase (level) code
    choice_text: str = ""

    @property
    def phase(self) -> str | None:
        return None if self.status in (NOT_STARTED, UNKNOWN) else self.status


@dataclass
class Recommendation:
    condition: Condition
    status: str
    score: int
    next_phase: str | None
    sustain: bool
    reasons: list[str] = field(default_factory=list)


def next_phase(status: str, phases: list[str]) -> str | None:
    """The phase to work toward: the first phase when not started or unknown, none past the last."""
    if status in (NOT_STARTED, UNKNOWN):
        return phases[0]
    index = phases.index(status)
    return phases[index + 1] if index + 1 < len(phases) else None


def score(placement: Placement, *, priorities: set[str], rules: Rules, state: StatePolicies | None = None) -> tuple[int, int]:
    """(score, bonus). Bonuses count only while there is work left to do on the condition."""
    gap = rules.unknown_points if placement.status == UNKNOWN else rules.gap_points[placement.status]
    code = placement.condition.code
    bonus = (rules.foundational_bonus if placement.condition.foundational else 0) + (rules.priority_bonus if code in priorities else 0)
    if state is not None and state.lacks(code):
        bonus += rules.no_policy_bonus
    return (gap + bonus if gap > 0 else 0), bonus


def _state_reason(p: Placement, state: StatePolicies, rules: Rules, sustain: bool) -> str:
    code = p.condition.code
    if not state.tracked:
        return _("%(state)s's policies are not tracked yet, so this suggestion rests on your answers alone.") % {"state": state.name}
    titles = state.serving.get(code, ())
    if titles:
        return ngettext(
            "The tracker lists %(n)d policy of %(state)s in force that serves this condition (%(titles)s); the next phase builds on it. It does not change the score.",
            "The tracker lists %(n)d policies of %(state)s in force that serve this condition (%(titles)s); the next phase builds on them. It does not change the score.",
            len(titles),
        ) % {"n": len(titles), "state": state.name, "titles": "; ".join(titles)}
    if sustain or not rules.no_policy_bonus:
        return _("The tracker lists no policy of %(state)s in force that serves this condition.") % {"state": state.name}
    return _("The tracker lists no policy of %(state)s in force that serves this condition, so Statewide weighs it more (+%(points)d).") % {
        "state": state.name,
        "points": rules.no_policy_bonus,
    }


def reasons_for(
    p: Placement, *, priorities: set[str], phase_names: dict[str, str], sustain: bool, rules: Rules, state: StatePolicies | None = None
) -> list[str]:
    reasons = []
    if p.status == UNKNOWN:
        reasons.append(_("You did not answer this question, so we could not place your state; finding out is a first step."))
    elif sustain:
        reasons.append(_("Because you said “%(answer)s”: it is already in place statewide, so the work is keeping it strong.") % {"answer": p.choice_text})
    elif p.status == NOT_STARTED:
        reasons.append(_("Because you said “%(answer)s”: it is among the least mature conditions in your answers.") % {"answer": p.choice_text})
    else:
        reasons.append(
            _("Because you said “%(answer)s”: your state is in the %(phase)s phase, so the next phase is within reach.")
            % {"answer": p.choice_text, "phase": phase_names.get(p.status, p.status).lower()}
        )
    if p.condition.foundational and not sustain:
        reasons.append(
            _(
                "Statewide weighs it a little more because our editors treat it as a starting point; this is our editorial choice, not a ranking the framework gives."
            )
        )
    if p.condition.code in priorities:
        reasons.append(_("You named it as one of your state's priorities."))
    if state is not None:
        reasons.append(_state_reason(p, state, rules, sustain))
    return reasons


def can_recommend(placements: list[Placement]) -> bool:
    """At least one question answered with a placement (not left blank, not "don't know")."""
    return any(p.status != UNKNOWN for p in placements)


def recommend(
    placements: list[Placement],
    *,
    priorities: set[str],
    rules: Rules,
    phases: list[str],
    phase_names: dict[str, str],
    state: StatePolicies | None = None,
) -> list[Recommendation]:
    """Rank every condition and return the first `rules.recommendations`; none when nothing was answered.

    Order: score (highest first), then bonus (so that among conditions already in place statewide
    the foundational and prioritised ones come first), then the framework's condition order.
    """
    if not can_recommend(placements):
        return []

    def key(p: Placement) -> tuple[int, int, int]:
        points, bonus = score(p, priorities=priorities, rules=rules, state=state)
        return (-points, -bonus, p.condition.position)

    result = []
    for p in sorted(placements, key=key)[: rules.recommendations]:
        points, _bonus = score(p, priorities=priorities, rules=rules, state=state)
        sustain = points == 0
        result.append(
            Recommendation(
                condition=p.condition,
                status=p.status,
                score=points,
                next_phase=None if sustain else next_phase(p.status, phases),
                sustain=sustain,
                reasons=reasons_for(p, priorities=priorities, phase_names=phase_names, sustain=sustain, rules=rules, state=state),
            )
        )
    return result
