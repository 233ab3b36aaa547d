"""Districts and organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.capacity.selectors import with_public_tier
from statewide.core.cache import public_page
from statewide.core.permissions import access
from statewide.core.text import SingleLine
from statewide.places.permissions import organisation_policy
from statewide.places.selectors import DistrictFilters, district_list

router = Router(tags=["districts"])


class DistrictOut(Schema):
    leaid: str
    name: str
    state: str
    state_agency_id: str
    agency_type: int | None
    agency_type_label: str
    locale_code: str
    locale_is_derived: bool = Field(description="True when the locale is derived from the district's open schools (the district file reports none).")
    school_count: int | None = Field(None, description="Open schools in the NCES CCD school directory (null before the schools are imported).")
    readiness_tier: str | None = Field(None, description="The district's public readiness tier (code) from its latest submitted round.")
    readiness_tier_name: str | None = None
    county_fips: str
    county_name: str
    city: str
    latitude: float | None
    longitude: float | None
    grade_low: str
    grade_high: str
    ccd_survey_year: int | None

    @staticmethod
    def from_org(o: object) -> DistrictOut:
        return DistrictOut(
            readiness_tier=getattr(o, "public_tier_code", None),
            readiness_tier_name=getattr(o, "public_tier_name", None),
            leaid=o.nces_leaid,  # type: ignore[attr-defined]
            name=o.name,  # type: ignore[attr-defined]
            state=o.jurisdiction.usps,  # type: ignore[attr-defined]
            state_agency_id=o.state_agency_id,  # type: ignore[attr-defined]
            agency_type=o.agency_type,  # type: ignore[attr-defined]
            agency_type_label=o.agency_type_label,  # type: ignore[attr-defined]
            locale_code=o.locale_code,  # type: ignore[attr-defined]
            locale_is_derived=o.locale_is_derived,  # type: ignore[attr-defined]
            school_count=o.school_count,  # type: ignore[attr-defined]
            county_fips=o.county_fips,  # type: ignore[attr-defined]
            county_name=o.county_name,  # type: ignore[attr-defined]
            city=o.city,  # type: ignore[attr-defined]
            latitude=float(o.latitude) if o.latitude is not None else None,  # type: ignore[attr-defined]
            longitude=float(o.longitude) if o.longitude is not None else None,  # type: ignore[attr-defined]
            grade_low=o.grade_low,  # type: ignore[attr-defined]
            grade_high=o.grade_high,  # type: ignore[attr-defined]
            ccd_survey_year=o.ccd_survey_year,  # type: ignore[attr-defined]
        )


class DistrictQuery(Schema):
    state: SingleLine | None = None
    q: SingleLine | None = None
    locale: SingleLine | None = None
    cursor: SingleLine | None = None
    limit: int = 50


@router.get("/districts/", response=CursorPage[DistrictOut], summary="List districts")
@decorate_view(public_page("places", "capacity", daily=False))
def list_districts(request: HttpRequest, query: Query[DistrictQuery]) -> dict[str, object]:
    """Districts (NCES local education agencies), filtered by `state` (USPS), `locale` (NCES locale
    group: city, suburb, town, rural, or a 2-digit code) and `q` (name, city or LEAID)."""
    filters = DistrictFilters(state=query.state or "", q=query.q or "", locale=query.locale or "")
    qs = with_public_tier(district_list(request.api_user, filters))  # type: ignore[attr-defined]
    rows, next_cursor = cursor_paginate(qs, cursor=query.cursor, limit=query.limit, order_by="name")
    return {"items": [DistrictOut.from_org(o) for o in rows], "next_cursor": next_cursor}


@router.get("/districts/{leaid}", response=DistrictOut, summary="One district")
@decorate_view(public_page("places", "capacity", daily=False))
def get_district(request: HttpRequest, leaid: str) -> DistrictOut:
    org = access(organisation_policy, request.api_user, queryset=with_public_tier(district_list(request.api_user, DistrictFilters())), nces_leaid=leaid)  # type: ignore[attr-defined]
    return DistrictOut.from_org(org)


class MemberOut(Schema):
    user: str
    full_name: str
    role: str
    role_label: str


class MembersQuery(Schema):
    cursor: SingleLine | None = None
    limit: int = 100


@router.get("/organisations/{public_id}/members", response=CursorPage[MemberOut], summary="Members of an organization (private)")
def organisation_members(request: HttpRequest, public_id: UUID, query: Query[MembersQuery]) -> dict[str, Any]:
    """Visible to the organisation's own members, its state's admins and operators; 403 for everyone else."""
    from statewide.accounts.selectors import organisation_members as members  # noqa: PLC0415

    org = access(organisation_policy, request.api_user, action="view_members", public_id=public_id)  # type: ignore[attr-defined]
    rows, next_cursor = cursor_paginate(members(request.api_user, org), cursor=query.cursor, limit=query.limit)  # type: ignore[attr-defined]
    items = [MemberOut(user=m.user.email, full_name=m.user.full_name, role=m.role, role_label=m.get_role_display()) for m in rows]
    return {"items": items, "next_cursor": next_cursor}
