"""How a user's roles become a `Principal` (registered with `statewide.core.permissions` at start-up)."""

from __future__ import annotations

from typing import Any

from statewide.accounts.models import Membership, Role
from statewide.core.permissions import Principal


def resolve_principal(user: Any) -> Principal:
    """The principal of a signed-in, active user: one query over their memberships."""
    admin, reviewer, member_states = set(), set(), set()
    lead, member, assessor = set(), set(), set()
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
        elif m.role == Role.ASSESSOR and usps:
            assessor.add(usps)
    return Principal(
        user_id=user.pk,
        is_operator=bool(user.is_superuser),
        is_content_editor=content_editor or bool(user.is_superuser),
        admin_states=frozenset(admin),
        reviewer_states=frozenset(reviewer),
        lead_orgs=frozenset(lead),
        member_orgs=frozenset(member),
        member_states=frozenset(member_states),
        assessor_states=frozenset(assessor),
    )
