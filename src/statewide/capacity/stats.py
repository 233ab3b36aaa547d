"""Statewide figures of the local-capacity module (read side, for the insights dashboards).

Each function answers in a fixed number of queries, however many districts the state has; the
counts are of districts, supports and requests (organizations, not people), so no small-count
suppression applies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from statewide.capacity.models import MembershipStatus, Network, ReadinessRound, RoundStatus, Support, SupportAttendance, SupportInterest, TaRequest
from statewide.capacity.selectors import state_settings
from statewide.core.charts import Chart, Column, Field, line_chart
from statewide.places.models import Jurisdiction, OrganisationKind


@dataclass(frozen=True)
class TierYear:
    year: int
    tier_code: str
    tier_name: str
    districts: int


@dataclass(frozen=True)
class SupportYear:
    year: int
    supports: int
    interested_districts: int


@dataclass(frozen=True)
class DeliveredYear:
    year: int
    delivered: int  # supports with attendance recorded on a day of the year
    districts: int  # districts that attended one of them
    scheduled: int  # supports scheduled to start that year (delivered or not)


@dataclass(frozen=True)
class TaYear:
    year: int
    requests: int
    responded: int
    median_response_days: float | None
    within_target: int  # requests answered within the state's target days
    target_days: int


@dataclass(frozen=True)
class NetworkRow:
    title: str
    members: int
    cap: int


def tiers_by_year(jurisdiction: Jurisdiction) -> list[TierYear]:
    """Districts in each tier at the end of each year: a district counts in the tier of its latest
    round submitted by then (one query: every submitted round's district, year and tier)."""
    settings = state_settings(jurisdiction)
    names = {t["code"]: str(t["name"]) for t in settings.tier_data}
    rounds = (
        ReadinessRound.objects.filter(district__jurisdiction=jurisdiction, district__kind=OrganisationKind.DISTRICT, status=RoundStatus.SUBMITTED)
        .exclude(tier_code="")
        .order_by("submitted_at", "id")
        .values_list("district_id", "submitted_at", "tier_code")
    )
    by_year: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for district_id, submitted_at, tier in rounds:
        if submitted_at is not None:
            by_year[submitted_at.year].append((district_id, tier))
    if not by_year:
        return []
    current: dict[int, str] = {}
    out: list[TierYear] = []
    for year in range(min(by_year), max(by_year) + 1):
        for district_id, tier in by_year.get(year, []):
            current[district_id] = tier
        counts: dict[str, int] = defaultdict(int)
        for tier in current.values():
            counts[tier] += 1
        out.extend(TierYear(year, code, names.get(code, code), counts[code]) for code in [*names, *sorted(set(counts) - set(names))])
    return out


def supports_by_year(jurisdiction: Jurisdiction) -> list[SupportYear]:
    """Supports offered per year they start, and how many districts asked to join them (one query)."""
    rows = (
        Support.objects.filter(jurisdiction=jurisdiction, starts_on__isnull=False)
        .annotate(y=ExtractYear("starts_on"))
        .values("y")
        .annotate(n=Count("id", distinct=True), d=Count("interests__district", distinct=True))
        .order_by("y")
    )
    return [SupportYear(r["y"], r["n"], r["d"]) for r in rows]


def supports_delivered_by_year(jurisdiction: Jurisdiction) -> list[DeliveredYear]:
    """Supports that took place per year: those with attendance recorded (`SupportAttendance`) on a day of the year,
    the districts that attended, and for reference the supports scheduled to start that year (two queries)."""
    delivered = {
        r["y"]: r
        for r in SupportAttendance.objects.filter(support__jurisdiction=jurisdiction)
        .annotate(y=ExtractYear("attended_on"))
        .values("y")
        .annotate(n=Count("support", distinct=True), d=Count("district", distinct=True))
        .order_by("y")
    }
    scheduled = {r.year: r.supports for r in supports_by_year(jurisdiction)}
    return [
        DeliveredYear(y, delivered[y]["n"] if y in delivered else 0, delivered[y]["d"] if y in delivered else 0, scheduled.get(y, 0))
        for y in sorted(set(delivered) | set(scheduled))
    ]


def ta_by_year(jurisdiction: Jurisdiction) -> list[TaYear]:
    """Technical-assistance requests per year, the median days to a first response and how many were
    answered within the state's target (two queries)."""
    target = state_settings(jurisdiction).ta_response_days
    rows = TaRequest.objects.filter(district__jurisdiction=jurisdiction).values_list("created_at", "first_response_at")
    per_year: dict[int, list[dt.datetime | None]] = defaultdict(list)
    created: dict[int, list[dt.datetime]] = defaultdict(list)
    for created_at, responded in rows:
        per_year[created_at.year].append(responded)
        created[created_at.year].append(created_at)
    out = []
    for year in sorted(per_year):
        days = [(r - c).total_seconds() / 86400 for c, r in zip(created[year], per_year[year], strict=True) if r is not None]
        out.append(
            TaYear(
                year=year,
                requests=len(per_year[year]),
                responded=len(days),
                median_response_days=round(median(days), 1) if days else None,
                within_target=sum(1 for d in days if d <= target),
                target_days=target,
            )
        )
    return out


def network_membership(jurisdiction: Jurisdiction) -> list[NetworkRow]:
    """Each network of the state with its current members and cap (one query)."""
    rows = (
        Network.objects.filter(jurisdiction=jurisdiction)
        .annotate(n=Count("members", filter=Q(members__status=MembershipStatus.MEMBER)))
        .order_by("title")
        .values_list("title", "n", "cap")
    )
    return [NetworkRow(title, n, cap) for title, n, cap in rows]


def last_change(jurisdiction: Jurisdiction) -> dt.date | None:
    """The date of the module's latest data for the state (rounds submitted, requests made, interest, attendance recorded)."""
    latest = [
        ReadinessRound.objects.filter(district__jurisdiction=jurisdiction).aggregate(m=Max("submitted_at"))["m"],
        TaRequest.objects.filter(district__jurisdiction=jurisdiction).aggregate(m=Max("created_at"))["m"],
        SupportInterest.objects.filter(support__jurisdiction=jurisdiction).aggregate(m=Max("created_at"))["m"],
        SupportAttendance.objects.filter(support__jurisdiction=jurisdiction).aggregate(m=Max("created_at"))["m"],
    ]
    known = [d for d in latest if d is not None]
    return max(known).date() if known else None


def states() -> set[str]:
    """USPS codes of the states with capacity data (a submitted round or a support)."""
    rounds = ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED).values_list("district__jurisdiction__usps", flat=True).distinct()
    supports = Support.objects.values_list("jurisdiction__usps", flat=True).distinct()
    return {u for u in [*rounds, *supports] if u}


