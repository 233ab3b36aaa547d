"""Tier scoring rules (data-driven): boundaries, missing answers, ties — properties and examples."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.capacity.instrument import DEFAULT_TIERS, instrument_definition, item_codes
from statewide.capacity.scoring import place, score_round, tiers_from_data

DEFINITION = instrument_definition()
CODES = item_codes(DEFINITION)
TIERS = tiers_from_data(DEFAULT_TIERS)
levels = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
answer_sets = st.fixed_dictionaries({}, optional=dict.fromkeys(CODES, levels))


def test_the_default_tiers_are_new_hampshires_three():
    assert [t.code for t in TIERS] == ["tier-3", "tier-2", "tier-1"]


def test_a_score_on_a_boundary_goes_up_and_just_below_stays():
    assert place(Fraction(9, 4), TIERS).code == "tier-2"  # 2.25 exactly
    assert place(Fraction(9, 4) - Fraction(1, 10**9), TIERS).code == "tier-3"
    assert place(Fraction(13, 4), TIERS).code == "tier-1"
    assert place(Fraction(1), TIERS).code == "tier-3"


@settings(max_examples=100, deadline=None)
@given(st.fractions(min_value=0, max_value=5))
def test_placement_is_the_most_ready_tier_whose_minimum_is_met(score):
    tier = place(score, TIERS)
    met = [t for t in TIERS if score >= t.min_score]
    assert tier == (met[-1] if met else TIERS[0])


@settings(max_examples=100, deadline=None)
@given(st.fractions(min_value=1, max_value=4), st.fractions(min_value=1, max_value=4))
def test_placement_is_monotonic(a, b):
    low, high = sorted((a, b))
    assert TIERS.index(place(low, TIERS)) <= TIERS.index(place(high, TIERS))


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_every_domain_is_scored_only_with_enough_answers_and_explains_itself(answers):
    result = score_round(DEFINITION, answers, TIERS)
    for domain, out in zip(DEFINITION["domains"], result.domains, strict=True):
        given_levels = [answers.get(i["code"]) for i in domain["items"] if answers.get(i["code"]) is not None]
        if len(given_levels) * 2 < len(domain["items"]) or not given_levels:
            assert out.score is None and out.tier is None and "Not scored" in out.reason
        else:
            assert out.score == Fraction(sum(given_levels), len(given_levels))
            assert out.tier == place(out.score, TIERS) and out.tier.name in out.reason
    scored = [d for d in result.domains if d.score is not None]
    if len(scored) < DEFINITION["scoring"]["min_scored_domains"]:
        assert result.tier is None and "No overall tier" in result.reason
    else:
        assert result.score == sum(d.score for d in scored) / len(scored)
        assert result.tier == place(result.score, TIERS)
    if scored:
        low = min(d.score for d in scored)
        assert result.weakest == [d.code for d in scored if d.score == low]  # ties: all of them, in order


def test_missing_answers_leave_a_domain_unscored_and_no_overall_tier_below_four_domains():
    answers = dict.fromkeys(CODES[:6], 4)  # three domains answered
    result = score_round(DEFINITION, answers, TIERS)
    assert [d.score is not None for d in result.domains] == [True, True, True, False, False, False]
    assert result.tier is None


def test_not_sure_counts_as_unanswered_and_one_of_two_is_enough():
    answers = dict.fromkeys(CODES, 3)
    answers[CODES[0]] = None
    result = score_round(DEFINITION, answers, TIERS)
    assert result.domains[0].answered == 1 and result.domains[0].score == 3


def test_ties_name_every_weakest_domain():
    answers = dict.fromkeys(CODES, 3)
    for code in CODES[2:4] + CODES[8:10]:  # assessment literacy and culture
        answers[code] = 1
    result = score_round(DEFINITION, answers, TIERS)
    assert result.weakest == ["assessment-literacy", "culture-and-community"]
    assert result.score == Fraction(14, 6) and result.tier.code == "tier-2"
