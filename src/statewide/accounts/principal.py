"""What a user may act as: their roles resolved once per request into sets the policies use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from statewide.accounts.models import Membership, Role


@dataclass(frozen=True)
class Principal:
    user_id: int | None = None
    is_operator: bool = False
    is_content_editor: bool = False
    # USPS codes of the states where the user holds a state-agency role.
    admin_states: frozenset[str] = field(default_factory=frozenset)
    reviewer_states: frozenset[str] = field(default_factory=frozenset)
    # Organisation ids (database keys, never shown) by role.
    lead_orgs: frozenset[int] = field(default_factory=frozenset)
    member_orgs: frozenset[int] = field(default_factory=frozenset)
    member_states: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def state_staff_states(self) -> frozenset[str]:
        return self.admin_states | self.reviewer_states


ANONYMOUS = Principal()
_CACHE_ATTR = "_statewide_principal"


def principal_of(user: Any) -> Principal:
    """The principal for a user (cached on the user object: one query per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    admin, reviewer, member_states = set(), set(), set()
    lead, member = set(), set()
    content_editor = False
    memberships = Membership.objects.filter(user_id=user.pk).select_related("organisation__jurisdiction")
    for m in memberships:
        if m.role == Role.CONTENT_EDITOR:
            content_editor = True
            continue
        org = m.organisation
        if org is None:  # the check constraint allows this only for content editors
            continue
        member.add(org.pk)
        usps = org.jurisdiction.usps if org.jurisdiction else ""
        if usps:
            member_states.add(usps)
        if m.role == Role.STATE_ADMIN:
            admin.add(usps)
        elif m.role == Role.STATE_REVIEWER:
            reviewer.add(usps)
        elif m.role == Role.DISTRICT_LEAD:
            lead.add(org.pk)
    principal = Principal(
        user_id=user.pk,
        is_operator=bool(user.is_superuser),
        is_content_editor=content_editor or bool(user.is_superuser),
        admin_states=frozenset(admin),
        reviewer_states=frozenset(reviewer),
        lead_orgs=frozenset(lead),
        member_orgs=frozenset(member),
        member_states=frozenset(member_states),
    )
    setattr(user, _CACHE_ATTR, principal)
    return principal


def forget_principal(user: Any) -> None:
    """Drop the cached principal after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
