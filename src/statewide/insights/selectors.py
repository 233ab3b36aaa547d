"""Reads for the insights: every module through its own selectors, the expensive aggregates cached by content version.

A cached figure is keyed on the versions of the domains it reads ("places": districts, enrollment
and the state's minimum n; "programs": participation; "capacity": network membership), so an
enrollment import, a participation decision or a new minimum n makes the very next read compute
afresh (statewide.core.cache)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from statewide.capacity import stats as capacity_stats
from statewide.capacity.by_district import network_member_district_ids, network_membership_spans
from statewide.capacity.selectors import staff_states
from statewide.core.cache import cached_by_version
from statewide.core.disclosure import Protected, Relation, protect
from statewide.credentials import growth
from statewide.insights.figures import Dataset, build_dataset, locale_group
from statewide.places.models import NCES_LOCALES, RACE_GROUPS, STUDENT_GROUPS, Jurisdiction, Organisation, OrganisationKind
from statewide.places.selectors import disclosure_minimum, enrollment_rows, enrollment_sums, enrollment_years, school_year_span, school_years_between
from statewide.policies import stats as policy_stats
from statewide.programs import stats as program_stats
from statewide.programs.selectors import participating_district_ids
from statewide.selfassessment.selectors import states_with_agreed_positions

DOMAINS = ("places", "programs", "capacity")


def jurisdiction_get(usps: str) -> Jurisdiction:
    found = Jurisdiction.objects.filter(usps=(usps or "").upper()[:2]).first()
    if found is None:
        raise Http404
    return found


def participating_ids(usps: str) -> set[int]:
    """Districts in an innovation program (approved or active) or a member of a capacity network today."""
    return participating_district_ids(usps) | network_member_district_ids(usps)


def takes_part(usps: str, district: Organisation) -> bool:
    """Whether a district participates (so it has comparison districts): the same rule as `participating_ids`."""
    return district.pk in participating_ids(usps)


def participants_by_school_year(usps: str) -> dict[str, set[int]]:
    """The districts taking part in each school year ("2019-20"), from the first year anyone took part to this one
    (two queries): a district takes part in a school year when it was in a public innovation program (the programs
    module's spans) or a member of a capacity network (capacity's membership dates) on some day of it, by the
    programs module's one rule (`programs.stats.participants_in`). Each year's dataset keeps its participants
    (`Dataset.participant_ids`, cached with it), so the pages never compute them twice."""
    today = timezone.localdate()
    spans: dict[int, list[program_stats.Span]] = {}
    for found in (program_stats.participation_spans(usps, today=today), network_membership_spans(usps, today=today)):
        for district_id, ranges in found.items():
            spans.setdefault(district_id, []).extend(ranges)
    if not spans:
        return {}
    first = min(s for ranges in spans.values() for s, _e in ranges)
    return program_stats.participants_in(spans, {y: school_year_span(y) for y in school_years_between(first, today)})


def datasets(usps: str) -> dict[str, Dataset]:
    """The state's protected student figures, one dataset per school year, oldest first (cached), each with that
    year's participants (`participants_by_school_year`). One query sums every year's enrollment in the database,
    so the dashboards cost the same number of queries however many districts and years there are."""

    def compute() -> dict[str, Dataset]:
        participants = participants_by_school_year(usps)
        by_year: dict[str, list[dict[str, Any]]] = {}
        for row in enrollment_sums(usps, participants):
            by_year.setdefault(row["school_year"], []).append(row)
        n = disclosure_minimum(usps)
        return {year: build_dataset(usps, year, by_year[year], n, participants.get(year, ())) for year in sorted(by_year)}

    # The day is a part of the key: a participation that starts or ends today changes the current school year.
    return cached_by_version("insights.datasets", DOMAINS, compute, usps, timezone.localdate())


def years(usps: str) -> list[str]:
    return list(datasets(usps))


def enrollment_years_only(usps: str) -> list[str]:
    """The school years with enrollment, without computing any figures (one query)."""
    return enrollment_years(usps)


def dataset(usps: str, school_year: str) -> Dataset:
    """One school year's protected figures (Http404 when the state has none that year)."""
    found = datasets(usps).get(school_year)
    if found is None:
        raise Http404
    return found


def trend(usps: str) -> list[Dataset]:
    """One dataset per school year, oldest first (the gap over time)."""
    return list(datasets(usps).values())


def participant_places(ds: Dataset) -> list[tuple[str, str, float, float, str]]:
    """The districts taking part in the dataset's school year (name, LEAID, longitude, latitude, locale code), by name:
    the map and its table (one query)."""
    qs = (
        Organisation.objects.filter(pk__in=sorted(ds.participant_ids))
        .order_by("name", "id")
        .values_list("name", "nces_leaid", "longitude", "latitude", "locale_code")
    )
    return [(n, leaid or "", float(lon) if lon is not None else math.nan, float(lat) if lat is not None else math.nan, code) for n, leaid, lon, lat, code in qs]


