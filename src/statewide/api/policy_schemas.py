"""The policy tracker API's answers (and the source and relation fields a write sends): a policy
record, a jurisdiction with its level, a state profile, the policy-type vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from statewide.core.text import HttpUrl, SingleLine
from statewide.policies.history import record_snapshot
from statewide.policies.selectors import StateSummary


class SourceOut(Schema):
    url: str
    title: str = ""
    checked_on: str = ""


class RelatedOut(Schema):
    kind: str
    to: str


class SourceIn(Schema):
    url: HttpUrl
    title: SingleLine = ""
    checked_on: SingleLine = ""


class RelatedIn(Schema):
    kind: SingleLine
    to: SingleLine


class PolicyOut(Schema):
    id: str
    jurisdiction: str
    jurisdiction_name: str
    title: str
    policy_type: str
    policy_type_name: str
    instrument: str
    bill_number: str
    session: str
    code_section: str
    citation: str
    status: str
    introduced_on: dt.date | None
    enacted_on: dt.date | None
    effective_on: dt.date | None
    amended_on: dt.date | None
    ended_on: dt.date | None
    known_in_force_on: dt.date | None
    date_precision: str
    in_force_from: dt.date | None
    conditions: list[str]
    summary: str
    sources: list[SourceOut]
    checked_on: dt.date | None
    confirmed: bool
    start_unknown: bool  # no enacted or effective date: `in_force_from` is only when a source first shows it in force
    related: list[RelatedOut]
    version: int
    updated_at: dt.datetime

    @staticmethod
    def of(r: Any) -> PolicyOut:
        snap = record_snapshot(r)
        return PolicyOut(
            **{k: v for k, v in snap.items() if k not in {"sources", "related", "jurisdiction", "policy_type"}},
            jurisdiction=r.jurisdiction.usps,
            jurisdiction_name=r.jurisdiction.name,
            policy_type=r.policy_type.code,
            policy_type_name=r.policy_type.name,
            citation=r.citation,
            in_force_from=r.in_force_from,
            start_unknown=r.start_unknown,
            sources=[SourceOut(url=s.get("url", ""), title=s.get("title", ""), checked_on=s.get("checked_on", "")) for s in snap["sources"]],
            related=[RelatedOut(**x) for x in snap["related"]],
            updated_at=r.updated_at,
        )


class LevelOut(Schema):
    code: str
    name: str
    rule: str
    explanation: str
    overridden: bool
    override_reason: str


class JurisdictionOut(Schema):
    usps: str
    fips: str
    name: str
    kind: str
    tracked: bool
    records: int
    records_in_force: int
    level: LevelOut
    policy_types: list[str]
    conditions: list[str]
    # Types and conditions of records whose start date is unknown and that a source first shows in force
    # after the date: they may or may not have been in force (level "unknown" when that would change it).
    maybe_policy_types: list[str]
    maybe_conditions: list[str]
    unconfirmed_records_in_force: int

    @staticmethod
    def of(s: StateSummary) -> JurisdictionOut:
        return JurisdictionOut(
            usps=s.usps,
            fips=s.fips,
            name=s.name,
            kind=s.kind,
            tracked=s.tracked,
            records=s.records_total,
            records_in_force=s.records_in_force,
            policy_types=sorted(s.types),
            conditions=sorted(s.conditions),
            maybe_policy_types=sorted(s.maybe_types),
            maybe_conditions=sorted(s.maybe_conditions),
            unconfirmed_records_in_force=s.unconfirmed_in_force,
            level=LevelOut(
                code=s.level,
                name=s.level_name,
                rule=s.derived.rule_id,
                explanation=s.derived.explain,
                overridden=s.is_overridden,
                override_reason=s.override.reason if s.is_overridden and s.override else "",
            ),
        )


class SimilarOut(Schema):
    usps: str
    name: str
    score: float


class OverviewOut(Schema):
    """A short overview of the state's policy in our own words, with its sources and checked-on date."""

    text: str
    sources: list[SourceOut]
    checked_on: dt.date


class PolicyGroupOut(Schema):
    """A policy type or condition of the state: its record count, the most recent records, and the
    address of the paginated list of all of them (`/api/v1/policies/?jurisdiction=…&type=…`)."""

    code: str
    name: str
    count: int
    recent: list[PolicyOut]
    all_url: str


class ProfileOut(JurisdictionOut):
    overview: OverviewOut | None = None
    records_visible: int  # records of the state the caller may see (in force or not)
    policies_url: str  # the paginated list of every record of the state
    by_type: list[PolicyGroupOut]
    by_condition: list[PolicyGroupOut]
    conditions_without_policy: list[str]
    similar: list[SimilarOut]


class PolicyTypeOut(Schema):
    code: str
    name: str
    description: str
    items: list[str]
