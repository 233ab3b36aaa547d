"""Who may see and change people, roles, API tokens and the audit trail (written once)."""

from __future__ import annotations

from django.db.models import Q

from statewide.accounts.models import ApiToken, Membership, User
from statewide.core.models import AuditEvent
from statewide.core.permissions import ANYWHERE, NOBODY, Creatable, Policy, Principal, in_states, operator_or


def _state_admins_create(p: Principal) -> Creatable:
    return ANYWHERE if p.is_operator else in_states(p.admin_states)


user_policy: Policy[User] = Policy(
    User,
    # A person changes their own name (an e-mail change needs the sign-in flow, not this).
    {"view": lambda p: operator_or(p, Q(pk=p.user_id)), "change": lambda p: operator_or(p, Q(pk=p.user_id))},
    # Accounts: operators anywhere (and operator accounts only they); state admins invite people to their states.
    create=_state_admins_create,
)

membership_policy: Policy[Membership] = Policy(
    Membership,
    {
        "view": lambda p: operator_or(
            p,
            Q(user_id=p.user_id) | Q(organisation_id__in=p.member_orgs) | Q(organisation__jurisdiction__usps__in=p.admin_states),
        ),
        "revoke": lambda p: operator_or(p, Q(organisation__jurisdiction__usps__in=p.admin_states) & ~Q(role="content_editor")),
    },
    # Granting roles: in their states' organizations for state admins; platform-wide roles only operators.
    create=_state_admins_create,
)

api_token_policy: Policy[ApiToken] = Policy(
    ApiToken,
    {
        "view": lambda p: Q(user_id=p.user_id) if p.is_authenticated else NOBODY,
        "revoke": lambda p: Q(user_id=p.user_id) if p.is_authenticated else NOBODY,
    },
)

audit_event_policy: Policy[AuditEvent] = Policy(
    AuditEvent,
    {"view": lambda p: operator_or(p, Q(scope_state__in=p.admin_states) if p.admin_states else NOBODY)},
)
