"""Who may see and change jurisdictions and organizations (written once)."""

from __future__ import annotations

from django.db.models import Q

from statewide.core.permissions import ANYWHERE, EVERYONE, Creatable, Policy, Principal, in_states, operator_or, org_private
from statewide.places.models import Jurisdiction, Organisation, StateDisclosure


def _state_admins_create(p: Principal) -> Creatable:
    return ANYWHERE if p.is_operator else in_states(p.admin_states)


jurisdiction_policy: Policy[Jurisdiction] = Policy(Jurisdiction, {"view": lambda p: EVERYONE})

organisation_policy: Policy[Organisation] = Policy(
    Organisation,
    {
        # The directory of agencies, districts and partners is public information.
        "view": lambda p: EVERYONE,
        # Member lists are private to the organization, its state's admins and operators.
        "view_members": lambda p: org_private(p, org_field="pk", state_field="jurisdiction__usps"),
        # Granting and revoking roles: the state's admins (and operators).
        "manage_members": lambda p: operator_or(p, Q(jurisdiction__usps__in=p.admin_states)),
        "change": lambda p: operator_or(p, Q(jurisdiction__usps__in=p.admin_states)),
    },
    # Adding organizations (the NCES district import): the state's admins, operators.
    create=_state_admins_create,
)

# A state's minimum n for showing counts (statewide.core.disclosure): public to read, its admins set it.
disclosure_policy: Policy[StateDisclosure] = Policy(
    StateDisclosure,
    {"view": lambda p: EVERYONE, "change": lambda p: operator_or(p, Q(jurisdiction__usps__in=p.admin_states))},
    create=_state_admins_create,
)
