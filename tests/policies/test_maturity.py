"""Maturity rules as data: worked cases, "not tracked" vs "not yet", as-of dates, overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.accounts.models import Role
from statewide.core.errors import ApplicationError
from statewide.frameworks.models import Level
from statewide.policies.maturity import NOT_TRACKED, StateFacts, derive_level, load_rules, parse_rules
from statewide.policies.models import PolicyType
from statewide.policies.selectors import state_compare, state_summaries, state_summary
from statewide.policies.services import policy_level_override
from tests.factories import person


def facts(*types: str, records: int | None = None, conditions: int = 0) -> StateFacts:
    return StateFacts(
        tracked=True,
        records_in_force=len(types) if records is None else records,
        types=frozenset(types),
        conditions=frozenset(f"c{i}" for i in range(conditions)),
    )


@pytest.mark.parametrize(
    ("case", "expected_level", "expected_rule"),
    [
        # Vermont-like: proficiency-based graduation + pathways + PLPs = comprehensive alignment.
        (facts("proficiency-graduation", "multiple-pathways", "personalized-learning-plans"), "advanced", "advanced-comprehensive"),
        # Proficiency graduation alone is open flexibility, not yet comprehensive.
        (facts("proficiency-graduation"), "developing", "developing-flexibility"),
        # Capacity-building role plus pilots.
        (facts("educator-capacity", "pilot-grant"), "advanced", "advanced-capacity"),
        # A network alone is a first step.
        (facts("innovation-network"), "emerging", "emerging-first-steps"),
        # Idaho-like: pilot programme + funding.
        (facts("pilot-grant", "funding"), "developing", "developing-flexibility"),
        # Kentucky-like: innovation zone (waivers on application).
        (facts("innovation-zone"), "emerging", "emerging-first-steps"),
        # Task force only.
        (facts("task-force"), "emerging", "emerging-first-steps"),
        # Tracked but nothing in force on the date.
        (facts(records=0), "not-yet", "not-yet"),
    ],
)
def test_worked_cases(case: StateFacts, expected_level: str, expected_rule: str) -> None:
    d = derive_level(case)
    assert (d.level, d.rule_id) == (expected_level, expected_rule)
    assert d.explain


def test_not_tracked_is_not_not_yet() -> None:
    d = derive_level(StateFacts(tracked=False))
    assert d.level == NOT_TRACKED != "not-yet"


def test_rules_file_is_valid_and_uses_known_tests() -> None:
    rules = load_rules()
    assert [r.level for r in rules][-1] == "not-yet"
    with pytest.raises(ValueError):
        parse_rules({"schema": "statewide-policy-maturity-rules/1", "rules": [{"id": "x", "level": "advanced", "explain": "", "max_speed": 3}]})


@pytest.mark.django_db
def test_rules_levels_and_types_exist() -> None:
    levels = set(Level.objects.filter(framework__slug="aurora-cbe-policy-map").values_list("code", flat=True))
    types = set(PolicyType.objects.values_list("code", flat=True))
    for rule in load_rules():
        assert rule.level in levels
        for key in ("any_type", "also_any_type", "all_types"):
            assert set(rule.tests.get(key, [])) <= types


@pytest.mark.django_db
def test_seeded_map_today_and_before_2012(seeded: tuple[int, int]) -> None:
    today = {s.usps: s for s in state_summaries()}
    assert len(today) == 56
    assert today["VT"].level == "advanced"
    assert today["ID"].level == "developing"
    assert today["KY"].level == "emerging"
    assert today["GU"].level == NOT_TRACKED and not today["GU"].tracked
    assert today["TX"].tracked  # every state and DC has a record; only territories are not tracked yet
    past = {s.usps: s for s in state_summaries(dt.date(2011, 1, 1))}
    # Before Iowa's 2012 law Iowa is tracked but had nothing in force: "not yet", not "not tracked".
    assert past["IA"].level == "not-yet" and past["IA"].tracked
    assert past["NH"].level == "developing"  # competency-based credit since 2005
    # Nothing of Idaho's is known to be in force in 2011, but its FY2018 funding line has no known start:
    # had it been in force, the level would differ, so it is "unknown", never "not yet".
    assert past["ID"].level == "unknown" and past["ID"].records_in_force == 0
    assert {s.level for s in past.values()} != {s.level for s in today.values()} or past != today


@pytest.mark.django_db
def test_override_applies_now_not_in_the_past(seeded: tuple[int, int]) -> None:
    editor = person(Role.CONTENT_EDITOR)
    policy_level_override(actor=editor, usps="KY", level_code="developing", reason="Regulation 701 KAR 5:140 widened eligibility in 2018.")
    now = state_summary("KY")
    assert now.level == "developing" and now.is_overridden and now.derived.level == "emerging"
    assert state_summary("KY", dt.date(2015, 1, 1)).level == "emerging"


@pytest.mark.django_db
def test_compare(seeded: tuple[int, int], django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(14):  # state_summaries (8, incl. the start-unknown facts) + records (3) + types/conditions
        cmp = state_compare(None, ["id", "VT", "TX"])
    assert [s.usps for s in cmp.states] == ["ID", "VT", "TX"]
    funding = next(cells for t, cells in cmp.by_type if t.code == "funding")
    assert len(funding["ID"]) == 1 and funding["TX"] == []
    with pytest.raises(ApplicationError):
        state_compare(None, ["ID"])
    with pytest.raises(ApplicationError):
        state_compare(None, ["ID", "ZZ"])