def districts_with_rounds(jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """(NCES LEAID, name) of the state's districts with a submitted readiness round (one query)."""
    rows = ReadinessRound.objects.filter(district__jurisdiction=jurisdiction, district__kind=OrganisationKind.DISTRICT, status=RoundStatus.SUBMITTED)
    return [(leaid, name) for leaid, name in rows.values_list("district__nces_leaid", "district__name").distinct() if leaid]


def readiness_progress_chart(submitted: list[ReadinessRound], tiers: list[dict[str, Any]]) -> Chart:
    """The overall score (1–4) per submitted round, with the state's tier boundaries as labeled lines."""
    rows = [
        {
            "round": r.title,
            "submitted": r.submitted_at.date().isoformat() if r.submitted_at else None,
            "score": float(r.score) if r.score is not None else None,
            "tier": r.result.get("tier_name") if isinstance(r.result, dict) else None,
        }
        for r in submitted
    ]
    return line_chart(
        title=_("Overall readiness score by round"),
        summary=_("The overall score (1 to 4) of each submitted round, oldest first; dashed lines mark where each tier starts."),
        data=rows,
        x=Field("round", _("Round"), "ordinal"),
        y=Field("score", _("Overall score"), "quantitative", ".2f"),
        y_domain=(1, 4),
        rules=[(float(t["min_score"]), str(t["name"])) for t in tiers],
        extra_columns=(Column("submitted", _("Submitted")), Column("tier", _("Tier"))),
    )
