"""Reads for places and organisations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Sum, Value, When

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


def school_year_span(school_year: str) -> tuple[dt.date, dt.date]:
    """The days a school year covers ("2019-20": 1 July 2019 to 30 June 2020), as enrollment counts them."""
    first = int(school_year[:4])
    return dt.date(first, 7, 1), dt.date(first + 1, 6, 30)


def school_years_between(first: dt.date, last: dt.date) -> list[str]:
    """Every school year ("2019-20") that has a day between `first` and `last`, oldest first."""
    start, end = (first.year if first.month >= 7 else first.year - 1), (last.year if last.month >= 7 else last.year - 1)
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(start, end + 1)]


def enrollment_sums(usps: str, participating: Mapping[str, set[int]]) -> list[dict[str, Any]]:
    """The state's enrollment summed in the database by school year, derived locale and whether the district
    takes part that year (`participating`: school year -> district ids): a few hundred rows however many
    districts, in one query. Districts are grouped by the set of years they take part in, so the query has one
    condition per group (most districts take part in the same years), not one per district and year."""
    years_of: dict[int, set[str]] = defaultdict(set)
    for year, ids in participating.items():
        for district_id in ids:
            years_of[district_id].add(year)
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for district_id, years in years_of.items():
        groups[frozenset(years)].append(district_id)
    whens = [When(district_id__in=sorted(ids), school_year__in=sorted(years), then=True) for years, ids in groups.items()]
    part = Case(*whens, default=False, output_field=BooleanField()) if whens else Value(False)
    qs = (
        DistrictEnrollment.objects.filter(district__jurisdiction__usps=usps.upper())
        .annotate(part=part, locale=F("district__locale_code"))
        .values("school_year", "locale", "part")
        .annotate(
            districts=Count("id"),
            sex_missing=Count("id", filter=Q(female__isnull=True) | Q(male__isnull=True)),
            **{g: Sum(g) for g in STUDENT_GROUPS},
        )
        .order_by("school_year", "locale", "part")
    )
    return [dict(row) for row in qs]
