"""Which records a state profile shows: the most recent few of each policy type and each framework
condition, the records holding the newest dated events, and how many records each group has.

One query ranks them for any number of states. The ranking of the records everyone sees is stored
with each state's summary row (`StateAggregate.ranking`) by the first profile after a change to the
state's records (`policies.summaries.ranking_of`), so a cold state profile reads it instead of
ranking the state's records again; a reader with a narrower view ranks them live.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, F, IntegerField, QuerySet, Value, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber

from statewide.policies.models import PolicyRecord

PROFILE_PER_GROUP = 5  # most recent records shown per type and per condition; "show all" lists the rest
PROFILE_TIMELINE = 20  # most recent dated events shown

EVENT_FIELDS = ("introduced_on", "enacted_on", "effective_on", "amended_on", "ended_on")
# A record's latest dated event: the records whose latest date is among the newest hold every one
# of the newest events.
_LATEST_EVENT = Greatest(*(Coalesce(name, Value(dt.date(1, 1, 1))) for name in (*EVENT_FIELDS, "known_in_force_on")))
_NEWEST = [F("in_force_from").desc(nulls_last=True), F("title").asc()]


@dataclass(frozen=True)
class Ranking:
    """One state's groups: {type id: (records, [the most recent record ids])}, the same per condition,
    and the ids of the records holding its newest dated events (newest first)."""

    by_type: dict[int, tuple[int, list[int]]]
    by_condition: dict[int, tuple[int, list[int]]]
    events: list[int]

    def record_ids(self) -> set[int]:
        return {i for groups in (self.by_type, self.by_condition) for _n, ids in groups.values() for i in ids} | set(self.events)

    def to_json(self) -> dict[str, Any]:
        """Stored as JSON: object keys are strings."""
        return {
            "type": {str(k): [n, ids] for k, (n, ids) in self.by_type.items()},
            "condition": {str(k): [n, ids] for k, (n, ids) in self.by_condition.items()},
            "event": self.events,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranking:
        def groups(key: str) -> dict[int, tuple[int, list[int]]]:
            return {int(k): (n, list(ids)) for k, (n, ids) in data.get(key, {}).items()}

        return cls(by_type=groups("type"), by_condition=groups("condition"), events=list(data.get("event", [])))


EMPTY = Ranking(by_type={}, by_condition={}, events=[])


def _ranked(qs: QuerySet[PolicyRecord], kind: str, group: str | None, order: list[Any], limit: int) -> QuerySet[Any]:
    """(kind, state id, group id, record id, the group's number of records, rank) of the `limit` first
    records of each state's groups in `order`; `group` None: one group of all a state's records."""
    partition = [F("jurisdiction_id"), *([F(group)] if group else [])]
    return (
        qs.order_by()
        .annotate(
            kind=Value(kind, output_field=CharField()),
            group=F(group) if group else Value(0, output_field=IntegerField()),
            rank=Window(RowNumber(), partition_by=partition, order_by=order),
            n=Window(Count("pk"), partition_by=partition),
        )
        .filter(rank__lte=limit)
        .values_list("kind", "jurisdiction_id", "group", "pk", "n", "rank")
    )


def record_rankings(records: QuerySet[PolicyRecord]) -> dict[int, Ranking]:
    """{state id: its Ranking} of these records (states without records are left out), in one query."""
    ranked = _ranked(records, "type", "policy_type_id", _NEWEST, PROFILE_PER_GROUP).union(
        _ranked(records.filter(conditions__isnull=False), "condition", "conditions", _NEWEST, PROFILE_PER_GROUP),
        _ranked(records.annotate(latest=_LATEST_EVENT), "event", None, [F("latest").desc(), F("title").asc()], PROFILE_TIMELINE),
        all=True,
    )
    found: dict[int, dict[str, dict[int, list[tuple[int, int, int]]]]] = defaultdict(
        lambda: {"type": defaultdict(list), "condition": defaultdict(list), "event": defaultdict(list)}
    )
    for kind, state_id, group_id, record_id, n, rank in ranked:
        found[state_id][kind][group_id].append((rank, record_id, n))

    def groups(by_group: dict[int, list[tuple[int, int, int]]]) -> dict[int, tuple[int, list[int]]]:
        return {g: (rows[0][2], [i for _rank, i, _n in sorted(rows)]) for g, rows in by_group.items()}

    return {
        state_id: Ranking(by_type=groups(kinds["type"]), by_condition=groups(kinds["condition"]), events=[i for _r, i, _n in sorted(kinds["event"].get(0, []))])
        for state_id, kinds in found.items()
    }


def timeline(records: list[PolicyRecord]) -> list[tuple[dt.date, str, PolicyRecord]]:
    """The PROFILE_TIMELINE most recent dated events (introduced, enacted, …) of these records, newest first."""
    events: list[tuple[dt.date, str, PolicyRecord]] = []
    for r in records:
        events += [(getattr(r, name), name.removesuffix("_on"), r) for name in EVENT_FIELDS if getattr(r, name)]
        if r.start_unknown and r.known_in_force_on:  # the first date a source shows it in force
            events.append((r.known_in_force_on, "known_in_force", r))
    events.sort(key=lambda e: (e[0], e[2].title), reverse=True)
    return events[:PROFILE_TIMELINE]
