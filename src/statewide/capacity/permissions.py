"""Who may see and do what in the local-capacity module (written once; pages, exports, services and the API ask these)."""

from __future__ import annotations

from django.db.models import Q

from statewide.capacity.models import Network, ReadinessRound, Resource, Support, TaRequest, TierScheme
from statewide.core.permissions import ANYWHERE, EVERYONE, NOBODY, Creatable, Policy, Principal, editors, editors_anywhere, in_states
from statewide.places.models import Jurisdiction


def _district_private(p: Principal, *, district: str = "district") -> Q:
    """A district's private records: its members, its state's admins and reviewers, operators."""
    if p.is_operator:
        return EVERYONE
    if not p.is_authenticated:
        return NOBODY
    return Q(**{f"{district}_id__in": p.member_orgs}) | Q(**{f"{district}__jurisdiction__usps__in": p.state_staff_states})


def _district_lead(p: Principal) -> Q:
    if p.is_operator:
        return EVERYONE
    return Q(district_id__in=p.lead_orgs) if p.lead_orgs else NOBODY


def _state_admin(p: Principal, field: str = "district__jurisdiction__usps") -> Q:
    if p.is_operator:
        return EVERYONE
    return Q(**{f"{field}__in": p.admin_states}) if p.admin_states else NOBODY


def _state_staff(p: Principal, field: str = "district__jurisdiction__usps") -> Q:
    if p.is_operator:
        return EVERYONE
    return Q(**{f"{field}__in": p.state_staff_states}) if p.state_staff_states else NOBODY


def _leads_and_admins_create(p: Principal) -> Creatable:
    if p.is_operator:
        return ANYWHERE
    return Creatable(states=frozenset(p.admin_states), orgs=frozenset(p.lead_orgs))


def _state_admins_create(p: Principal) -> Creatable:
    return ANYWHERE if p.is_operator else in_states(p.admin_states)


def _district_members_create(p: Principal) -> Creatable:
    if p.is_operator:
        return ANYWHERE
    return Creatable(orgs=frozenset(p.member_orgs)) if p.is_authenticated else Creatable()


round_policy: Policy[ReadinessRound] = Policy(
    ReadinessRound,
    {
        # Answers, scores and reports: the district's members, its state's staff, operators.
        "view": _district_private,
        # Answering: the team the lead invited (and the lead), while the round is open.
        "answer": lambda p: EVERYONE if p.is_operator else (Q(team__user_id=p.user_id) | Q(district_id__in=p.lead_orgs)) if p.is_authenticated else NOBODY,
        # Inviting the team, reviewing and submitting: the district lead.
        "submit": _district_lead,
    },
    # Opening a round: the district's lead or the state's admins.
    create=_leads_and_admins_create,
)

support_policy: Policy[Support] = Policy(
    Support,
    {
        # The supports catalog is public.
        "view": lambda p: EVERYONE,
        # Editing and the demand per support: the state's admins (demand also the state's reviewers).
        "change": lambda p: _state_admin(p, "jurisdiction__usps"),
        "view_demand": lambda p: _state_staff(p, "jurisdiction__usps"),
    },
    create=_state_admins_create,
)

ta_policy: Policy[TaRequest] = Policy(
    TaRequest,
    {
        "view": _district_private,
        # Triage, assignment, notes and closing: the state's admins and reviewers (the specialists).
        "manage": _state_staff,
    },
    # Requesting TA: the district's members.
    create=_district_members_create,
)

tier_scheme_policy: Policy[TierScheme] = Policy(
    TierScheme,
    {"view": lambda p: EVERYONE, "change": lambda p: _state_admin(p, "jurisdiction__usps")},
    create=_state_admins_create,
)

network_policy: Policy[Network] = Policy(
    Network,
    {
        # Networks, their purpose, members and convenings are public (the state's program).
        "view": lambda p: EVERYONE,
        # Selecting members, convenings and attendance: the state's admins.
        "manage": lambda p: _state_admin(p, "jurisdiction__usps"),
    },
    create=_state_admins_create,
)

resource_policy: Policy[Resource] = Policy(
    Resource,
    # The library is public; content editors curate it and still see what they withdrew (to correct it).
    {"view": lambda p: EVERYONE if (p.is_content_editor or p.is_operator) else Q(withdrawn_on__isnull=True), "change": editors},
    create=editors_anywhere,
)

state_export_policy: Policy[Jurisdiction] = Policy(
    Jurisdiction,
    # A state's CSV/XLSX exports (every round, supports with demand, TA requests): its staff, operators.
    {"export": lambda p: _state_staff(p, "usps")},
)
