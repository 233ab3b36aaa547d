"""Each state's level and policy facts: what the map, the jurisdictions API and the state pages show.

Today's summaries come from `StateAggregate` rows, one per state, so a cold map reads 56 rows
instead of every record, at 1,000 records as at 50,000. A row is recomputed, on the first read
that needs it, only for a state whose records changed (every audited write to a state's records
bumps its scoped version `policies@<USPS>`, see `core.cache.content_changed`), after a write that
may touch every state (`policies@*`, or any write to the frameworks, whose condition codes the facts
hold), or when the date reaches the next day on which one of the state's records comes into force
or ends. Any other date (`as_of`: a past year on the map, the API's `as_of`) reads `StateFactsSpan`
rows: a state's facts over a span of dates on which none of its records starts or ends, stored by
the first read of a date in that span and kept while the state's versions are the same.

The same row keeps the state's records ranked for its profile (`ranking_of`, `policies.rankings`),
stored by the first profile after a change to the state's records, so a cleared cache does not
make the biggest state's page rank its records again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.cache import cached_by_version, scoped_version, scoped_versions
from statewide.frameworks.models import Level
from statewide.places.models import Jurisdiction
from statewide.policies.maturity import NOT_TRACKED, UNKNOWN, Derived, StateFacts, derive_level, derive_level_bounded
from statewide.policies.models import LevelOverride, PolicyRecord, StateAggregate, StateFactsSpan, in_force_q, start_unknown_before_q
from statewide.policies.rankings import Ranking

LEVEL_FRAMEWORK = "aurora-cbe-policy-map"
# What tracker pages and aggregates read: a write to any of these domains makes them stale.
TRACKER_DOMAINS = ("policies", "places", "frameworks")
FIRST_DAY = dt.date(1, 1, 1)  # the start of a state's first span: no record starts or ends before it


def state_domains(usps: str) -> tuple[str, ...]:
    """The content versions of what one state's own records show: a write to that state's records
    (`policies@<USPS>`), a write that may touch every state (`policies@*`: policy types, bulk
    loads), places and frameworks; not a write to another state's records."""
    return (f"policies@{usps.upper()}", "policies@*", "places", "frameworks")


@dataclass
class StateSummary:
    usps: str
    fips: str
    name: str
    kind: str
    tracked: bool
    records_total: int
    records_in_force: int
    types: frozenset[str]
    conditions: frozenset[str]
    derived: Derived
    override: LevelOverride | None
    level: str  # the level shown: the override if one applies, else the derived level (or "not-tracked", "unknown")
    level_name: str
    # Records whose start date is unknown and that a source first shows in force after the date: they
    # may or may not have been in force then (see `start_unknown_before_q`).
    maybe_types: frozenset[str] = frozenset()
    maybe_conditions: frozenset[str] = frozenset()
    unconfirmed_in_force: int = 0  # records in force on the date that are labelled unconfirmed

    @property
    def unknown(self) -> bool:
        return self.level == UNKNOWN

    @property
    def is_overridden(self) -> bool:
        return self.override is not None and self.level == self.override.level_code


def level_names() -> dict[str, str]:
    # No ordering: Level's default order goes through its framework's, which Django resolves (copying
    # expressions) on every query, a third of the cold summaries' time.
    names = dict(Level.objects.filter(framework__slug=LEVEL_FRAMEWORK).order_by().values_list("code", "name"))
    names[NOT_TRACKED] = _("Not tracked yet")
    names[UNKNOWN] = _("Unknown")
    return names


# ---- facts: what the records of some states say on a date ---------------------------------------


def _empty_facts() -> dict[str, Any]:
    return {"total": 0, "in_force": 0, "unconfirmed": 0, "types": [], "conditions": [], "maybe": 0, "maybe_types": [], "maybe_conditions": []}


@dataclass
class Facts:
    """What the records of some states say on a date: {jurisdiction id: facts}, and for each state the
    span of dates around it on which none of its records comes into force or ends, over which its
    facts stay the same: from `since` (None: the beginning) to the day before `ahead` (None: no end)."""

    facts: dict[int, dict[str, Any]]
    since: dict[int, dt.date | None]
    ahead: dict[int, dt.date | None]


