"""Reads of the insights pages: which states have data, a state or district by its public id, and
whether a user may see a district's detail (state staff of its state)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from statewide.capacity import stats as capacity_stats
from statewide.capacity.selectors import staff_states
from statewide.core.cache import cached_by_version
from statewide.credentials import growth
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind
from statewide.policies import stats as policy_stats
from statewide.programs import stats as program_stats
from statewide.selfassessment.selectors import states_with_agreed_positions

DATA_DOMAINS = ("selfassessment", "policies", "capacity", "programs", "credentials", "places", "accounts", "frameworks")


def _states_with_data() -> list[tuple[str, str]]:
    usps = states_with_agreed_positions() | policy_stats.states() | capacity_stats.states() | program_stats.states() | growth.states()
    return list(Jurisdiction.objects.filter(usps__in=usps).order_by("name").values_list("usps", "name"))


def states_with_data() -> list[tuple[str, str]]:
    """(USPS, name) of the states with data in at least one module, by name (cached by version)."""
    return cached_by_version("insights.states", DATA_DOMAINS, _states_with_data)


def jurisdiction_get(usps: str) -> Jurisdiction:
    try:
        return Jurisdiction.objects.get(usps=usps.upper())
    except Jurisdiction.DoesNotExist as exc:
        raise Http404 from exc


def district_get(usps: str, leaid: str) -> Organisation:
    try:
        return Organisation.objects.select_related("jurisdiction").get(kind=OrganisationKind.DISTRICT, nces_leaid=leaid, jurisdiction__usps=usps.upper())
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def may_see_districts(user: Any, jurisdiction: Jurisdiction) -> bool:
    """District detail is for the state's staff (state admins and reviewers)."""
    return any(j.pk == jurisdiction.pk for j in staff_states(user))
