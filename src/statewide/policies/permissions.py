"""Permission rules of the policy tracker, written once.

Everyone may view policy records. Content editors and operators create and change any state's
records; a state admin creates and changes only the records of their own states
(`Principal.admin_states`). Policy types and level overrides are the content editors'.
"""

from __future__ import annotations

from django.db.models import Q

from statewide.core.permissions import ANYWHERE, EVERYONE, NOBODY, NOWHERE, Creatable, Policy, Principal, editors, editors_anywhere, in_states
from statewide.policies.models import DigestState, Follow, LevelOverride, PolicyRecord, PolicyType


def _state_editors(p: Principal) -> Q:
    if p.is_operator or p.is_content_editor:
        return EVERYONE
    if not p.admin_states:
        return NOBODY
    return Q(jurisdiction__usps__in=p.admin_states)


def _state_editors_create(p: Principal) -> Creatable:
    if p.is_operator or p.is_content_editor:
        return ANYWHERE
    return in_states(p.admin_states)


def _own(p: Principal) -> Q:
    return Q(user_id=p.user_id) if p.is_authenticated else NOBODY


policy_record_policy: Policy[PolicyRecord] = Policy(
    PolicyRecord,
    {"view": lambda p: EVERYONE, "change": _state_editors, "delete": _state_editors},
    create=_state_editors_create,
)

policy_type_policy: Policy[PolicyType] = Policy(PolicyType, {"view": lambda p: EVERYONE, "change": editors}, create=editors_anywhere)

level_override_policy: Policy[LevelOverride] = Policy(LevelOverride, {"view": lambda p: EVERYONE, "change": editors}, create=editors_anywhere)

follow_policy: Policy[Follow] = Policy(
    Follow,
    {"view": _own, "delete": _own},
    # Any signed-in person may follow a state or a policy type.
    create=lambda p: ANYWHERE if p.is_authenticated else NOWHERE,
)

digest_policy: Policy[DigestState] = Policy(
    DigestState,
    {"view": _own},
    # Sending the digests (which records when each was sent): the system's command, or an operator.
    create=lambda p: ANYWHERE if p.is_operator else NOWHERE,
)