def state_facts(on: dt.date, jurisdiction_ids: list[int] | None = None) -> Facts:
    """The facts of these states (None: all) on `on`, in 2 queries whatever their number.

    Being in force on D (`in_force_q`) and being of unknown state on D (`start_unknown_before_q`) only
    compare D with a record's `in_force_from` and `ended_on`, so the facts change only on those days."""
    records = PolicyRecord.objects.order_by()
    if jurisdiction_ids is not None:
        records = records.filter(jurisdiction_id__in=jurisdiction_ids)
    in_force, maybe = in_force_q(on), start_unknown_before_q(on)
    facts: dict[int, dict[str, Any]] = {}
    since: dict[int, dt.date | None] = {}
    ahead: dict[int, dt.date | None] = {}
    per_type = records.values_list("jurisdiction_id", "policy_type__code").annotate(
        n=Count("id"),
        n_in=Count("id", filter=in_force),
        n_unconfirmed=Count("id", filter=in_force & Q(confirmed=False)),
        n_maybe=Count("id", filter=maybe),
        starts=Min("in_force_from", filter=Q(in_force_from__gt=on)),
        ends=Min("ended_on", filter=Q(ended_on__gt=on)),
        started=Max("in_force_from", filter=Q(in_force_from__lte=on)),
        ended=Max("ended_on", filter=Q(ended_on__lte=on)),
    )
    for jid, code, n, n_in, n_unconfirmed, n_maybe, starts, ends, started, ended in per_type:
        f = facts.setdefault(jid, _empty_facts())
        f["total"] += n
        f["in_force"] += n_in
        f["unconfirmed"] += n_unconfirmed
        f["maybe"] += n_maybe
        f["types"] += [code] if n_in else []
        f["maybe_types"] += [code] if n_maybe else []
        ahead[jid] = min((d for d in (starts, ends, ahead.get(jid)) if d is not None), default=None)
        since[jid] = max((d for d in (started, ended, since.get(jid)) if d is not None), default=None)
    through = PolicyRecord.conditions.through.objects.order_by()
    if jurisdiction_ids is not None:
        through = through.filter(policyrecord__jurisdiction_id__in=jurisdiction_ids)
    per_condition = through.values_list("policyrecord__jurisdiction_id", "item__code").annotate(
        n_in=Count("id", filter=in_force_q(on, "policyrecord__")), n_maybe=Count("id", filter=start_unknown_before_q(on, "policyrecord__"))
    )
    for jid, code, n_in, n_maybe in per_condition:
        f = facts.setdefault(jid, _empty_facts())
        f["conditions"] += [code] if n_in else []
        f["maybe_conditions"] += [code] if n_maybe else []
    for f in facts.values():
        for key in ("types", "conditions", "maybe_types", "maybe_conditions"):
            f[key] = sorted(set(f[key]))
    return Facts(facts, since, ahead)


def _current_facts(jurisdictions: list[Jurisdiction], today: dt.date) -> dict[int, dict[str, Any]]:
    """Today's facts of every state from the stored rows (read with the jurisdictions:
    `select_related("policy_state_aggregate")`), recomputing (and storing) the stale ones."""
    epoch, scoped = scoped_versions("policies", also=["frameworks"])  # the facts hold condition codes
    basis_of = {j.pk: _basis(epoch, scoped.get(j.usps, 0)) for j in jurisdictions}
    facts: dict[int, dict[str, Any]] = {}
    stale: list[int] = []
    for j in jurisdictions:
        row: StateAggregate | None = getattr(j, "policy_state_aggregate", None)
        if row and row.basis == basis_of[j.pk] and row.computed_on <= today and (row.valid_until is None or today < row.valid_until):
            facts[j.pk] = row.facts
        else:
            stale.append(j.pk)
    if stale:
        # Read the versions before the records: a write that lands in between leaves a basis that
        # no longer matches, so the row is computed again on the next read; never a stale row.
        fresh = state_facts(today, None if len(stale) == len(jurisdictions) else stale)
        rows = [
            StateAggregate(
                jurisdiction_id=jid, basis=basis_of[jid], computed_on=today, valid_until=fresh.ahead.get(jid), facts=fresh.facts.get(jid, _empty_facts())
            )
            for jid in stale
        ]
        StateAggregate.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["jurisdiction"], update_fields=["basis", "computed_on", "valid_until", "facts"]
        )
        facts.update({r.jurisdiction_id: r.facts for r in rows})
    return facts


def _facts_on(on: dt.date, jurisdictions: list[Jurisdiction]) -> dict[int, dict[str, Any]]:
    """The facts of every state on a date other than today, from the stored spans that hold it,
    computing (and storing) the span of each state that has no current one."""
    epoch, scoped = scoped_versions("policies", also=["frameworks"])  # read before the records, as above
    basis_of = {j.pk: _basis(epoch, scoped.get(j.usps, 0)) for j in jurisdictions}
    spans = StateFactsSpan.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on), valid_from__lte=on).order_by()
    facts = {jid: f for jid, basis, f in spans.values_list("jurisdiction_id", "basis", "facts") if basis == basis_of.get(jid)}
    stale = [j.pk for j in jurisdictions if j.pk not in facts]
    if stale:
        fresh = state_facts(on, None if len(stale) == len(jurisdictions) else stale)
        rows = [
            StateFactsSpan(
                jurisdiction_id=jid,
                basis=basis_of[jid],
                valid_from=fresh.since.get(jid) or FIRST_DAY,
                valid_until=fresh.ahead.get(jid),
                facts=fresh.facts.get(jid, _empty_facts()),
            )
            for jid in stale
        ]
        # The spans of earlier versions of these states are never read again.
        StateFactsSpan.objects.filter(jurisdiction_id__in=stale).exclude(basis__in={r.basis for r in rows}).delete()
        StateFactsSpan.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["jurisdiction", "valid_from"], update_fields=["basis", "valid_until", "facts"]
        )
        facts.update({r.jurisdiction_id: r.facts for r in rows})
    return facts


