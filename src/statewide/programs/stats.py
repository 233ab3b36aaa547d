"""Statewide figures of the programs module (read side, for the insights dashboards).

Everything here is public: it reads only the public registry (participating applications of public
programs, `application_policy`'s "registry" rule) and values from public annual reports. Each function
answers in a fixed number of queries, however many districts take part.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db.models import Max
from django.utils import timezone

from statewide.places.models import Jurisdiction, Organisation
from statewide.programs.models import Application, Indicator, IndicatorValue
from statewide.programs.permissions import application_policy
from statewide.programs.workflow import Status

K = TypeVar("K")
REACHED, MOVING, NOT_YET, NO_REPORT = "reached", "moving", "not_yet", "no_report"


@dataclass(frozen=True)
class ParticipationYear:
    year: int
    districts: int


@dataclass(frozen=True)
class StageCount:
    status: str
    label: str
    districts: int


def _registry(jurisdiction: Jurisdiction) -> object:
    return application_policy.filter(None, "registry").filter(program__jurisdiction=jurisdiction)


Span = tuple[dt.date, dt.date]  # first and last day taking part, both included


def participation_spans(state: Jurisdiction | str, *, today: dt.date | None = None) -> dict[int, list[Span]]:
    """When each district takes part in a public program of the state (one query): the one rule of the programs module.

    A district takes part from its term's start (or, with no term yet, the day of the decision that made it
    participate) until its term ends, the day before its participation is rescinded, or today."""
    today = today or timezone.localdate()
    registry = application_policy.filter(None, "registry")
    registry = registry.filter(program__jurisdiction=state) if isinstance(state, Jurisdiction) else registry.filter(program__jurisdiction__usps=state.upper())
    spans: dict[int, list[Span]] = defaultdict(list)
    rows = registry.values_list("organisation_id", "status", "term_start", "term_end", "status_changed_at")
    for org_id, status, term_start, term_end, changed in rows:
        start = term_start or (timezone.localdate(changed) if changed is not None else None)
        if start is None:
            continue
        end = today
        if status == Status.RESCINDED and changed is not None:
            end = min(end, timezone.localdate(changed) - dt.timedelta(days=1))
        if term_end is not None:
            end = min(end, term_end)
        if start <= end:
            spans[org_id].append((start, end))
    return dict(spans)


def participants_in(spans: Mapping[int, list[Span]], periods: Mapping[K, Span]) -> dict[K, set[int]]:
    """The one year rule: a district takes part in a period (a calendar year, a school year) when one of its
    spans overlaps it. `spans` may mix the programs' spans with other ones (capacity network membership)."""
    return {key: {d for d, ranges in spans.items() if any(s <= last and e >= first for s, e in ranges)} for key, (first, last) in periods.items()}


def participants_by_year(jurisdiction: Jurisdiction, *, today: dt.date | None = None) -> dict[int, set[int]]:
    """The ids of the districts taking part in at least one public program during each calendar year, from the
    first year anyone took part to this year (one query; `participation_spans`, `participants_in`)."""
    today = today or timezone.localdate()
    spans = participation_spans(jurisdiction, today=today)
    if not spans:
        return {}
    first = min(s.year for ranges in spans.values() for s, _e in ranges)
    return participants_in(spans, {year: (dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in range(first, today.year + 1)})


def participation_by_year(jurisdiction: Jurisdiction, *, today: dt.date | None = None) -> list[ParticipationYear]:
    """How many districts take part at the end of each year (see `participants_by_year`)."""
    return [ParticipationYear(year, len(ids)) for year, ids in participants_by_year(jurisdiction, today=today).items()]


def participation_by_stage(jurisdiction: Jurisdiction) -> list[StageCount]:
    """Participating districts by the stage of their application, in workflow order (one query)."""
    counts: dict[str, set[int]] = defaultdict(set)
    for org_id, status in _registry(jurisdiction).values_list("organisation_id", "status"):  # type: ignore[attr-defined]
        counts[status].add(org_id)
    return [StageCount(s.value, str(s.label), len(counts[s.value])) for s in Status if s.value in counts]


def indicator_progress(jurisdiction: Jurisdiction) -> dict[str, int]:
    """The participants' indicators by how far their latest public value is from baseline to target
    (two queries): reached the target, moving toward it, not yet moved, no public report yet."""
    apps = _registry(jurisdiction).values_list("pk", flat=True)  # type: ignore[attr-defined]
    latest: dict[int, Decimal] = {}
    values = (
        IndicatorValue.objects.filter(indicator__application__in=apps, report__is_public=True)
        .order_by("report__year", "pk")
        .values_list("indicator_id", "value")
    )
    for indicator_id, value in values:
        latest[indicator_id] = value
    out = {REACHED: 0, MOVING: 0, NOT_YET: 0, NO_REPORT: 0}
    for pk, baseline, target in Indicator.objects.filter(application__in=apps).values_list("pk", "baseline", "target"):
        out[_progress(baseline, target, latest.get(pk))] += 1
    return out


def _progress(baseline: Decimal, target: Decimal, found: Decimal | None) -> str:
    """Where an indicator's latest public value sits between its baseline and its target."""
    if found is None:
        return NO_REPORT
    if target != baseline and (found - baseline) / (target - baseline) >= 1:
        return REACHED
    if target != baseline and (found - baseline) / (target - baseline) > 0:
        return MOVING
    return NOT_YET


def district_indicator_progress(district_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each given district in the public registry (any state): its indicators by where the latest public value
    sits, as `indicator_progress` counts them (three queries, however many districts). A district in no public
    program is absent: it has no indicators to read, which is not the same as none moving."""
    registered = dict(application_policy.filter(None, "registry").filter(organisation_id__in=district_ids).values_list("pk", "organisation_id"))
    out = {org: {REACHED: 0, MOVING: 0, NOT_YET: 0, NO_REPORT: 0} for org in registered.values()}
    if not registered:
        return out
    latest: dict[int, Decimal] = {}
    values = IndicatorValue.objects.filter(indicator__application__in=list(registered), report__is_public=True).order_by("report__year", "pk")
    for indicator_id, value in values.values_list("indicator_id", "value"):
        latest[indicator_id] = value
    for pk, app_id, baseline, target in Indicator.objects.filter(application__in=list(registered)).values_list("pk", "application_id", "baseline", "target"):
        out[registered[app_id]][_progress(baseline, target, latest.get(pk))] += 1
    return out


def last_change(jurisdiction: Jurisdiction) -> dt.date | None:
    latest = Application.objects.filter(program__jurisdiction=jurisdiction, program__is_public=True).aggregate(m=Max("status_changed_at"))["m"]
    return latest.date() if latest else None


def states() -> set[str]:
    """USPS codes of the states with a participant in a public program."""
    return set(application_policy.filter(None, "registry").values_list("program__jurisdiction__usps", flat=True).distinct())


def participating_districts(jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """(NCES LEAID, name) of the districts in the state's public registry (one query)."""
    rows = _registry(jurisdiction).exclude(organisation__nces_leaid="").values_list("organisation__nces_leaid", "organisation__name")  # type: ignore[attr-defined]
    return list(rows.distinct())


@dataclass(frozen=True)
class DistrictProgram:
    program: str
    stage: str
    term_start: dt.date | None
    term_end: dt.date | None


def district_programs(district: Organisation) -> list[DistrictProgram]:
    """The public programs a district takes part in, with its stage and term (one query)."""
    rows = application_policy.filter(None, "registry").filter(organisation=district).select_related("program").order_by("program__name")
    return [DistrictProgram(a.program.name, a.get_status_display(), a.term_start, a.term_end) for a in rows]
