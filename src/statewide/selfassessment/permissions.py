"""Who may see and run self-assessment campaigns (written once, used by lists, pages, exports and the API)."""

from __future__ import annotations

from django.db.models import Q

from statewide.core.permissions import ANYWHERE, EVERYONE, NOBODY, Creatable, Policy, Principal, in_states
from statewide.selfassessment.models import Campaign


def _state_staff(p: Principal) -> Q:
    if p.is_operator:
        return EVERYONE
    states = p.state_staff_states
    return Q(jurisdiction__usps__in=states) if states else NOBODY


def _state_admin(p: Principal) -> Q:
    if p.is_operator:
        return EVERYONE
    return Q(jurisdiction__usps__in=p.admin_states) if p.admin_states else NOBODY


def _state_admin_create(p: Principal) -> Creatable:
    return ANYWHERE if p.is_operator else in_states(p.admin_states)


campaign_policy: Policy[Campaign] = Policy(
    Campaign,
    {
        # Results, exports, the meeting record and the roadmap: the state's admins and reviewers, operators.
        "view": _state_staff,
        # Opening/closing, inviting, the consensus meeting and the roadmap: the state's admins, operators.
        "manage": _state_admin,
    },
    # Creating a campaign for a state: that state's admins, operators.
    create=_state_admin_create,
)
