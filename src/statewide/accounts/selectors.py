"""Reads for people, roles and the audit trail. Every list goes through a policy filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from statewide.accounts.models import ApiToken, Membership
from statewide.accounts.permissions import api_token_policy, audit_event_policy, membership_policy
from statewide.core.models import AuditEvent
from statewide.core.permissions import Principal, principal_of
from statewide.places.models import Organisation


def organisation_members(user: Any, organisation: Organisation) -> QuerySet[Membership]:
    return membership_policy.filter(user).filter(organisation=organisation).select_related("user").order_by("user__email", "role")


def user_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation__jurisdiction").order_by("role")


def user_api_tokens(user: Any) -> QuerySet[ApiToken]:
    return api_token_policy.filter(user).filter(revoked_at__isnull=True)


@dataclass(frozen=True)
class AuditFilters:
    state: str = ""
    action: str = ""
    actor: str = ""
    object_type: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def audit_event_list(user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    qs = audit_event_policy.filter(user)
    if filters.state:
        qs = qs.filter(scope_state=filters.state.upper())
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.since:
        qs = qs.filter(occurred_at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(occurred_at__date__lte=filters.until)
    return qs


def user_roles(user: Any) -> Principal:
    """The roles a user holds, to choose the sections of their "My work" page (navigation, not
    permission: every list on that page still reads through its own policy-filtered selector)."""
    return principal_of(user)
