"""API of district innovation programs: the public registry, applications, reviews (state staff), decisions, reports."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from statewide.api.auth import require_user
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.core.errors import ApplicationError
from statewide.core.text import MultiLine, SingleLine
from statewide.programs import selectors, services
from statewide.programs.models import Application

router = Router(tags=["programs"])


class ApplicationListQuery(Schema):
    cursor: SingleLine | None = None
    limit: int = 50


class ProgramQuery(ApplicationListQuery):
    state: SingleLine | None = None


class FlexibilityOut(Schema):
    rule: str
    citation: str
    summary: str


class SchoolOut(Schema):
    nces_id: str
    name: str


def _schools(a: Application) -> list[SchoolOut]:
    return [SchoolOut(nces_id=s.nces_id, name=s.name) for s in a.schools.all()]


class ParticipantOut(Schema):
    id: UUID
    organization: str
    nces_leaid: str | None
    applicant_kind: str
    schools: list[SchoolOut]
    group_name: str
    stage: str
    term_start: dt.date | None
    term_end: dt.date | None
    approved_flexibilities: list[FlexibilityOut]

    @staticmethod
    def of(a: Application) -> ParticipantOut:
        flex = [FlexibilityOut(rule=f.rule.code, citation=f.rule.citation, summary=f.rule.summary) for f in a.approved_flexibilities]  # type: ignore[attr-defined]
        return ParticipantOut(
            id=a.public_id,
            organization=a.organisation.name,
            nces_leaid=a.organisation.nces_leaid,
            applicant_kind=a.applicant_kind,
            schools=_schools(a),
            group_name=a.group_name,
            stage=a.status,
            term_start=a.term_start,
            term_end=a.term_end,
            approved_flexibilities=flex,
        )


class ProgramOut(Schema):
    id: UUID
    name: str
    state: str
    template: str
    authority_citation: str
    authority_url: str
    checked_on: dt.date | None
    decider: str
    term_years: int
    participants: list[ParticipantOut]


@router.get("/programs/", response=CursorPage[ProgramOut], summary="Public programs with their participants")
def list_programs(request: HttpRequest, query: Query[ProgramQuery]) -> dict[str, Any]:
    """Public programs, each with its participants (districts past a first decision), their stage, term and
    approved flexibilities. Drafts, applications under review and declined ones never appear."""
    rows, next_cursor = cursor_paginate(selectors.public_programs(state=query.state), cursor=query.cursor, limit=query.limit, order_by="created_at")
    items = [
        ProgramOut(
            id=p.public_id,
            name=p.name,
            state=p.jurisdiction.usps,
            template=p.template,
            authority_citation=p.authority_citation,
            authority_url=p.authority_url,
            checked_on=p.checked_on,
            decider=p.decider,
            term_years=p.term_years,
            participants=[ParticipantOut.of(a) for a in p.participants],  # type: ignore[attr-defined]
        )
        for p in rows
    ]
    return {"items": items, "next_cursor": next_cursor}


class ApplicationOut(Schema):
    id: UUID
    program: UUID
    state: str
    organization: str
    applicant_kind: str
    schools: list[SchoolOut]
    group_name: str
    title: str
    status: str
    submitted_at: dt.datetime | None
    term_start: dt.date | None
    term_end: dt.date | None
    plan_due: dt.date | None


def _app_out(a: Application) -> ApplicationOut:
    return ApplicationOut(
        id=a.public_id,
        program=a.program.public_id,
        state=a.program.jurisdiction.usps,
        organization=a.organisation.name,
        applicant_kind=a.applicant_kind,
        schools=_schools(a),
        group_name=a.group_name,
        title=a.title,
        status=a.status,
        submitted_at=a.submitted_at,
        term_start=a.term_start,
        term_end=a.term_end,
        plan_due=a.plan_due,
    )


@router.get("/programs/applications/", response=CursorPage[ApplicationOut], summary="Applications you can see")
def list_applications(request: HttpRequest, query: Query[ApplicationListQuery]) -> dict[str, Any]:
    """A district lead: their organizations' applications. State staff: their state's submitted applications."""
    user = require_user(request)
    rows, next_cursor = cursor_paginate(selectors.application_list(user), cursor=query.cursor, limit=query.limit, order_by="-created_at")
    return {"items": [_app_out(a) for a in rows], "next_cursor": next_cursor}


@router.get("/programs/applications/{public_id}/", response=ApplicationOut, summary="One application")
def get_application(request: HttpRequest, public_id: UUID) -> ApplicationOut:
    return _app_out(selectors.application_get(require_user(request), public_id))


class ScoreOut(Schema):
    criterion: str
    level: int
    weight: int
    note: str


class ReviewOut(Schema):
    reviewer: str
    no_conflict: bool
    submitted_at: dt.datetime | None
    total: int | None
    scores: list[ScoreOut]


class ReviewsOut(Schema):
    revealed: bool
    spread: int
    flagged: bool
    reviews: list[ReviewOut]


@router.get("/programs/applications/{public_id}/reviews", response=ReviewsOut, summary="Reviews of an application (state staff only)")
def get_reviews(request: HttpRequest, public_id: UUID) -> ReviewsOut:
    """A reviewer sees the others' scores and per-criterion notes only after submitting their own; applicants never."""
    user = require_user(request)
    app = selectors.application_get(user, public_id, action="review")
    s = selectors.review_summary(user, app)
    reviews = [
        ReviewOut(
            reviewer=a.reviewer.email,
            no_conflict=a.no_conflict,
            submitted_at=a.submitted_at,
            total=s.totals.get(a.pk),
            scores=[ScoreOut(criterion=sc.criterion.name, level=sc.level, weight=sc.criterion.weight, note=sc.note) for sc in a.scores.all()],
        )
        for a in s.assignments
    ]
    return ReviewsOut(revealed=s.revealed, spread=s.spread, flagged=s.flagged, reviews=reviews)


