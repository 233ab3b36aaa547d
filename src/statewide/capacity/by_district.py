"""Capacity facts of many districts at once, each in one query whatever their number: what the
insights dashboards and the district comparison read (tiers, network memberships and their spans)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from statewide.capacity.models import MembershipStatus, NetworkMember
from statewide.capacity.selectors import with_public_tier
from statewide.places.models import Organisation


def network_member_district_ids(usps: str) -> set[int]:
    """The districts that are members of a capacity network in the state (for the insights dashboards)."""
    qs = NetworkMember.objects.filter(status=MembershipStatus.MEMBER, network__jurisdiction__usps=usps)
    return set(qs.values_list("district_id", flat=True))


def latest_tiers(district_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(tier code, tier name) of each given district's latest submitted round with a tier (one query, however many districts).
    A district with no such round is absent: its readiness is unknown."""
    found = with_public_tier(Organisation.objects.filter(pk__in=district_ids).only("pk"))
    tiers = ((o.pk, getattr(o, "public_tier_code", None), getattr(o, "public_tier_name", None)) for o in found)
    return {pk: (code, name or code) for pk, code, name in tiers if code}


def network_member_counts(district_ids: list[int]) -> dict[int, int]:
    """How many networks each given district is a member of (status "member"; one query). Absent: none."""
    rows = NetworkMember.objects.filter(status=MembershipStatus.MEMBER, district_id__in=district_ids).values("district_id").annotate(n=Count("pk"))
    return {r["district_id"]: r["n"] for r in rows.order_by()}


def network_membership_spans(usps: str, *, today: dt.date | None = None) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """When each district of the state was a member of a capacity network (first and last day, both included; one
    query): from `joined_on` (the row's creation when no day was recorded) to `left_on` (today while a member)."""
    today = today or timezone.localdate()
    spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
    qs = NetworkMember.objects.filter(status__in=(MembershipStatus.MEMBER, MembershipStatus.LEFT), network__jurisdiction__usps=usps.upper())
    for district_id, status, joined, left, created, updated in qs.values_list("district_id", "status", "joined_on", "left_on", "created_at", "updated_at"):
        start = joined or timezone.localdate(created)
        end = today if status == MembershipStatus.MEMBER else (left or timezone.localdate(updated))
        if start <= end:
            spans.setdefault(district_id, []).append((start, end))
    return spans
