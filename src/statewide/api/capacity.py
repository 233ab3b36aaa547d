"""API of the local-capacity module: the readiness instrument (JSON and its XLSForm), offline submissions,
district rounds, supports (matched, with reasons) and technical-assistance requests."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from statewide.api.auth import require_user
from statewide.api.errors import ErrorEnvelope, ExpectedVersion
from statewide.api.jobs import JobAccepted, job_accepted
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.capacity import selectors, services
from statewide.capacity.permissions import support_policy
from statewide.capacity.xlsform import xlsform_bytes
from statewide.core.cache import public_page
from statewide.core.errors import ApplicationError
from statewide.core.permissions import access
from statewide.core.text import MultiLine, SingleLine
from statewide.places.models import Organisation
from statewide.places.selectors import jurisdictions_with_districts

router = Router(tags=["capacity"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReadinessInstrumentOut(Schema):
    slug: str
    version: int
    title: str
    authorship: str
    xlsform_url: str = Field(description="Stable download URL of the XLSForm (operation readiness_instrument_xlsform).")
    definition: dict[str, Any]


@router.get("/capacity/readiness-instrument", response={200: ReadinessInstrumentOut, 404: ErrorEnvelope}, summary="The readiness instrument (Statewide's own)")
@decorate_view(public_page("capacity", daily=False))
def readiness_instrument(request: HttpRequest) -> ReadinessInstrumentOut:
    instrument = selectors.instrument_current()
    d = instrument.definition
    url = request.build_absolute_uri("/api/v1/capacity/readiness-instrument.xlsx")
    return ReadinessInstrumentOut(
        slug=instrument.slug, version=instrument.version, title=instrument.title, authorship=d["authorship"], xlsform_url=url, definition=d
    )


@router.get(
    "/capacity/readiness-instrument.xlsx",
    summary="The readiness instrument as an XLSForm (ODK Collect, KoboToolbox)",
    operation_id="readiness_instrument_xlsform",
    openapi_extra={
        "responses": {
            200: {"description": "XLSForm workbook", "content": {XLSX: {}}},
            404: {
                "description": "No readiness instrument is loaded yet",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
            },
        }
    },
)
@decorate_view(public_page("capacity", daily=False))
def readiness_instrument_xlsform(request: HttpRequest) -> HttpResponse:
    """The current version's XLSForm; its exported submissions import back with POST /capacity/readiness-submissions."""
    instrument = selectors.instrument_current()
    response = HttpResponse(xlsform_bytes(instrument.definition), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="statewide-readiness-v{instrument.version}.xlsx"'
    return response


class SubmissionsIn(Schema):
    csv: MultiLine = Field(description="The CSV export (ODK Central or KoboToolbox) of the readiness XLSForm.")


class RoundOut(Schema):
    id: UUID
    district_leaid: str
    title: str
    status: str
    submitted_at: dt.datetime | None
    score: float | None
    tier: str
    result: dict[str, Any] | None

    @staticmethod
    def of(r: Any) -> RoundOut:
        return RoundOut(id=r.public_id, district_leaid=r.district.nces_leaid, title=r.title, status=r.status, submitted_at=r.submitted_at,
                        score=float(r.score) if r.score is not None else None, tier=r.tier_code, result=r.result)  # fmt: skip


@router.post("/capacity/readiness-submissions", response=list[RoundOut], summary="Import offline submissions (all rows or none)")
def readiness_submissions(request: HttpRequest, body: SubmissionsIn) -> list[RoundOut]:
    """Each row fills its district's open round; errors come back per line (`fields`: {"line N": [...]})."""
    user = require_user(request)
    rounds = services.submissions_import(actor=user, data=body.csv, instrument=selectors.instrument_current())
    return [RoundOut.of(r) for r in rounds]


class PageQuery(Schema):
    cursor: SingleLine | None = None
    limit: int = 50


def _district(leaid: str) -> Organisation:
    try:
        return selectors.district_get(leaid)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/districts/{leaid}/readiness-rounds", response=CursorPage[RoundOut], summary="A district's readiness rounds (private)")
def district_rounds(request: HttpRequest, leaid: str, query: Query[PageQuery]) -> dict[str, Any]:
    """Visible to the district's members, its state's staff and operators (an empty list for everyone else)."""
    qs = selectors.round_list(request.api_user, _district(leaid))  # type: ignore[attr-defined]
    rows, cursor = cursor_paginate(qs, cursor=query.cursor, limit=query.limit, order_by="-created_at")
    return {"items": [RoundOut.of(r) for r in rows], "next_cursor": cursor}


class SupportOut(Schema):
    id: UUID
    title: str
    strategy: str
    description: str
    provider: str
    tiers: list[str]
    domains: list[str]
    format: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    places: int | None
    demand: int | None = Field(None, description="Districts interested (the state's staff only; null for others).")
    districts_attended: int = Field(0, description="Districts recorded as having attended a session: 0 means the support has not taken place yet.")
    version: int = Field(description="Send it back when you edit (optimistic locking).")

    @staticmethod
    def of(s: Any, *, demand: bool) -> SupportOut:
        return SupportOut(id=s.public_id, title=s.title, strategy=s.strategy, description=s.description, provider=s.provider, tiers=s.tiers,
                          domains=s.domains, format=s.format, starts_on=s.starts_on, ends_on=s.ends_on, places=s.capacity,
                          demand=s.demand if demand else None, districts_attended=getattr(s, "districts_attended", 0), version=s.version)  # fmt: skip


@router.get("/capacity/states/{usps}/supports", response=CursorPage[SupportOut], summary="A state's supports")
def state_supports(request: HttpRequest, usps: str, query: Query[PageQuery]) -> dict[str, Any]:
    state = jurisdictions_with_districts().filter(usps=usps.upper()).first()
    if state is None:
        raise Http404
    demand = support_policy.filter(request.api_user, "view_demand").filter(jurisdiction=state).exists()  # type: ignore[attr-defined]
    rows, cursor = cursor_paginate(selectors.support_list(request.api_user, state), cursor=query.cursor, limit=query.limit, order_by="title")  # type: ignore[attr-defined]
    return {"items": [SupportOut.of(s, demand=demand) for s in rows], "next_cursor": cursor}


class MatchOut(Schema):
    support: SupportOut
    reason: str
    on_weakest_domain: bool


@router.get("/districts/{leaid}/matched-supports", response=list[MatchOut], summary="Supports matched to a district, with reasons")
def matched_supports(request: HttpRequest, leaid: str) -> list[MatchOut]:
    district = _district(leaid)
    profile = selectors.district_profile(request.api_user, district)  # type: ignore[attr-defined]
    return [MatchOut(support=SupportOut.of(m.support, demand=False), reason=m.reason, on_weakest_domain=m.on_weakest) for m in profile["matches"]]


class TaOut(Schema):
    id: UUID
    district_leaid: str
    topic: str
    details: str
    domains: list[str]
    urgency: str
    status: str
    assignee: str | None
    received: dt.datetime
    first_response: dt.datetime | None
    closed: dt.datetime | None
    outcome: str
    overdue: bool


class TaIn(Schema):
    topic: SingleLine
    details: MultiLine = ""
    domains: list[SingleLine] = []
    urgency: SingleLine = "normal"


def _ta_out(t: Any, settings: dict[int, selectors.StateSettings] | None = None) -> TaOut:
    """One request; `settings` caches each state's targets across a page (one query per state, not per row)."""
    cache = settings if settings is not None else {}
    jurisdiction = t.district.jurisdiction
    if jurisdiction.pk not in cache:
        cache[jurisdiction.pk] = selectors.state_settings(jurisdiction)
    timing = selectors.ta_timing(t, cache[jurisdiction.pk])
    return TaOut(id=t.public_id, district_leaid=t.district.nces_leaid, topic=t.topic, details=t.details, domains=t.domains, urgency=t.urgency,
                 status=t.status, assignee=t.assignee.email if t.assignee else None, received=t.created_at, first_response=t.first_response_at,
                 closed=t.closed_at, outcome=t.outcome, overdue=timing.overdue and t.status != "closed")  # fmt: skip


@router.post("/districts/{leaid}/ta-requests", response={201: TaOut}, summary="Request technical assistance (district members)")
def ta_request_create(request: HttpRequest, leaid: str, body: TaIn) -> Status:
    user = require_user(request)
    known = set(selectors.domain_titles())
    domains = [d for d in body.domains if d in known]
    ta = services.ta_request_create(actor=user, district=_district(leaid), topic=body.topic, details=body.details, domains=domains, urgency=body.urgency)
    return Status(201, _ta_out(ta))


@router.get("/capacity/ta-requests", response=CursorPage[TaOut], summary="Technical-assistance requests the caller may see")
def ta_requests(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """District members see their district's requests; state staff their state's; anonymous callers none."""
    rows, cursor = cursor_paginate(selectors.ta_list(request.api_user), cursor=query.cursor, limit=query.limit, order_by="-created_at")  # type: ignore[attr-defined]
    cache: dict[int, selectors.StateSettings] = {}
    return {"items": [_ta_out(t, cache) for t in rows], "next_cursor": cursor}


def _state_or_404(usps: str) -> Any:
    state = jurisdictions_with_districts().filter(usps=usps.upper()).first()
    if state is None:
        raise Http404
    return state


class SupportIn(Schema):
    strategy: SingleLine = Field(description="An item code of the aurora-local-capacity-2016 framework pack (one of the six strategies).")
    title: SingleLine
    description: MultiLine = ""
    provider: SingleLine
    tiers: list[SingleLine] = []
    domains: list[SingleLine] = []
    format: SingleLine = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    places: int | None = None


class SupportEditIn(SupportIn):
    version: ExpectedVersion = None


@router.post("/capacity/states/{usps}/supports", response={201: SupportOut}, summary="Add a support (the state's admins)")
def support_create(request: HttpRequest, usps: str, body: SupportIn) -> Status:
    user = require_user(request)
    support = services.support_create(
        actor=user, jurisdiction=_state_or_404(usps), strategy=body.strategy, title=body.title, description=body.description, provider=body.provider,
        tiers=list(body.tiers), domains=list(body.domains), format=body.format, starts_on=body.starts_on, ends_on=body.ends_on, capacity=body.places,
    )  # fmt: skip
    support.demand = 0  # type: ignore[attr-defined]
    return Status(201, SupportOut.of(support, demand=True))


@router.put(
    "/capacity/supports/{support_id}", response={200: SupportOut, 409: ErrorEnvelope}, summary="Edit a support (the state's admins; every field is replaced)"
)
def support_update(request: HttpRequest, support_id: UUID, body: SupportEditIn) -> SupportOut:
    user = require_user(request)
    support = access(support_policy, user, action="change", queryset=selectors.support_list(user), public_id=support_id)
    services.support_update(
        actor=user, support=support, strategy=body.strategy, title=body.title, description=body.description, provider=body.provider,
        tiers=list(body.tiers), domains=list(body.domains), format=body.format, starts_on=body.starts_on, ends_on=body.ends_on, capacity=body.places,
        expected_version=body.version,
    )  # fmt: skip
    return SupportOut.of(support, demand=True)


class AttendanceIn(Schema):
    attended_on: dt.date = Field(description="The day of the session: today or earlier, within the support's dates.")
    districts: list[SingleLine] = Field(description="NCES LEAIDs of the districts that attended; replaces that day's list (empty: clears it).")


class AttendanceOut(Schema):
    attended_on: dt.date
    districts_attended: int


@router.post(
    "/capacity/supports/{support_id}/attendance",
    response={200: AttendanceOut, 400: ErrorEnvelope},
    summary="Record who attended a support's session (the state's admins)",
)
def support_attendance(request: HttpRequest, support_id: UUID, body: AttendanceIn) -> AttendanceOut:
    user = require_user(request)
    support = access(support_policy, user, action="change", queryset=selectors.supports_with_state(), public_id=support_id)
    districts = selectors.support_districts(support, list(body.districts))
    if unknown := sorted(set(body.districts) - {d.nces_leaid for d in districts}):
        raise ApplicationError(
            _("The attendance was not saved."), fields={"districts": [_("Unknown districts in this state: %(ids)s.") % {"ids": ", ".join(unknown)}]}
        )
    n = services.support_attendance_record(actor=user, support=support, attended_on=body.attended_on, districts=districts)
    return AttendanceOut(attended_on=body.attended_on, districts_attended=n)


class TierIn(Schema):
    code: SingleLine
    name: SingleLine
    min_score: float
    description: SingleLine = ""


class SchemeIn(Schema):
    tiers: list[TierIn]
    mentors_across_states: bool = False
    ta_response_days: int = Field(5, ge=1, le=365)
    ta_resolution_days: int = Field(45, ge=1, le=730)


class SchemeOut(Schema):
    state: str
    tiers: list[dict[str, Any]]
    is_default: bool
    mentors_across_states: bool
    ta_response_days: int
    ta_resolution_days: int


def _scheme_out(state: Any) -> SchemeOut:
    s = selectors.state_settings(state)
    return SchemeOut(state=state.usps, tiers=s.tier_data, is_default=s.is_default, mentors_across_states=s.mentors_across_states,
                     ta_response_days=s.ta_response_days, ta_resolution_days=s.ta_resolution_days)  # fmt: skip


@router.get("/capacity/states/{usps}/tiers", response=SchemeOut, summary="A state's tiers of readiness and targets")
def tier_scheme(request: HttpRequest, usps: str) -> SchemeOut:
    return _scheme_out(_state_or_404(usps))


@router.put("/capacity/states/{usps}/tiers", response=SchemeOut, summary="Set a state's tiers, mentor opt-in and TA targets (the state's admins)")
def tier_scheme_set(request: HttpRequest, usps: str, body: SchemeIn) -> SchemeOut:
    user = require_user(request)
    state = _state_or_404(usps)
    services.tier_scheme_set(
        actor=user, jurisdiction=state, tiers=[t.dict() for t in body.tiers], mentors_across_states=body.mentors_across_states,
        ta_response_days=body.ta_response_days, ta_resolution_days=body.ta_resolution_days,
    )  # fmt: skip
    return _scheme_out(state)


class ExportIn(Schema):
    what: Literal["supports", "rounds", "ta"] = Field(description="supports (with demand), rounds (every submitted round) or ta (TA requests)")
    format: Literal["csv", "xlsx"] = "csv"


@router.post("/capacity/states/{usps}/exports", response={202: JobAccepted}, summary="Prepare a state's CSV/XLSX export in the background (its staff)")
def state_export(request: HttpRequest, response: HttpResponse, usps: str, body: ExportIn) -> Status[JobAccepted]:
    """Always queued: follow `url` (`GET /api/v1/jobs/{id}`) until `finished`, then GET its `download`."""
    user = require_user(request)
    return job_accepted(request, response, services.state_export_enqueue(actor=user, state=_state_or_404(usps), what=body.what, fmt=body.format))
