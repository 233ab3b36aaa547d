"""Permission rules of the policy tracker, written once.

Everyone may view policy records. Content editors and operators change any state's records;
a state admin changes only the records of their own states (`Principal.admin_states`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from statewide.accounts.policies import EVERYONE, NOBODY, Policy
from statewide.accounts.principal import Principal, principal_of
from statewide.policies.models import Follow, LevelOverride, PolicyRecord, PolicyType


def _editors(p: Principal, state_field: str) -> Q:
    if p.is_operator or p.is_content_editor:
        return EVERYONE
    if not p.admin_states:
        return NOBODY
    return Q(**{f"{state_field}__in": p.admin_states})


def _editors_only(p: Principal) -> Q:
    return EVERYONE if (p.is_operator or p.is_content_editor) else NOBODY


policy_record_policy: Policy[PolicyRecord] = Policy(
    PolicyRecord,
    {
        "view": lambda p: EVERYONE,
        "change": lambda p: _editors(p, "jurisdiction__usps"),
        "delete": lambda p: _editors(p, "jurisdiction__usps"),
    },
)

policy_type_policy: Policy[PolicyType] = Policy(PolicyType, {"view": lambda p: EVERYONE, "change": _editors_only})

level_override_policy: Policy[LevelOverride] = Policy(LevelOverride, {"view": lambda p: EVERYONE, "change": _editors_only})

follow_policy: Policy[Follow] = Policy(
    Follow,
    {
        "view": lambda p: Q(user_id=p.user_id) if p.is_authenticated else NOBODY,
        "delete": lambda p: Q(user_id=p.user_id) if p.is_authenticated else NOBODY,
    },
)


def can_edit_state(user: Any, usps: str) -> bool:
    """May this user create or change records of this state? (The rule for objects that do not exist yet.)"""
    p = principal_of(user)
    return p.is_operator or p.is_content_editor or usps in p.admin_states


def can_override_level(user: Any) -> bool:
    p = principal_of(user)
    return p.is_operator or p.is_content_editor
