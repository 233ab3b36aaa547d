"""API of the capacity module's resource library: content editors add, edit and withdraw resources
(the same services as the pages: `resource_create`, `resource_update`, `resource_withdraw`)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status

from statewide.api.auth import require_user
from statewide.api.errors import ErrorEnvelope, ExpectedVersion
from statewide.capacity import services
from statewide.capacity.models import Resource
from statewide.capacity.permissions import resource_policy
from statewide.core.permissions import access
from statewide.core.text import MultiLine, SingleLine

router = Router(tags=["capacity"])


class ResourceIn(Schema):
    title: SingleLine
    kind: SingleLine
    url: SingleLine
    summary: MultiLine = ""
    domains: list[SingleLine] = []
    tiers: list[SingleLine] = []
    audience: SingleLine = ""
    source: SingleLine
    published: SingleLine = ""


class ResourceEditIn(ResourceIn):
    version: ExpectedVersion = None


class ResourceOut(Schema):
    id: UUID
    title: str
    kind: str
    url: str
    summary: str
    domains: list[str]
    tiers: list[str]
    audience: str
    source: str
    published: str  # as the source gives it; "" when the source gives no date (unknown)
    checked_on: dt.date
    withdrawn_on: dt.date | None  # withdrawn from the public library on this day; null while listed
    version: int

    @staticmethod
    def of(r: Resource) -> ResourceOut:
        return ResourceOut(
            id=r.public_id, title=r.title, kind=r.kind, url=r.url, summary=r.summary, domains=r.domains, tiers=r.tiers, audience=r.audience,
            source=r.source, published=r.published, checked_on=r.checked_on, withdrawn_on=r.withdrawn_on, version=r.version,
        )  # fmt: skip


@router.post("/capacity/resources", response={201: ResourceOut}, summary="Add a resource to the library (content editors)")
def resource_create(request: HttpRequest, body: ResourceIn) -> Status:
    user = require_user(request)
    return Status(201, ResourceOut.of(services.resource_create(actor=user, **body.dict())))


@router.get("/capacity/resources/{resource_id}", response=ResourceOut, summary="One resource of the library (withdrawn ones: content editors only)")
def resource_detail(request: HttpRequest, resource_id: UUID) -> ResourceOut:
    return ResourceOut.of(access(resource_policy, request.api_user, public_id=resource_id))  # type: ignore[attr-defined]


@router.put(
    "/capacity/resources/{resource_id}",
    response={200: ResourceOut, 409: ErrorEnvelope},
    summary="Edit a resource (content editors; every field is replaced; checked today)",
)
def resource_update(request: HttpRequest, resource_id: UUID, body: ResourceEditIn) -> ResourceOut:
    user = require_user(request)
    resource = access(resource_policy, user, action="change", public_id=resource_id)
    values = body.dict()
    return ResourceOut.of(services.resource_update(actor=user, resource=resource, expected_version=values.pop("version"), **values))


@router.post("/capacity/resources/{resource_id}/withdraw", response=ResourceOut, summary="Withdraw a resource from the public library (content editors)")
def resource_withdraw(request: HttpRequest, resource_id: UUID) -> ResourceOut:
    user = require_user(request)
    resource = access(resource_policy, user, action="change", public_id=resource_id)
    return ResourceOut.of(services.resource_withdraw(actor=user, resource=resource))
