"""The policy tracker API: jurisdictions with their level, state profiles, policy records, export, edits."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from statewide.api.auth import require_user
from statewide.api.errors import ErrorEnvelope
from statewide.api.jobs import JobAccepted, job_accepted
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.api.policy_schemas import (
    JurisdictionOut,
    OverviewOut,
    PolicyGroupOut,
    PolicyOut,
    PolicyTypeOut,
    ProfileOut,
    RelatedIn,
    SimilarOut,
    SourceIn,
    SourceOut,
)
from statewide.core.cache import public_page
from statewide.core.jobs import runs_in_background
from statewide.core.text import MultiLine, SingleLine
from statewide.places.models import Jurisdiction
from statewide.policies import services
from statewide.policies.io import export_csv, export_json, policy_records_import
from statewide.policies.jobs import policy_records_import_enqueue
from statewide.policies.overviews import state_overview
from statewide.policies.selectors import (
    FIRST_FILTER_YEAR,
    LAST_FILTER_YEAR,
    TRACKER_DOMAINS,
    PolicyFilters,
    policy_record_get,
    policy_record_list,
    policy_type_list,
    state_profile,
    state_summaries,
)

router = Router(tags=["policies"])


# ---- schemas ---------------------------------------------------------------------------------------


class AsOfQuery(Schema):
    as_of: dt.date | None = None


class PolicyQuery(Schema):
    jurisdiction: SingleLine | None = None
    type: SingleLine | None = None
    condition: SingleLine | None = None
    status: SingleLine | None = None
    instrument: SingleLine | None = None
    year: int | None = Field(None, ge=FIRST_FILTER_YEAR, le=LAST_FILTER_YEAR, description="In force at some time during this year.")
    as_of: dt.date | None = None
    q: SingleLine | None = None

    def filters(self) -> PolicyFilters:
        def split(v: str | None) -> list[str]:
            return [p.strip() for p in (v or "").split(",") if p.strip()]

        return PolicyFilters(
            jurisdiction=split(self.jurisdiction),
            policy_type=split(self.type),
            condition=split(self.condition),
            status=split(self.status),
            instrument=split(self.instrument),
            year=self.year,
            as_of=self.as_of,
            q=(self.q or "").strip(),
        )


class PolicyPageQuery(PolicyQuery):
    cursor: SingleLine | None = None
    limit: int = 50


class ExportQuery(PolicyQuery):
    format: SingleLine = "csv"


@router.get("/policy-types/", response=list[PolicyTypeOut], summary="The policy-type vocabulary")
@decorate_view(public_page(*TRACKER_DOMAINS))
def list_policy_types(request: HttpRequest) -> list[PolicyTypeOut]:
    """Each type with the framework items it corresponds to, as "<framework slug>/<item code>"."""
    return [
        PolicyTypeOut(code=t.code, name=t.name, description=t.description, items=[f"{i.framework.slug}/{i.code}" for i in t.items.all()])
        for t in policy_type_list()
    ]


# ---- jurisdictions -----------------------------------------------------------------------------------


@router.get("/jurisdictions/", response=list[JurisdictionOut], summary="All 56 jurisdictions with their policy maturity level")
@decorate_view(public_page(*TRACKER_DOMAINS))
def list_jurisdictions(request: HttpRequest, query: Query[AsOfQuery]) -> list[JurisdictionOut]:
    """Every state, DC and territory with USPS and FIPS codes and the maturity level derived from the tracked
    policies in force on `as_of` (default today). `tracked: false` (level `not-tracked`) means no policies
    of the jurisdiction are tracked yet; it never means the jurisdiction has none. Level `unknown` means the
    answer depends on a record whose start date is unknown, before a source first shows it in force."""
    return [JurisdictionOut.of(s) for s in state_summaries(query.as_of)]


@router.get("/jurisdictions/{usps}/", response=ProfileOut, summary="A jurisdiction's policy profile")
@decorate_view(public_page(*TRACKER_DOMAINS))
def get_jurisdiction(request: HttpRequest, usps: str, query: Query[AsOfQuery]) -> ProfileOut:
    """The level (and the rule that produced it), the number of records per policy type and per condition
    with the most recent records of each (`recent`, at most five) and the address of the paginated list of
    all of them (`all_url`), the framework conditions with no tracked policy, and the most similar states.
    Every record of the state: `policies_url` (`/api/v1/policies/?jurisdiction=<USPS>`, cursor-paginated)."""
    try:
        p = state_profile(request.api_user, usps, query.as_of)  # type: ignore[attr-defined]
    except Jurisdiction.DoesNotExist as exc:
        raise Http404 from exc
    base = JurisdictionOut.of(p.summary)
    ov = state_overview(p.summary.usps)
    policies = f"{reverse('api-v1:list_policies')}?jurisdiction={p.summary.usps}"

    def groups(items: list[Any], param: str) -> list[PolicyGroupOut]:
        return [
            PolicyGroupOut(
                code=g.key.code, name=g.key.name, count=g.count, recent=[PolicyOut.of(r) for r in g.recent], all_url=f"{policies}&{param}={g.key.code}"
            )
            for g in items
        ]

    return ProfileOut(
        **base.dict(),
        overview=OverviewOut(text=ov.text, sources=[SourceOut(**s) for s in ov.sources], checked_on=ov.checked_on) if ov else None,
        records_visible=p.total,
        policies_url=policies,
        by_type=groups(p.by_type, "type"),
        by_condition=groups(p.by_condition, "condition"),
        conditions_without_policy=[c.code for c in p.conditions_without_policy],
        similar=[SimilarOut(usps=s.usps, name=s.name, score=score) for s, score in p.similar],
    )


# ---- policies ----------------------------------------------------------------------------------------


@router.get("/policies/", response=CursorPage[PolicyOut], summary="List policy records")
@decorate_view(public_page(*TRACKER_DOMAINS))
def list_policies(request: HttpRequest, query: Query[PolicyPageQuery]) -> dict[str, Any]:
    """Filters (comma-separate several values): `jurisdiction` (USPS), `type` (policy type code),
    `condition` (kw-spf-2019 condition code), `status`, `instrument`, `year` (in force at some time that
    year), `as_of` (YYYY-MM-DD: in force on that date — effective, else enacted, else known-in-force date
    on or before it, and not repealed or expired by then), `q` (words in title, summary, citation)."""
    qs = policy_record_list(request.api_user, query.filters())  # type: ignore[attr-defined]
    rows, next_cursor = cursor_paginate(qs, cursor=query.cursor, limit=query.limit, order_by="pk")
    return {"items": [PolicyOut.of(r) for r in rows], "next_cursor": next_cursor}


@router.get("/policies/export.csv", summary="Export policy records (CSV or JSON, statewide-policies/1)")
@decorate_view(public_page(*TRACKER_DOMAINS))
def export_policies(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    """The records matching the same filters as the list, as CSV (default) or `format=json`."""
    qs = policy_record_list(request.api_user, query.filters()).order_by("jurisdiction__usps", "title", "pk")  # type: ignore[attr-defined]
    if query.format == "json":
        resp = HttpResponse(export_json(qs.iterator(chunk_size=2000)), content_type="application/json")
        resp["Content-Disposition"] = 'attachment; filename="statewide-policies.json"'
        return resp
    resp = HttpResponse(export_csv(qs.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="statewide-policies.csv"'
    return resp


@router.get("/policies/{public_id}/", response=PolicyOut, summary="One policy record")
@decorate_view(public_page(*TRACKER_DOMAINS))
def get_policy(request: HttpRequest, public_id: UUID) -> PolicyOut:
    return PolicyOut.of(policy_record_get(request.api_user, public_id))  # type: ignore[attr-defined]


class PolicyIn(Schema):
    """Fields of statewide-policies/1. On PATCH, omitted fields keep their values."""

    jurisdiction: SingleLine | None = None
    title: SingleLine | None = None
    policy_type: SingleLine | None = None
    instrument: SingleLine | None = None
    bill_number: SingleLine | None = None
    session: SingleLine | None = None
    code_section: SingleLine | None = None
    status: SingleLine | None = None
    introduced_on: SingleLine | None = None
    enacted_on: SingleLine | None = None
    effective_on: SingleLine | None = None
    amended_on: SingleLine | None = None
    ended_on: SingleLine | None = None
    known_in_force_on: SingleLine | None = None
    date_precision: SingleLine | None = None
    conditions: list[SingleLine] | None = None
    summary: MultiLine | None = None
    sources: list[SourceIn] | None = None
    checked_on: SingleLine | None = None
    confirmed: bool | None = None
    related: list[RelatedIn] | None = None
    note: SingleLine = ""
    version: int | None = Field(
        None, ge=0, description="PATCH: the version you read. If the record was saved since, nothing changes and the answer is 409 with what changed."
    )


def _data(body: PolicyIn) -> dict[str, Any]:
    return {k: v for k, v in body.dict(exclude_unset=True).items() if k not in {"note", "version"}}


@router.post("/policies/", response={201: PolicyOut}, summary="Create a policy record (editors; state admins for their state)")
def create_policy(request: HttpRequest, body: PolicyIn) -> Status[PolicyOut]:
    user = require_user(request)
    record = services.policy_record_create(actor=user, data=_data(body), note=body.note)
    return Status(201, PolicyOut.of(policy_record_get(user, record.public_id)))


@router.patch(
    "/policies/{public_id}/", response={200: PolicyOut, 409: ErrorEnvelope}, summary="Change a policy record (send `version` to be told of others' saves)"
)
def update_policy(request: HttpRequest, public_id: UUID, body: PolicyIn) -> PolicyOut:
    user = require_user(request)
    record = policy_record_get(user, public_id, action="change")
    services.policy_record_update(actor=user, record=record, data=_data(body), note=body.note, expected_version=body.version)
    return PolicyOut.of(policy_record_get(user, public_id))


@router.delete("/policies/{public_id}/", response={204: None}, summary="Delete a policy record (its history stays)")
def delete_policy(request: HttpRequest, public_id: UUID) -> Status[None]:
    user = require_user(request)
    services.policy_record_delete(actor=user, record=policy_record_get(user, public_id, action="delete"))
    return Status(204, None)


class PolicyImportOut(Schema):
    created: int
    updated: int
    unchanged: int


@router.post("/policies/import", response={200: PolicyImportOut, 202: JobAccepted}, summary="Import records (CSV or JSON body; all or nothing)")
def import_policies(request: HttpRequest, response: HttpResponse, format: str = "csv") -> Any:
    """Send the file as the request body (`Content-Type: text/csv` or `application/json`). A bad file
    imports nothing; the error's `fields` name every bad row ("line N" for CSV, "record N" for JSON).
    A body over 64 KB is imported in the background: the answer is 202 with the job's `url`
    (`GET /api/v1/jobs/{id}`: progress, then the counts or the same `fields`)."""
    user = require_user(request)
    if runs_in_background(len(request.body)):
        return job_accepted(request, response, policy_records_import_enqueue(actor=user, data=request.body, fmt=format))
    result = policy_records_import(actor=user, data=request.body, fmt=format)
    return PolicyImportOut(created=result.created, updated=result.updated, unchanged=result.unchanged)
