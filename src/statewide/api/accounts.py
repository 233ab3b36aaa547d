"""The caller, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from statewide.accounts.permissions import api_token_policy
from statewide.accounts.selectors import AuditFilters, audit_event_list, user_memberships
from statewide.accounts.services import api_token_revoke
from statewide.api.auth import require_user
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.core.permissions import access
from statewide.core.text import SingleLine

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    role: str
    organisation: str | None
    organisation_id: str | None
    state: str | None


class MeOut(Schema):
    email: str
    full_name: str
    is_operator: bool
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="The signed-in caller")
def me(request: HttpRequest) -> dict[str, Any]:
    user = require_user(request)
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_operator": user.is_superuser,
        "memberships": [
            {
                "role": m.role,
                "organisation": m.organisation.name if m.organisation else None,
                "organisation_id": str(m.organisation.public_id) if m.organisation else None,
                "state": m.organisation.jurisdiction.usps if m.organisation and m.organisation.jurisdiction else None,
            }
            for m in user_memberships(user)
        ],
    }


class AuditEventOut(Schema):
    occurred_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object: str
    state: str
    before: Any = None
    after: Any = None
    request_id: str


class AuditQuery(Schema):
    state: SingleLine | None = None
    action: SingleLine | None = None
    actor: SingleLine | None = None
    object_type: SingleLine | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    cursor: SingleLine | None = None
    limit: int = 50


@router.get("/audit-events/", response=CursorPage[AuditEventOut], summary="Audit trail (state admins: their state; operators: all)")
def audit_events(request: HttpRequest, query: Query[AuditQuery]) -> dict[str, Any]:
    user = require_user(request)
    filters = AuditFilters(
        state=query.state or "", action=query.action or "", actor=query.actor or "", object_type=query.object_type or "", since=query.since, until=query.until
    )
    rows, next_cursor = cursor_paginate(audit_event_list(user, filters), cursor=query.cursor, limit=query.limit, order_by="-pk")
    return {
        "items": [
            {
                "occurred_at": e.occurred_at,
                "actor": e.actor_label,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "object": e.object_repr,
                "state": e.scope_state,
                "before": e.before,
                "after": e.after,
                "request_id": e.request_id,
            }
            for e in rows
        ],
        "next_cursor": next_cursor,
    }


@router.delete("/tokens/{public_id}", response={204: None}, summary="Revoke one of your API tokens")
def revoke_token(request: HttpRequest, public_id: UUID) -> Status[None]:
    """Revoke a token (for example one that leaked). Session callers must send the CSRF token."""
    user = require_user(request)
    token = access(api_token_policy, user, action="revoke", public_id=public_id)
    api_token_revoke(actor=user, token=token)
    return Status(204, None)
