"""Unit tests of the domain rules: suppression, median and consensus formulas."""

from __future__ import annotations

import pytest

from statewide.selfassessment.results import campaign_results, consensus, median_position
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
