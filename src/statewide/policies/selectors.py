"""Reads of the policy tracker. Every list runs a fixed number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError
from statewide.core.permissions import access
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.policies.models import CONDITION_FRAMEWORK, Follow, PolicyRecord, PolicyRelation, PolicyType, in_force_q
from statewide.policies.permissions import follow_policy, policy_record_policy
from statewide.policies.summaries import (  # noqa: F401  (re-exported: the tracker's reads live here)
    LEVEL_FRAMEWORK,
    TRACKER_DOMAINS,
    StateSummary,
    level_names,
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


PROFILE_PER_GROUP = 5  # most recent records shown per type and per condition; "show all" lists the rest
PROFILE_TIMELINE = 20  # most recent dated events shown


@dataclass
class ProfileGroup:
    """A policy type or condition of one state: how many records it has, and the most recent few."""

    key: Any  # the PolicyType or condition Item
    count: int
    recent: list[PolicyRecord]

    @property
    def more(self) -> int:
        return self.count - len(self.recent)


@dataclass
class StateProfile:
    summary: StateSummary
    total: int  # records of the state visible to the reader (in force or not)
    by_type: list[ProfileGroup]  # types with records, in vocabulary order
    by_condition: list[ProfileGroup]  # conditions served, in framework order
    conditions_without_policy: list[Item]  # confirmed conditions only (the unnamed 12th is left out)
    similar: list[tuple[StateSummary, float]]
    timeline: list[tuple[dt.date, str, PolicyRecord]]  # the most recent dated events, newest first


def _recent_ids(qs: QuerySet[Any], partition: str, record_field: str, order: list[Any]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """({group id: [record ids]}: the PROFILE_PER_GROUP most recent records per group, {group id: its
    number of records}), in one query."""
    ranked = (
        qs.annotate(rank=Window(RowNumber(), partition_by=[F(partition)], order_by=order), n=Window(Count("pk"), partition_by=[F(partition)]))
        .filter(rank__lte=PROFILE_PER_GROUP)
        .values_list(partition, record_field, "n")
    )
    out: dict[int, list[int]] = defaultdict(list)
    counts: dict[int, int] = {}
    for group_id, record_id, n in ranked:
        out[group_id].append(record_id)
        counts[group_id] = n
    return out, counts


def state_profile(user: Any, usps: str, as_of: dt.date | None = None, *, details: bool = True) -> StateProfile:
    """What the state page shows: counts per type and condition, the most recent records of each, the
    most recent events. A fixed number of queries, and a bounded page, whatever the number of records.
    `details=False` leaves out each record's conditions and relations (the page does not show them)."""
    summaries = state_summaries(as_of)
    summary = next((s for s in summaries if s.usps == usps.upper()), None)
    if summary is None:
        raise Jurisdiction.DoesNotExist(usps)
    visible = policy_record_policy.filter(user, "view").filter(jurisdiction__usps=summary.usps)
    through = PolicyRecord.conditions.through
    in_state = through.objects.filter(policyrecord__in=visible.values("pk"))
    newest = [F("in_force_from").desc(nulls_last=True), F("title").asc()]
    by_type_ids, type_counts = _recent_ids(visible.order_by(), "policy_type_id", "id", newest)
    by_cond_ids, cond_counts = _recent_ids(
        in_state.order_by(), "item_id", "policyrecord_id", [F("policyrecord__in_force_from").desc(nulls_last=True), F("policyrecord__title").asc()]
    )
    wanted = {i for ids in (*by_type_ids.values(), *by_cond_ids.values()) for i in ids}
    shown = with_details(_base(user)) if details else visible  # the page shows no state, type, condition or relation per record
    records = {r.pk: r for r in shown.filter(pk__in=wanted)} if wanted else {}
    types = [t for t in PolicyType.objects.all() if type_counts.get(t.pk)]
    conditions = list(condition_list())
    by_type = [ProfileGroup(t, type_counts[t.pk], [records[i] for i in by_type_ids[t.pk] if i in records]) for t in types]
    by_cond = [ProfileGroup(c, cond_counts[c.pk], [records[i] for i in by_cond_ids[c.pk] if i in records]) for c in conditions if cond_counts.get(c.pk)]
    return StateProfile(
        summary=summary,
        total=sum(type_counts.values()),
        by_type=by_type,
        by_condition=by_cond,
        conditions_without_policy=[c for c in conditions if not cond_counts.get(c.pk) and c.confirmed],
        similar=similar_states(summaries, summary.usps),
        timeline=_recent_events(visible),
    )


EVENT_FIELDS = ("introduced_on", "enacted_on", "effective_on", "amended_on", "ended_on")


def _recent_events(visible: QuerySet[PolicyRecord]) -> list[tuple[dt.date, str, PolicyRecord]]:
    """The PROFILE_TIMELINE most recent dated events (introduced, enacted, …), newest first, in one query:
    the records whose latest date is among the newest hold every one of the newest events."""
    never = dt.date(1, 1, 1)
    latest = Greatest(*(Coalesce(name, Value(never)) for name in (*EVENT_FIELDS, "known_in_force_on")))
    events: list[tuple[dt.date, str, PolicyRecord]] = []
    for r in visible.annotate(latest=latest).order_by("-latest", "title")[:PROFILE_TIMELINE]:
        events += [(getattr(r, name), name.removesuffix("_on"), r) for name in EVENT_FIELDS if getattr(r, name)]
        if r.start_unknown and r.known_in_force_on:  # the first date a source shows it in force
            events.append((r.known_in_force_on, "known_in_force", r))
    events.sort(key=lambda e: (e[0], e[2].title), reverse=True)
    return events[:PROFILE_TIMELINE]


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