# Comparison districts --------------------------------------------------------------------------

SIZE_FACTOR = 2.0  # enrollment from half to twice the district's
POVERTY_POINTS = 10.0  # economically disadvantaged share within 10 percentage points
COMPARISON_LIMIT = 5


@dataclass(frozen=True)
class DistrictFigures:
    leaid: str
    name: str
    locale_code: str
    protected: Protected[str]
    distance: float = 0.0
    district_id: int = 0

    @property
    def locale_label(self) -> str:
        return str(NCES_LOCALES.get(self.locale_code, "")) or "—"

    def share(self, group: str) -> Any:
        return self.protected.share(group, "all_students")

    def cell(self, group: str) -> Any:
        return self.protected.cell(group)


def _district_figures(row: dict[str, Any], minimum_n: int, distance: float = 0.0) -> DistrictFigures:
    values = {g: row[g] for g in STUDENT_GROUPS}
    rels = [Relation("all_students", tuple(RACE_GROUPS))]
    if row["female"] is not None and row["male"] is not None:
        rels.append(Relation("all_students", ("female", "male")))
    protected = protect(values, rels, minimum_n)
    return DistrictFigures(row["district__nces_leaid"], row["district__name"], row["district__locale_code"], protected, distance, row["district_id"])


def comparison(usps: str, leaid: str, school_year: str) -> tuple[DistrictFigures, list[DistrictFigures]]:
    """A participating district and up to five similar districts that take part in nothing (docs/insights.md:
    same locale group, enrollment from half to twice, poverty share within 10 points; nearest first)."""
    ids = participating_ids(usps)
    fields = (*STUDENT_GROUPS, "district_id", "district__nces_leaid", "district__name", "district__locale_code")
    me = enrollment_rows(usps, school_year).filter(district__nces_leaid=leaid, district_id__in=ids).values(*fields).first()
    if me is None or not me["all_students"]:
        raise Http404
    # The database narrows to the size range; Python checks every rule again and ranks.
    low, high = math.ceil(me["all_students"] / SIZE_FACTOR), math.floor(me["all_students"] * SIZE_FACTOR)
    rows = enrollment_rows(usps, school_year).filter(all_students__gte=low, all_students__lte=high).exclude(district_id__in=ids).values(*fields)
    n = disclosure_minimum(usps)
    my_poverty = me["economically_disadvantaged"] / me["all_students"]
    found = []
    for r in rows:
        if r["district_id"] in ids or not r["all_students"] or locale_group(r["district__locale_code"]) != locale_group(me["district__locale_code"]):
            continue
        size = abs(math.log(r["all_students"] / me["all_students"])) / math.log(SIZE_FACTOR)
        poverty = abs(r["economically_disadvantaged"] / r["all_students"] - my_poverty) * 100 / POVERTY_POINTS
        if size <= 1 and poverty <= 1:
            same_code = 0.0 if r["district__locale_code"] == me["district__locale_code"] else 0.5
            found.append((size + poverty + same_code, r["district__name"], r))
    found.sort(key=lambda t: (t[0], t[1]))
    return _district_figures(me, n), [_district_figures(r, n, round(d, 2)) for d, _name, r in found[:COMPARISON_LIMIT]]


def participating_districts(usps: str, school_year: str) -> list[tuple[str, str]]:
    """(LEAID, name) of participating districts with enrollment that year: the comparison page's choice list."""
    ids = participating_ids(usps)
    qs = enrollment_rows(usps, school_year).filter(district_id__in=ids).order_by("district__name").values_list("district__nces_leaid", "district__name")
    return [(leaid or "", name) for leaid, name in qs]


# The module dashboards (insights.dashboards): which states have data, a district, who sees district detail.
DATA_DOMAINS = ("selfassessment", "policies", "capacity", "programs", "credentials", "places", "accounts", "frameworks")


def _states_with_data() -> list[tuple[str, str]]:
    usps = states_with_agreed_positions() | policy_stats.states() | capacity_stats.states() | program_stats.states() | growth.states()
    return list(Jurisdiction.objects.filter(usps__in=usps).order_by("name").values_list("usps", "name"))


def states_with_data() -> list[tuple[str, str]]:
    """(USPS, name) of the states with data in at least one module, by name (cached by version)."""
    return cached_by_version("insights.states", DATA_DOMAINS, _states_with_data)


def district_get(usps: str, leaid: str) -> Organisation:
    try:
        return Organisation.objects.select_related("jurisdiction").get(kind=OrganisationKind.DISTRICT, nces_leaid=leaid, jurisdiction__usps=usps.upper())
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def may_see_districts(user: Any, jurisdiction: Jurisdiction) -> bool:
    """District detail is for the state's staff (state admins and reviewers)."""
    return any(j.pk == jurisdiction.pk for j in staff_states(user))
