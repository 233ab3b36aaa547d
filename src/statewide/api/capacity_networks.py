"""API of the capacity module's peer networks: create and edit (the state's admins), the application
round with its dates, and districts applying (the same services and the same refusal as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from statewide.api.auth import require_user
from statewide.api.capacity import _district, _state_or_404
from statewide.api.errors import ErrorEnvelope, ExpectedVersion
from statewide.capacity import selectors, services
from statewide.capacity.permissions import network_policy
from statewide.core.text import MultiLine, SingleLine

router = Router(tags=["capacity"])


class NetworkIn(Schema):
    title: SingleLine
    purpose: MultiLine = ""
    cap: int
    domains: list[SingleLine] = []
    applications_open_on: dt.date | None = Field(None, description="First day districts may apply (null: at once).")
    applications_close_on: dt.date | None = Field(None, description="Last day districts may apply (null: no closing date).")


class NetworkOut(Schema):
    id: UUID
    state: str
    title: str
    purpose: str
    cap: int
    members: int
    applications_open: bool  # the state's switch
    applications_open_on: dt.date | None
    applications_close_on: dt.date | None
    # Today: "open", "not_yet" (opens later), "ended" (past its closing date) or "closed" (switched off).
    application_status: str
    version: int

    @staticmethod
    def of(n: Any) -> NetworkOut:
        return NetworkOut(
            applications_open_on=n.applications_open_on,
            applications_close_on=n.applications_close_on,
            application_status=n.application_status(timezone.localdate()),
            id=n.public_id,
            state=n.jurisdiction.usps,
            title=n.title,
            purpose=n.purpose,
            cap=n.cap,
            members=n.member_count,
            applications_open=n.applications_open,
            version=n.version,
        )


@router.post("/capacity/states/{usps}/networks", response={201: NetworkOut}, summary="Create a peer network (the state's admins)")
def network_create(request: HttpRequest, usps: str, body: NetworkIn) -> Status:
    user = require_user(request)
    n = services.network_create(
        actor=user, jurisdiction=_state_or_404(usps), title=body.title, purpose=body.purpose, cap=body.cap, domains=list(body.domains),
        applications_open_on=body.applications_open_on, applications_close_on=body.applications_close_on,
    )  # fmt: skip
    return Status(201, NetworkOut.of(n))


class NetworkUpdateIn(NetworkIn):
    applications_open: bool = True
    version: ExpectedVersion = None


def _network_managed(request: HttpRequest, network_id: UUID) -> tuple[Any, Any]:
    user = require_user(request)
    network = selectors.network_get(network_id)
    network_policy.require(user, "manage", network)
    return user, network


@router.put(
    "/capacity/networks/{network_id}",
    response={200: NetworkOut, 409: ErrorEnvelope},
    summary="Edit a peer network (the state's admins; every field is replaced)",
)
def network_update(request: HttpRequest, network_id: UUID, body: NetworkUpdateIn) -> NetworkOut:
    user, network = _network_managed(request, network_id)
    n = services.network_update(
        actor=user, network=network, title=body.title, purpose=body.purpose, cap=body.cap, domains=list(body.domains), applications_open=body.applications_open,
        applications_open_on=body.applications_open_on, applications_close_on=body.applications_close_on, expected_version=body.version,
    )  # fmt: skip
    return NetworkOut.of(n)


@router.post("/capacity/networks/{network_id}/close-applications", response=NetworkOut, summary="Close a network's application round (the state's admins)")
def network_applications_close(request: HttpRequest, network_id: UUID) -> NetworkOut:
    user, network = _network_managed(request, network_id)
    return NetworkOut.of(services.network_applications_set(actor=user, network=network, open=False))


class NetworkApplicationIn(Schema):
    district: SingleLine = Field(description="The applying district's NCES LEAID (a district where the caller holds a role).")
    statement: MultiLine = ""


class NetworkApplicationOut(Schema):
    network: UUID
    district: str
    status: str  # applied (or the status it already had)


@router.post(
    "/capacity/networks/{network_id}/applications",
    response={201: NetworkApplicationOut},
    summary="A district applies to a network (its members; within the round's dates)",
)
def network_apply(request: HttpRequest, network_id: UUID, body: NetworkApplicationIn) -> Status:
    """Refused with 400 and `fields.network` outside the application round ("Applications to this network open on …")."""
    user = require_user(request)
    network = selectors.network_get(network_id)
    member = services.network_apply(actor=user, network=network, district=_district(body.district), statement=body.statement)
    return Status(201, NetworkApplicationOut(network=network.public_id, district=member.district.nces_leaid or "", status=member.status))