class FlexibilityIn(Schema):
    rule: SingleLine
    justification: MultiLine


@router.post("/programs/applications/{public_id}/flexibility-requests", response={201: FlexibilityOut}, summary="Request a flexibility (planning year)")
def request_flexibility(request: HttpRequest, public_id: UUID, body: FlexibilityIn) -> Status[FlexibilityOut]:
    """Only rules of the program's catalog; a non-waivable rule is refused (400, code `not_waivable`,
    `fields.rule` names the rule's citation and why)."""
    user = require_user(request)
    app = selectors.application_get(user, public_id, action="apply")
    rule = selectors.rule_by_code(app, body.rule)
    if rule is None:
        raise ApplicationError(_("Pick a rule from this program's catalog."), fields={"rule": [_("Not in the catalog.")]})
    services.flexibility_request_add(actor=user, application=app, rule=rule, justification=body.justification)
    return Status(201, FlexibilityOut(rule=rule.code, citation=rule.citation, summary=rule.summary))


class DecisionOut(Schema):
    id: UUID
    application: UUID
    organization: str
    state: str
    kind: str
    note: str
    decided_at: dt.datetime | None


@router.get("/programs/decisions/", response=CursorPage[DecisionOut], summary="Decisions you can see (public ones for everyone)")
def list_decisions(request: HttpRequest, query: Query[ApplicationListQuery]) -> dict[str, Any]:
    user = request.api_user  # type: ignore[attr-defined]
    rows, next_cursor = cursor_paginate(selectors.decision_list(user), cursor=query.cursor, limit=query.limit, order_by="-created_at")
    items = [
        DecisionOut(
            id=d.public_id,
            application=d.application.public_id,
            organization=d.application.organisation.name,
            state=d.application.program.jurisdiction.usps,
            kind=d.kind,
            note=d.note,
            decided_at=d.decided_at,
        )
        for d in rows
    ]
    return {"items": items, "next_cursor": next_cursor}


class ReportOut(Schema):
    application: UUID
    organization: str
    year: int
    narrative: str
    is_public: bool
    submitted_at: dt.datetime | None


@router.get("/programs/reports/", response=CursorPage[ReportOut], summary="Annual reports you can see (public ones for everyone)")
def list_reports(request: HttpRequest, query: Query[ApplicationListQuery]) -> dict[str, Any]:
    user = request.api_user  # type: ignore[attr-defined]
    rows, next_cursor = cursor_paginate(selectors.report_list(user), cursor=query.cursor, limit=query.limit, order_by="-created_at")
    items = [
        ReportOut(
            application=r.application.public_id,
            organization=r.application.organisation.name,
            year=r.year,
            narrative=r.narrative,
            is_public=r.is_public,
            submitted_at=r.submitted_at,
        )
        for r in rows
    ]
    return {"items": items, "next_cursor": next_cursor}
