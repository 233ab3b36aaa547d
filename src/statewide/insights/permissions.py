"""Who may see what of the insights (written once): state-level figures are public; district detail
(comparison districts) is for the state's staff (admins and reviewers) and operators."""

from __future__ import annotations

from django.db.models import Q

from statewide.core.permissions import EVERYONE, Policy, operator_or
from statewide.places.models import Jurisdiction

insights_policy: Policy[Jurisdiction] = Policy(
    Jurisdiction,
    {
        "view": lambda p: EVERYONE,
        "view_districts": lambda p: operator_or(p, Q(usps__in=p.admin_states | p.reviewer_states)),
    },
)
