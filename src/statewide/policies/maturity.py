"""Derive each state's maturity level from its in-force records, by the rules in content/maturity-rules.yaml.

`derive_level(facts, rules)` is a pure function (unit-tested with worked cases); `state_facts()`
in summaries.py gathers the facts for all 56 jurisdictions in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_PATH = Path(__file__).parent / "content" / "maturity-rules.yaml"
RULES_SCHEMA = "statewide-policy-maturity-rules/1"
NOT_TRACKED = "not-tracked"
UNKNOWN = "unknown"
KNOWN_TESTS = {"any_type", "also_any_type", "all_types", "min_types", "min_records", "min_conditions"}


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    explain: str
    tests: dict[str, Any]


@dataclass(frozen=True)
class StateFacts:
    """What the rules look at: the state's records in force on the date."""

    tracked: bool
    records_in_force: int = 0
    types: frozenset[str] = field(default_factory=frozenset)
    conditions: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Derived:
    level: str  # a level code, or NOT_TRACKED
    rule_id: str
    explain: str


def parse_rules(data: dict[str, Any]) -> list[Rule]:
    if data.get("schema") != RULES_SCHEMA:
        raise ValueError(f"maturity rules must declare schema {RULES_SCHEMA}")
    rules = []
    for raw in data["rules"]:
        tests = {k: v for k, v in raw.items() if k not in {"id", "level", "explain"}}
        unknown = set(tests) - KNOWN_TESTS
        if unknown:
            raise ValueError(f"rule {raw.get('id')}: unknown tests {sorted(unknown)}")
        rules.append(Rule(id=raw["id"], level=raw["level"], explain=raw["explain"], tests=tests))
    return rules


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    with RULES_PATH.open(encoding="utf-8") as fh:
        return tuple(parse_rules(yaml.safe_load(fh)))


def rule_holds(rule: Rule, facts: StateFacts) -> bool:
    t = rule.tests
    if "any_type" in t and not facts.types & set(t["any_type"]):
        return False
    if "also_any_type" in t and not facts.types & set(t["also_any_type"]):
        return False
    if "all_types" in t and not set(t["all_types"]) <= facts.types:
        return False
    if len(facts.types) < t.get("min_types", 0):
        return False
    if facts.records_in_force < t.get("min_records", 0):
        return False
    return len(facts.conditions) >= t.get("min_conditions", 0)


def derive_level(facts: StateFacts, rules: tuple[Rule, ...] | list[Rule] | None = None) -> Derived:
    """The first rule that holds; "not tracked" when the state has no tracked records at all."""
    if not facts.tracked:
        return Derived(NOT_TRACKED, NOT_TRACKED, "No policies of this state are tracked yet; this says nothing about the state's policies.")
    for rule in rules if rules is not None else load_rules():
        if rule_holds(rule, facts):
            return Derived(rule.level, rule.id, rule.explain)
    return Derived("not-yet", "no-rule", "No rule matched the state's records in force on this date.")


def derive_level_bounded(known: StateFacts, possible: StateFacts, rules: tuple[Rule, ...] | list[Rule] | None = None) -> Derived:
    """The level when some records may or may not have been in force (their start date is unknown).

    `known` holds the records known to be in force; `possible` adds those that may have been. When both
    give the same level, that level is certain; otherwise the level is "unknown" (never "not yet")."""
    low = derive_level(known, rules)
    high = derive_level(possible, rules)
    if low.level == high.level:
        return low
    return Derived(
        UNKNOWN,
        "start-unknown",
        "Unknown on this date: the state has a policy whose start date is unknown and that sources first show in force later; "
        "had it been in force already, the level would differ.",
    )
