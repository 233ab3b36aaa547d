"""Micro-credentials: verification of any credential, and lists of issued ones."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from statewide.api.auth import require_user
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.core.text import SingleLine
from statewide.credentials import documents, selectors

router = Router(tags=["credentials"])
MAX_JWT = 200_000


class VerifyIn(Schema):
    credential: dict[str, Any] | SingleLine  # a credential as JSON, or a compact VC-JWT


class CheckOut(Schema):
    check: str
    passed: bool
    message: str


class IssuerOut(Schema):
    id: str | None
    name: str | None


class VerdictOut(Schema):
    status: Literal["verified", "revoked", "suspended", "expired", "not_yet_valid", "tampered", "invalid"]
    verified: bool
    format: str
    issuer: IssuerOut
    checks: list[CheckOut]
    warnings: list[str]


@router.post("/credentials/verify", response=VerdictOut, summary="Verify a credential", auth=None)
def verify_credential(request: HttpRequest, body: VerifyIn) -> dict[str, Any]:
    """Verify an Open Badges 3.0 / VC 2.0 credential given as a JSON object or a compact JWT. The
    answer lists every check (JSON-LD, schema, signature, validity period, status) with its result;
    `status` says verified, revoked, suspended, expired, not_yet_valid, tampered or invalid."""
    if isinstance(body.credential, str) and len(body.credential) > MAX_JWT:
        raise HttpError(413, "The credential is too large.")
    return selectors.credential_verify(body.credential).as_dict()


class CredentialOut(Schema):
    id: str
    name: str
    issuer: str
    recipient: str | None
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    revoked: bool
    suspended: bool
    url: str


class CredentialQuery(Schema):
    status: Literal["revoked", "expired", "active"] | None = None
    mine: bool = False
    cursor: SingleLine | None = None
    limit: int = 50


@router.get("/credentials", response=CursorPage[CredentialOut], summary="Issued credentials")
def list_credentials(request: HttpRequest, query: Query[CredentialQuery]) -> dict[str, Any]:
    """Credentials you may list (your own; a state admin: those of the state's issuers), newest
    first. `status=revoked|expired|active` filters; `mine=true` keeps only your own."""
    user = require_user(request)
    filters: dict[str, Any] = {
        "revoked": {"revoked": True},
        "expired": {"expired": True},
        "active": {"revoked": False, "expired": False},
    }.get(query.status or "", {})
    qs = selectors.credential_list(user, mine=query.mine, **filters)
    rows, next_cursor = cursor_paginate(qs, cursor=query.cursor, limit=query.limit, order_by="-valid_from")
    items = [
        CredentialOut(
            id=str(c.public_id),
            name=c.name,
            issuer=c.issuer.name,
            recipient=(c.recipient.full_name or None) if c.recipient else (c.recipient_org.name if c.recipient_org else None),
            valid_from=c.valid_from,
            valid_until=c.valid_until,
            revoked=c.revoked_at is not None,
            suspended=c.suspended_at is not None,
            url=documents.credential_url(c.public_id),
        )
        for c in rows
    ]
    return {"items": items, "next_cursor": next_cursor}
