"""API endpoints of the state self-assessment module (state staff only; small groups suppressed)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema

from statewide.api.auth import require_user
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.core.permissions import access
from statewide.core.text import SingleLine
from statewide.selfassessment.permissions import campaign_policy
from statewide.selfassessment.results import campaign_results
from statewide.selfassessment.selectors import campaign_list
from statewide.selfassessment.suppression import POOLED

router = Router(tags=["self-assessment"])


class CampaignOut(Schema):
    id: UUID
    title: str
    state: str
    framework: str
    status: str
    opens_on: dt.date
    closes_on: dt.date
    threshold: int
    is_demo: bool
    is_baseline: bool
    responses: int


class CampaignListQuery(Schema):
    cursor: SingleLine | None = None
    limit: int = 50


class PhaseCount(Schema):
    phase: str
    count: int


class GroupOut(Schema):
    label: str
    pooled: bool
    respondents: int


class GroupMedian(Schema):
    group: str
    median_phase: str | None
    ratings: int
    counts: list[PhaseCount]


class CampaignConditionOut(Schema):
    condition: str
    name: str
    counts: list[PhaseCount]
    not_sure: int
    median_phase: str | None
    consensus: float | None
    within_one_phase: float | None
    groups_disagree: bool
    groups: list[GroupMedian]


class PriorityOut(Schema):
    condition: str
    respondents: int


class ResultsOut(Schema):
    id: UUID
    threshold: int
    respondents: int
    suppressed: bool
    groups: list[GroupOut]
    conditions: list[CampaignConditionOut]
    priorities: list[PriorityOut]


@router.get("/self-assessments/", response=CursorPage[CampaignOut], summary="Self-assessment campaigns you can see")
def list_campaigns(request: HttpRequest, query: Query[CampaignListQuery]) -> dict[str, Any]:
    """Campaigns of the states where you are an administrator or reviewer (all, for operators)."""
    require_user(request)
    rows, next_cursor = cursor_paginate(campaign_list(request.api_user), cursor=query.cursor, limit=query.limit, order_by="-created_at")  # type: ignore[attr-defined]
    items = [
        CampaignOut(
            id=c.public_id,
            title=c.title,
            state=c.jurisdiction.usps,
            framework=c.framework.slug,
            status=c.status,
            opens_on=c.opens_on,
            closes_on=c.closes_on,
            threshold=c.threshold,
            is_demo=c.is_demo,
            is_baseline=c.is_baseline,
            responses=c.n_submitted,  # type: ignore[attr-defined]
        )
        for c in rows
    ]
    return {"items": items, "next_cursor": next_cursor}


@router.get("/self-assessments/{public_id}/results", response=ResultsOut, summary="Results of one campaign (small groups pooled)")
def campaign_results_api(request: HttpRequest, public_id: UUID) -> ResultsOut:
    """Groups below the anonymity threshold are pooled into "Other groups (pooled)" (`pooled: true`); if
    all respondents are fewer than the threshold, `suppressed` is true and no figures are given."""
    require_user(request)
    campaign = access(campaign_policy, request.api_user, public_id=public_id)  # type: ignore[attr-defined]
    r = campaign_results(campaign)
    codes = [step.code for step in r.scale]
    labels = {g.key: g.label for g in r.groups}
    conditions = [
        CampaignConditionOut(
            condition=c.item.code,
            name=c.item.name,
            counts=[PhaseCount(phase=lv.code, count=n) for lv, n in c.counts],
            not_sure=c.not_sure,
            median_phase=c.median.code if c.median else None,
            consensus=c.consensus,
            within_one_phase=c.within_one,
            groups_disagree=c.disagreement,
            groups=[
                GroupMedian(
                    group=labels[cell.key],
                    median_phase=cell.median.code if cell.median else None,
                    ratings=cell.n_rated,
                    counts=[PhaseCount(phase=p, count=n) for p, n in zip(codes, cell.counts, strict=True)],
                )
                for cell in c.cells
            ],
        )
        for c in ([] if r.all_suppressed else r.conditions)
    ]
    return ResultsOut(
        id=campaign.public_id,
        threshold=campaign.threshold,
        respondents=r.total if not r.all_suppressed else 0,
        suppressed=r.all_suppressed,
        groups=[GroupOut(label=g.label, pooled=g.key == POOLED, respondents=g.n) for g in r.groups],
        conditions=conditions,
        priorities=[PriorityOut(condition=i.code, respondents=n) for i, n in r.priorities],
    )
