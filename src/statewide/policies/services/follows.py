"""Follow a state and/or a policy type (signed-in users), for the e-mail digest."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.places.models import Jurisdiction
from statewide.policies.models import Follow, PolicyType
from statewide.policies.permissions import follow_policy


def follow_create(*, actor: Actor, usps: str | None = None, policy_type: str | None = None) -> Follow:
    """Follow a state (USPS), a policy type (code), both, or neither (every change). Idempotent."""
    follow_policy.require_create(actor)
    user = actor_user(actor)
    if user is None:  # a follow belongs to a person
        raise PermissionDenied
    jurisdiction = None
    if usps:
        jurisdiction = Jurisdiction.objects.filter(usps=usps.upper()).first()
        if jurisdiction is None:
            raise ApplicationError(_("Unknown state."), fields={"jurisdiction": [_("Unknown state or territory code.")]})
    ptype = None
    if policy_type:
        ptype = PolicyType.objects.filter(code=policy_type).first()
        if ptype is None:
            raise ApplicationError(_("Unknown policy type."), fields={"policy_type": [_("Unknown policy type.")]})
    with transaction.atomic():
        existing = Follow.objects.filter(user=user, jurisdiction=jurisdiction, policy_type=ptype).first()
        if existing:
            return existing
        follow = Follow.objects.create(user=user, jurisdiction=jurisdiction, policy_type=ptype)
        audit_record(
            actor=actor,
            action="policy_follow.create",
            obj=follow,
            after={"jurisdiction": usps or "", "policy_type": policy_type or ""},
            scope_state=jurisdiction.usps if jurisdiction else "",
        )
    return follow


def follow_delete(*, actor: Actor, follow: Follow) -> None:
    follow_policy.require(actor, "delete", follow)
    with transaction.atomic():
        before = {"jurisdiction": follow.jurisdiction.usps if follow.jurisdiction else "", "policy_type": follow.policy_type.code if follow.policy_type else ""}
        audit_record(actor=actor, action="policy_follow.delete", obj=follow, before=before, scope_state=before["jurisdiction"])
        follow.delete()
