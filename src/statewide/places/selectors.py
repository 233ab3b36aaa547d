"""Reads for places and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from statewide.core.disclosure import DEFAULT_MINIMUM_N
from statewide.places.models import STUDENT_GROUPS, DistrictEnrollment, Jurisdiction, Organisation, OrganisationKind, StateDisclosure

# NCES locale groups: the first digit of the urban-centric locale code.
LOCALE_GROUPS = {"city": "1", "suburb": "2", "town": "3", "rural": "4"}


@dataclass(frozen=True)
class DistrictFilters:
    state: str = ""
    q: str = ""
    locale: str = ""


def district_list(user: Any, filters: DistrictFilters) -> QuerySet[Organisation]:
    """Districts matching the filters. The district directory is public, so `user` does not narrow it."""
    qs = Organisation.objects.filter(kind=OrganisationKind.DISTRICT).select_related("jurisdiction")
    if filters.state:
        qs = qs.filter(jurisdiction__usps=filters.state.upper())
    if filters.locale:
        group = LOCALE_GROUPS.get(filters.locale.lower())
        qs = qs.filter(locale_code__startswith=group) if group else qs.filter(locale_code=filters.locale)
    q = filters.q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(city__icontains=q) | Q(nces_leaid=q) | Q(county_name__icontains=q))
    return qs


def jurisdictions_with_districts() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(organisations__kind=OrganisationKind.DISTRICT).distinct().order_by("name")


def state_agency(jurisdiction: Jurisdiction) -> Organisation:
    return Organisation.objects.get(kind=OrganisationKind.STATE_AGENCY, jurisdiction=jurisdiction)


def jurisdiction_choices() -> QuerySet[Jurisdiction, tuple[str, str]]:
    """(USPS, name) of every state and territory, by name, for select lists."""
    return Jurisdiction.objects.order_by("name").values_list("usps", "name")


def organisations_by_ids(ids: frozenset[int] | set[int]) -> QuerySet[Organisation]:
    """Organisations with these ids (a principal's memberships), by name."""
    return Organisation.objects.filter(pk__in=ids).select_related("jurisdiction").order_by("name", "id")


def disclosure_minimum(usps: str) -> int:
    """The state's minimum number of students for a count to be shown (statewide.core.disclosure)."""
    value = StateDisclosure.objects.filter(jurisdiction__usps=usps.upper()).values_list("minimum_n", flat=True).first()
    return int(value) if value else DEFAULT_MINIMUM_N


def enrollment_years(usps: str) -> list[str]:
    """The school years with enrollment for the state's districts, oldest first."""
    qs = DistrictEnrollment.objects.filter(district__jurisdiction__usps=usps.upper()).values_list("school_year", flat=True)
    return sorted(set(qs.order_by().distinct()))


ENROLLMENT_VALUES = ("district_id", "school_year", "district__locale_code", *STUDENT_GROUPS)


def enrollment_rows(usps: str, school_year: str | None = None) -> QuerySet[DistrictEnrollment, dict[str, Any]]:
    """Each district's enrollment as plain values (its derived locale included), one query."""
    qs = DistrictEnrollment.objects.filter(district__jurisdiction__usps=usps.upper())
    if school_year:
        qs = qs.filter(school_year=school_year)
    return qs.order_by().values(*ENROLLMENT_VALUES)


def latest_enrollment(district_ids: Any) -> dict[int, DistrictEnrollment]:
    """Each district's most recent enrollment year (district id -> row), one query."""
    latest: dict[int, DistrictEnrollment] = {}
    for row in DistrictEnrollment.objects.filter(district_id__in=district_ids).order_by("district_id", "school_year"):
        latest[row.district_id] = row
    return latest