def _basis(epoch: str, state_version: int) -> str:
    return f"{epoch}:{state_version}"


def ranking_of(usps: str, rank: Callable[[], Ranking]) -> Ranking:
    """The state's records ranked for its profile (for readers who see every record): stored with its
    summary row by the first profile after a change to its records, read from there after that (a
    cleared cache keeps it). The versions come through the request's memo, and are read before the
    records, so a stored ranking is never newer than its basis says."""
    epoch, version = scoped_version("policies", usps.upper(), also=["frameworks"])
    basis = _basis(epoch, version)
    rows = StateAggregate.objects.filter(jurisdiction__usps=usps.upper())
    stored = rows.filter(ranking_basis=basis).values_list("ranking", flat=True).first()
    if stored:
        return Ranking.from_json(stored)
    ranking = rank()
    rows.update(ranking=ranking.to_json(), ranking_basis=basis)  # no row yet (a rebuilt database): the next profile stores it
    return ranking


# ---- summaries ------------------------------------------------------------------------------------


def state_summaries(as_of: dt.date | None = None) -> list[StateSummary]:
    """All 56 jurisdictions with their level on `as_of` (default today), by name.

    Cached by content version (one query when warm, whatever the number of records). Cold, today's
    summaries read the stored per-state rows, and any other date the stored spans that hold it (a
    fixed number of queries either way, recomputing only the states whose records changed)."""
    today = timezone.localdate()
    return cached_by_version("state_summaries", TRACKER_DOMAINS, lambda: _summaries(as_of, today), as_of, today)


def _summaries(as_of: dt.date | None, today: dt.date, *, stored: bool = True) -> list[StateSummary]:
    """An override applies when looking at today or later than the day it was made; historical views
    show the derived level only. A state whose level could differ if its records of unknown start
    were already in force on the date has the level "unknown" (docs/policies.md).

    `stored=False` ignores the stored rows and spans (tests compare both ways)."""
    on = as_of or today
    from_rows = stored and on == today
    # One query for the states, their overrides and (today) their stored rows.
    related = ("policy_level_override", "policy_state_aggregate") if from_rows else ("policy_level_override",)
    jurisdictions = list(Jurisdiction.objects.select_related(*related).defer(*(["policy_state_aggregate__ranking"] if from_rows else [])).order_by("name"))
    if not stored:
        facts = state_facts(on).facts
    else:
        facts = _current_facts(jurisdictions, today) if on == today else _facts_on(on, jurisdictions)
    names = level_names()
    return [_summary(j, facts.get(j.pk) or _empty_facts(), getattr(j, "policy_level_override", None), names, on) for j in jurisdictions]


def _summary(j: Jurisdiction, f: dict[str, Any], override: LevelOverride | None, names: dict[str, str], on: dt.date) -> StateSummary:
    known = StateFacts(tracked=f["total"] > 0, records_in_force=f["in_force"], types=frozenset(f["types"]), conditions=frozenset(f["conditions"]))
    maybe = StateFacts(
        tracked=known.tracked,
        records_in_force=known.records_in_force + f["maybe"],
        types=known.types | frozenset(f["maybe_types"]),
        conditions=known.conditions | frozenset(f["maybe_conditions"]),
    )
    derived = derive_level_bounded(known, maybe) if f["maybe"] else derive_level(known)
    level = derived.level
    if override is not None and on >= timezone.localtime(override.created_at).date():
        level = override.level_code
    return StateSummary(
        usps=j.usps,
        fips=j.fips,
        name=j.name,
        kind=j.kind,
        tracked=known.tracked,
        records_total=f["total"],
        records_in_force=known.records_in_force,
        types=known.types,
        conditions=known.conditions,
        derived=derived,
        override=override,
        level=level,
        level_name=names.get(level, level),
        maybe_types=maybe.types - known.types,
        maybe_conditions=maybe.conditions - known.conditions,
        unconfirmed_in_force=f["unconfirmed"],
    )


def state_summary(usps: str, as_of: dt.date | None = None) -> StateSummary:
    for s in state_summaries(as_of):
        if s.usps == usps.upper():
            return s
    raise Jurisdiction.DoesNotExist(usps)


def similar_states(summaries: list[StateSummary], usps: str, limit: int = 5) -> list[tuple[StateSummary, float]]:
    """Tracked states whose in-force policy types are most alike (Jaccard index of type sets)."""
    me = next((s for s in summaries if s.usps == usps), None)
    if me is None or not me.types:
        return []
    scored = []
    for s in summaries:
        if s.usps == usps or not s.types:
            continue
        score = len(me.types & s.types) / len(me.types | s.types)
        if score > 0:
            scored.append((s, round(score, 3)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].name))
    return scored[:limit]
