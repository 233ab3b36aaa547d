"""Scoring rules of the quiz, as worked cases over plain data (no database)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statewide.assessments.scoring import (
    NOT_STARTED,
    UNKNOWN,
    Condition,
    Placement,
    Rules,
    StatePolicies,
    can_recommend,
    next_phase,
    recommend,
    score,
)

PHASES = ["exploration", "replication", "statewide-transformation"]
NAMES = {"exploration": "Exploration", "replication": "Replication", "statewide-transformation": "Statewide transformation"}
RULES = Rules(
    gap_points={"not-started": 30, "exploration": 20, "replication": 10, "statewide-transformation": 0},
    unknown_points=5,
    foundational_bonus=5,
    priority_bonus=8,
    recommendations=3,
)
# Rules.gap_points is keyed by status; NOT_STARTED is "not-started".
VISION = Condition("vision", "Vision", 10, foundational=True)
LEADERSHIP = Condition("leadership", "Leadership", 20, foundational=True)
SUPPORTS = Condition("supports", "Supports", 30, foundational=False)
PATHWAYS = Condition("pathways", "Pathways", 40, foundational=False)
FUNDING = Condition("funding", "Funding", 50, foundational=False)
ALL = [VISION, LEADERSHIP, SUPPORTS, PATHWAYS, FUNDING]


def placed(statuses: dict[Condition, str]) -> list[Placement]:
    return [Placement(c, statuses.get(c, UNKNOWN), f"answer {statuses.get(c, '')}") for c in ALL]


def codes(recs):  # type: ignore[no-untyped-def]
    return [r.condition.code for r in recs]


def test_least_mature_conditions_come_first():
    recs = recommend(
        placed({VISION: "replication", LEADERSHIP: "replication", SUPPORTS: "exploration", PATHWAYS: NOT_STARTED, FUNDING: "statewide-transformation"}),
        priorities=set(),
        rules=RULES,
        phases=PHASES,
        phase_names=NAMES,
    )
    # pathways 30; supports 20; vision 10+5=15 and leadership 15: tie broken by framework order.
    assert codes(recs) == ["pathways", "supports", "vision"]
    assert [r.score for r in recs] == [30, 20, 15]
    assert recs[0].next_phase == "exploration" and recs[1].next_phase == "replication"
    assert "not started" in recs[0].reasons[0].lower() or "least mature" in recs[0].reasons[0]


def test_foundational_and_priority_weights_lift_a_condition():
    statuses = dict.fromkeys(ALL, "exploration")
    recs = recommend(placed(statuses), priorities={"funding"}, rules=RULES, phases=PHASES, phase_names=NAMES)
    # funding 20+8=28 > vision 25 = leadership 25 > supports 20
    assert codes(recs) == ["funding", "vision", "leadership"]
    assert any("priorities" in reason for reason in recs[0].reasons)
    assert any("our editorial choice" in reason and "build on" not in reason for reason in recs[1].reasons)


def test_ties_break_by_framework_order_and_are_deterministic():
    statuses = dict.fromkeys([SUPPORTS, PATHWAYS, FUNDING], "replication") | {VISION: "statewide-transformation", LEADERSHIP: "statewide-transformation"}
    first = recommend(placed(statuses), priorities=set(), rules=RULES, phases=PHASES, phase_names=NAMES)
    assert codes(first) == ["supports", "pathways", "funding"]
    again = recommend(list(reversed(placed(statuses))), priorities=set(), rules=RULES, phases=PHASES, phase_names=NAMES)
    assert codes(again) == codes(first)


def test_all_lowest_answers():
    recs = recommend(placed(dict.fromkeys(ALL, NOT_STARTED)), priorities=set(), rules=RULES, phases=PHASES, phase_names=NAMES)
    # every gap is 30; the foundational bonus puts vision and leadership first, then framework order.
    assert codes(recs) == ["vision", "leadership", "supports"]
    assert all(r.next_phase == "exploration" and not r.sustain for r in recs)


def test_all_highest_answers_recommend_sustaining_what_matters_most():
    recs = recommend(placed(dict.fromkeys(ALL, "statewide-transformation")), priorities={"pathways"}, rules=RULES, phases=PHASES, phase_names=NAMES)
    assert all(r.sustain and r.score == 0 and r.next_phase is None for r in recs)
    # no work left anywhere: the priority (bonus 8) first, then the foundational ones (bonus 5).
    assert codes(recs) == ["pathways", "vision", "leadership"]
    assert "keeping it strong" in recs[0].reasons[0]


def test_unanswered_questions_are_unknown_and_rank_below_any_answered_gap():
    recs = recommend(placed({SUPPORTS: "replication"}), priorities=set(), rules=RULES, phases=PHASES, phase_names=NAMES)
    # supports 10; vision/leadership unknown 5+5=10; pathways/funding 5. Tie supports vs vision: vision first (order).
    assert codes(recs) == ["vision", "leadership", "supports"]
    assert recs[0].status == UNKNOWN and "did not answer" in recs[0].reasons[0]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (NOT_STARTED, "exploration"),
        (UNKNOWN, "exploration"),
        ("exploration", "replication"),
        ("replication", "statewide-transformation"),
        ("statewide-transformation", None),
    ],
)
def test_next_phase(status, expected):
    assert next_phase(status, PHASES) == expected


def test_bonuses_never_apply_to_a_condition_already_in_place():
    assert score(Placement(VISION, "statewide-transformation"), priorities={"vision"}, rules=RULES) == (0, 13)
    assert score(Placement(VISION, UNKNOWN), priorities=set(), rules=RULES) == (10, 5)


# ---- the state's tracked policies (version 2 rules) ------------------------------------------------

RULES_V2 = replace(RULES, no_policy_bonus=4)
STATUSES = [NOT_STARTED, UNKNOWN, *PHASES]


def test_a_tracked_state_without_a_policy_for_a_condition_lifts_it():
    statuses = {PATHWAYS: NOT_STARTED, FUNDING: NOT_STARTED}
    without = recommend(placed(statuses), priorities=set(), rules=RULES_V2, phases=PHASES, phase_names=NAMES)
    assert codes(without)[:2] == ["pathways", "funding"]  # tie: framework order
    state = StatePolicies("New Hampshire", tracked=True, serving={"pathways": ("ELO rule",)})
    named = recommend(placed(statuses), priorities=set(), rules=RULES_V2, phases=PHASES, phase_names=NAMES, state=state)
    assert codes(named)[:2] == ["funding", "pathways"]
    assert named[0].score == 34 and "(+4)" in named[0].reasons[-1]
    assert named[1].score == 30 and "ELO rule" in named[1].reasons[-1] and "does not change the score" in named[1].reasons[-1]


def test_nothing_placed_means_no_recommendation():
    assert recommend(placed({}), priorities={"funding"}, rules=RULES_V2, phases=PHASES, phase_names=NAMES) == []
    assert not can_recommend(placed({}))
    assert can_recommend(placed({VISION: "statewide-transformation"}))


placements = st.fixed_dictionaries({c: st.sampled_from(STATUSES) for c in ALL})
codes_ = st.sets(st.sampled_from([c.code for c in ALL]))


@given(statuses=placements, serving=codes_, priorities=codes_)
def test_an_untracked_state_never_changes_the_result(statuses, serving, priorities):
    state = StatePolicies("Wyoming", tracked=False, serving=dict.fromkeys(serving, ("x",)))
    plain = recommend(placed(statuses), priorities=priorities, rules=RULES_V2, phases=PHASES, phase_names=NAMES)
    named = recommend(placed(statuses), priorities=priorities, rules=RULES_V2, phases=PHASES, phase_names=NAMES, state=state)
    assert [(r.condition, r.score, r.next_phase) for r in named] == [(r.condition, r.score, r.next_phase) for r in plain]
    assert all("not tracked yet" in r.reasons[-1] for r in named)


@given(statuses=placements, serving=codes_, priorities=codes_)
def test_the_state_bonus_applies_exactly_where_work_is_left_and_no_policy_serves(statuses, serving, priorities):
    state = StatePolicies("Iowa", tracked=True, serving=dict.fromkeys(serving, ("x",)))
    for p in placed(statuses):
        with_state, _b = score(p, priorities=priorities, rules=RULES_V2, state=state)
        alone, _b = score(p, priorities=priorities, rules=RULES_V2)
        expected = 4 if alone > 0 and p.condition.code not in serving else 0
        assert with_state - alone == expected


@given(statuses=placements, priorities=codes_)
def test_a_state_with_policies_for_every_condition_ranks_like_no_state(statuses, priorities):
    state = StatePolicies("Iowa", tracked=True, serving={c.code: ("x",) for c in ALL})
    plain = recommend(placed(statuses), priorities=priorities, rules=RULES_V2, phases=PHASES, phase_names=NAMES)
    named = recommend(placed(statuses), priorities=priorities, rules=RULES_V2, phases=PHASES, phase_names=NAMES, state=state)
    assert codes(named) == codes(plain)
    assert bool(plain) == can_recommend(placed(statuses))
