"""Who may see and run self-assessment campaigns (written once, used by lists, pages, exports and the API)."""

from __future__ import annotations

from django.db.models import Q

from statewide.accounts.policies import EVERYONE, NOBODY, Policy
from statewide.accounts.principal import Principal
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


campaign_policy: Policy[Campaign] = Policy(
    Campaign,
    {
        # Results, exports, the meeting record and the roadmap: the state's admins and reviewers, operators.
        "view": _state_staff,
        # Creating, opening/closing, inviting, the consensus meeting and the roadmap: the state's admins, operators.
        "manage": _state_admin,
    },
)
