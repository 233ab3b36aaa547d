"""Unit tests of the domain rules: suppression, median and consensus formulas."""

from __future__ import annotations

import io

import pytest

from statewide.selfassessment import demo
from statewide.selfassessment.models import Campaign, Rating
from statewide.selfassessment.results import NOT_STARTED, campaign_results, consensus, median_position
from statewide.selfassessment.suppression import POOLED, suppress_groups
from tests.selfassessment import factories as f


def test_groups_at_or_above_threshold_are_shown_alone() -> None:
    s = suppress_groups({1: 5, 2: 9}, 5)
    assert not s.all_suppressed
    assert s.key(1) == "1" and s.key(2) == "2"


def test_small_groups_are_pooled_when_the_pool_reaches_the_threshold() -> None:
    s = suppress_groups({1: 10, 2: 3, 3: 2}, 5)
    assert s.key(2) == POOLED and s.key(3) == POOLED and s.key(1) == "1"


def test_a_pool_below_threshold_takes_in_the_smallest_shown_group() -> None:
    # Employers (3) alone would be a pool of 3: the smallest shown group (6) joins it.
    s = suppress_groups({1: 20, 2: 6, 3: 3}, 5)
    assert s.key(3) == POOLED and s.key(2) == POOLED and s.key(1) == "1"


def test_everything_is_suppressed_below_the_threshold_overall() -> None:
    s = suppress_groups({1: 2, 2: 2}, 5)
    assert s.all_suppressed and s.key(1) is None


def test_empty_groups_never_force_the_pool() -> None:
    s = suppress_groups({1: 8, 2: 7, 3: 0}, 5)
    assert s.key(1) == "1" and s.key(2) == "2"


def test_lower_median_of_ordinal_ratings() -> None:
    assert median_position({}) is None
    assert median_position({0: 1}) == 0
    assert median_position({0: 2, 2: 2}) == 0  # lower median of 0,0,2,2
    assert median_position({0: 1, 1: 1, 2: 1}) == 1
    assert median_position({0: 1, 2: 3}) == 2


def test_consensus_worked_cases() -> None:
    assert consensus({1: 10}) == (1.0, 1.0)  # everyone agrees
    assert consensus({0: 5, 2: 5}) == (0.5, 0.5)  # polarised: median 0, half at it, none adjacent
    assert consensus({0: 2, 1: 6, 2: 2}) == (0.6, 1.0)
    assert consensus({}) == (None, None)


@pytest.mark.django_db
def test_results_pool_small_group_and_flag_disagreement() -> None:
    c = f.campaign(groups=["Legislators", "Educators", "Employers"])
    leg, edu, emp = c.groups.order_by("position")
    f.respondents(leg, 6, phase=0)
    f.respondents(edu, 20, phase=2, seed=2)
    f.respondents(emp, 3, phase=1, seed=3)
    r = campaign_results(c)
    labels = [g.label for g in r.groups]
    assert "Employers" not in labels
    assert labels[-1] == "Other groups (pooled)"
    # Employers (3) pooled with the smallest shown group (Legislators, 6): pool of 9.
    assert [g.n for g in r.groups] == [20, 9]
    first = r.conditions[0]
    assert first.median is not None and first.median.code == "statewide-transformation"
    assert first.disagreement
    assert r.priorities[0][1] == 29


@pytest.mark.django_db
def test_neighbouring_phases_are_not_a_disagreement_but_two_steps_are() -> None:
    c = f.campaign(groups=["Legislators", "Educators"])
    leg, edu = c.groups.order_by("position")
    f.respondents(leg, 6, phase=0)
    f.respondents(edu, 6, phase=1, seed=2)
    assert not any(cond.disagreement for cond in campaign_results(c).conditions)
    c2 = f.campaign(groups=["Legislators", "Educators"])
    leg2, edu2 = c2.groups.order_by("position")
    f.respondents(leg2, 6, phase=0)
    f.respondents(edu2, 6, phase=2, seed=2)
    assert all(cond.disagreement for cond in campaign_results(c2).conditions)


@pytest.mark.django_db
def test_not_started_is_the_first_step_of_the_scale() -> None:
    c = f.campaign(groups=["Legislators"])
    (leg,) = c.groups.all()
    f.respondents(leg, 6, phase=0)
    Rating.objects.filter(respondent__group=leg).update(level=None, not_started=True)
    first = campaign_results(c).conditions[0]
    assert first.median is NOT_STARTED and first.counts[0] == (NOT_STARTED, 6) and first.not_sure == 0
    assert first.consensus == 1.0 and first.cells[0].not_started


@pytest.mark.django_db
def test_the_demo_campaign_flags_some_conditions_but_not_all() -> None:
    demo.load(io.StringIO())
    results = campaign_results(Campaign.objects.get(is_demo=True))
    flagged = [c.item.code for c in results.conditions if c.disagreement]
    assert 0 < len(flagged) < len(results.conditions) / 2, flagged
    assert any(c.median is NOT_STARTED for cond in results.conditions for c in cond.cells), "the demo uses the not-started answer"
