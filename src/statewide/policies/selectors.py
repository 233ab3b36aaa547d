"""Reads of the policy tracker. Every list runs a fixed number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError
from statewide.core.permissions import access
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.policies.models import CONDITION_FRAMEWORK, Follow, PolicyRecord, PolicyRelation, PolicyType, in_force_q
from statewide.policies.permissions import follow_policy, policy_record_policy
from statewide.policies.rankings import EMPTY as EMPTY_RANKING
from statewide.policies.rankings import EVENT_FIELDS, Ranking, record_rankings, timeline
from statewide.policies.summaries import (  # noqa: F401  (re-exported: the tracker's reads live here)
    LEVEL_FRAMEWORK,
    TRACKER_DOMAINS,
    StateSummary,
    level_names,
    ranking_of,
    similar_states,
    state_domains,
    state_summaries,
    state_summary,
)


def editable_states(user: Any) -> list[tuple[str, str]]:
    """(USPS, name) of the states where the user may add policy records, by name."""
    return list(policy_record_policy.creatable_states(user, Jurisdiction.objects.order_by("name")).values_list("usps", "name"))


# The years the "in force during" filter accepts (forms and the API).
FIRST_FILTER_YEAR, LAST_FILTER_YEAR = 1900, 2100


@dataclass
class PolicyFilters:
    """Filters of the list, the API and the export. Empty values mean "any"."""

    jurisdiction: list[str] = field(default_factory=list)  # USPS codes
    policy_type: list[str] = field(default_factory=list)  # type codes
    condition: list[str] = field(default_factory=list)  # kw-spf-2019 condition codes
    status: list[str] = field(default_factory=list)
    instrument: list[str] = field(default_factory=list)
    year: int | None = None  # in force at some time during this year
    as_of: dt.date | None = None  # in force on this date
    q: str = ""


def policy_type_list() -> QuerySet[PolicyType]:
    return PolicyType.objects.prefetch_related(Prefetch("items", queryset=Item.objects.select_related("framework")))


def condition_list() -> QuerySet[Item]:
    """The framework conditions a record can serve (kw-spf-2019, kind condition), in framework order."""
    return Item.objects.filter(framework__slug=CONDITION_FRAMEWORK, kind="condition").order_by("position", "id")


def _base(user: Any) -> QuerySet[PolicyRecord]:
    return policy_record_policy.filter(user, "view").select_related("jurisdiction", "policy_type")


def with_details(qs: QuerySet[PolicyRecord]) -> QuerySet[PolicyRecord]:
    """Prefetch what a list row or snapshot needs: conditions and relations (2 queries in all)."""
    return qs.prefetch_related(
        Prefetch("conditions", queryset=Item.objects.order_by("position")),
        Prefetch("relations_out", queryset=PolicyRelation.objects.select_related("to_record__jurisdiction")),
    )


def policy_record_list(user: Any, filters: PolicyFilters | None = None) -> QuerySet[PolicyRecord]:
    """Visible records matching the filters, with jurisdiction, type, conditions and relations loaded."""
    f = filters or PolicyFilters()
    qs = _base(user)
    if f.jurisdiction:
        qs = qs.filter(jurisdiction__usps__in=[u.upper() for u in f.jurisdiction])
    if f.policy_type:
        qs = qs.filter(policy_type__code__in=f.policy_type)
    if f.condition:
        qs = qs.filter(
            pk__in=PolicyRecord.conditions.through.objects.filter(item__code__in=f.condition, item__framework__slug=CONDITION_FRAMEWORK).values(
                "policyrecord_id"
            )
        )
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.instrument:
        qs = qs.filter(instrument__in=f.instrument)
    if f.as_of:
        qs = qs.filter(in_force_q(f.as_of))
    if f.year:
        start, end = dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)
        qs = qs.filter(in_force_from__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
    if f.q:
        for word in f.q.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(bill_number__icontains=word)
                | Q(code_section__icontains=word)
                | Q(jurisdiction__name__icontains=word)
                | Q(jurisdiction__usps__iexact=word)
            )
    return with_details(qs)


def policy_record_get(user: Any, public_id: UUID | str, *, action: str = "view") -> PolicyRecord:
    """One record (404 if unknown, 403 if `action` is not allowed), with its details loaded."""
    return access(policy_record_policy, user, action=action, queryset=with_details(_base(user)), public_id=public_id)


def related_records(record: PolicyRecord) -> dict[str, list[tuple[str, PolicyRecord]]]:
    """{"out": [(kind, record)], "in": [(kind, record)]}: what this record amends/replaces/funds, and the reverse."""
    out = [(r.kind, r.to_record) for r in record.relations_out.all()]
    incoming = [(r.kind, r.from_record) for r in PolicyRelation.objects.filter(to_record=record).select_related("from_record__jurisdiction")]
    return {"out": out, "in": incoming}


# ---- states: levels, map, profile ----------------------------------------------------------------


@dataclass
class ProfileGroup:
    """A policy type or condition of one state: how many records it has, and the most recent few."""

    key: Any  # the PolicyType or condition Item
    count: int
    recent: list[PolicyRecord]

    @property
    def more(self) -> int:
        return self.count - len(self.recent)


# What a record line and a timeline event show (templatetags `record_line`, `timeline_line`): the
# state page reads only these (a type's records show their sources), not the summary or anything related.
LINE_FIELDS = (
    "public_id",
    "title",
    "bill_number",
    "session",
    "code_section",
    "status",
    "known_in_force_on",
    "in_force_from",
    "date_precision",
    "confirmed",
    "sources",
    *EVENT_FIELDS,
)


@dataclass
class StateProfile:
    summary: StateSummary
    total: int  # records of the state visible to the reader (in force or not)
    by_type: list[ProfileGroup]  # types with records, in vocabulary order
    by_condition: list[ProfileGroup]  # conditions served, in framework order
    conditions_without_policy: list[Item]  # confirmed conditions only (the unnamed 12th is left out)
    similar: list[tuple[StateSummary, float]]
    timeline: list[tuple[dt.date, str, PolicyRecord]]  # the most recent dated events, newest first


def state_profile(
    user: Any,
    usps: str,
    as_of: dt.date | None = None,
    *,
    details: bool = True,
    summaries: list[StateSummary] | None = None,
    stored: bool = True,
) -> StateProfile:
    """What the state page shows: counts per type and condition, the most recent records of each, the
    most recent events. A fixed number of queries, and a bounded page, whatever the number of records:
    one query ranks the state's records (`policies.rankings`), and for readers who see every record
    the ranking is stored with the state's summary row until its records change (`ranking_of`).
    `details=False` leaves out each record's conditions, relations and summary (the page shows none
    of them); `summaries` are `state_summaries(as_of)` when the caller has them already; `stored=False`
    always ranks live (tests compare both)."""
    summaries = state_summaries(as_of) if summaries is None else summaries
    summary = next((s for s in summaries if s.usps == usps.upper()), None)
    if summary is None:
        raise Jurisdiction.DoesNotExist(usps)
    visible = policy_record_policy.filter(user, "view").filter(jurisdiction__usps=summary.usps)

    def rank() -> Ranking:
        return next(iter(record_rankings(visible).values()), EMPTY_RANKING)

    ranking = ranking_of(summary.usps, rank) if stored and policy_record_policy.sees_everything(user) else rank()
    wanted = ranking.record_ids()
    shown = with_details(_base(user)) if details else visible.only(*LINE_FIELDS)
    records = {r.pk: r for r in shown.filter(pk__in=wanted)} if wanted else {}
    types = [t for t in PolicyType.objects.all() if t.pk in ranking.by_type]
    conditions = list(condition_list())

    def group(key: Any, groups: dict[int, tuple[int, list[int]]]) -> ProfileGroup:
        count, ids = groups[key.pk]
        return ProfileGroup(key, count, [records[i] for i in ids if i in records])

    return StateProfile(
        summary=summary,
        total=sum(n for n, _ids in ranking.by_type.values()),
        by_type=[group(t, ranking.by_type) for t in types],
        by_condition=[group(c, ranking.by_condition) for c in conditions if c.pk in ranking.by_condition],
        conditions_without_policy=[c for c in conditions if c.pk not in ranking.by_condition and c.confirmed],
        similar=similar_states(summaries, summary.usps),
        timeline=timeline([records[i] for i in ranking.events if i in records]),
    )


def follow_list(user: Any) -> QuerySet[Follow]:
    return follow_policy.filter(user, "view").select_related("jurisdiction", "policy_type")


@dataclass
class Comparison:
    states: list[StateSummary]
    by_type: list[tuple[PolicyType, dict[str, list[PolicyRecord]]]]  # every type; usps -> that state's records
    by_condition: list[tuple[Item, dict[str, list[PolicyRecord]]]]  # every condition; usps -> records serving it


def state_compare(user: Any, usps: list[str], as_of: dt.date | None = None) -> Comparison:
    """Two to four states side by side: levels, and records by type and by condition (in force on
    `as_of` when given, else all tracked records). Raises ApplicationError for a bad selection."""
    codes = list(dict.fromkeys(u.upper() for u in usps if u))
    summaries = {s.usps: s for s in state_summaries(as_of)}
    unknown = [c for c in codes if c not in summaries]
    if unknown or not 2 <= len(codes) <= 4:
        raise ApplicationError(_("Choose two to four states."), fields={"states": [_("Choose two to four states.")]})
    records = list(policy_record_list(user, PolicyFilters(jurisdiction=codes, as_of=as_of)).order_by("in_force_from", "title"))
    by_type = [(t, {c: [r for r in records if r.policy_type_id == t.pk and r.jurisdiction.usps == c] for c in codes}) for t in PolicyType.objects.all()]
    by_condition = [
        (cond, {c: [r for r in records if r.jurisdiction.usps == c and any(x.pk == cond.pk for x in r.conditions.all())] for c in codes})
        for cond in condition_list()
    ]
    return Comparison(states=[summaries[c] for c in codes], by_type=by_type, by_condition=by_condition)


REVIEW_AFTER_DAYS = 365


def policy_records_to_review(user: Any, states: set[str] | None) -> QuerySet[PolicyRecord]:
    """Visible records of these states (None: every state) that need a look: unconfirmed, never
    checked, or checked more than REVIEW_AFTER_DAYS ago. Oldest check first (never-checked lead)."""
    stale = timezone.localdate() - dt.timedelta(days=REVIEW_AFTER_DAYS)
    qs = _base(user) if states is None else _base(user).filter(jurisdiction__usps__in=states)
    return qs.filter(Q(confirmed=False) | Q(checked_on__isnull=True) | Q(checked_on__lt=stale)).order_by(
        F("checked_on").asc(nulls_first=True), "jurisdiction__name", "title", "id"
    )
