"""API of the module dashboards (insights): every figure of a state's dashboard, with its rows.

`GET /insights/{dashboard}?state=TX` for dashboard in progress, capacity, programs, credentials.
Each figure gives its title, summary, unit, columns and rows (plain values); a row whose count was
pooled by the small-count rule carries `suppression: "pooled"`, and a value shown as text in the
table (for example "suppressed") is in `display`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from statewide.core.cache import public_page
from statewide.core.text import SingleLine
from statewide.insights import selectors
from statewide.insights.dashboards import KINDS, Dashboard, dashboard_get
from statewide.insights.selectors import DATA_DOMAINS

router = Router(tags=["insights"])


class InsightsDashboardQuery(Schema):
    state: SingleLine


class InsightsColumnOut(Schema):
    key: str
    label: str
    numeric: bool


class InsightsFigureOut(Schema):
    slug: str
    title: str
    summary: str
    unit: str
    columns: list[InsightsColumnOut]
    rows: list[dict[str, Any]]
    suppression_applied: bool


class InsightsSourceOut(Schema):
    source: str
    latest_data: dt.date | None


class InsightsDashboardOut(Schema):
    dashboard: str
    title: str
    state: str
    is_empty: bool
    figures: list[InsightsFigureOut]
    sources: list[InsightsSourceOut]


class InsightsDashboardKindOut(Schema):
    slug: str
    title: str
    description: str
    url: str


def _row(row: Any, keys: list[str]) -> dict[str, Any]:
    out = {k: row.get(k) for k in keys}
    display = {k: row[f"{k}_display"] for k in keys if row.get(f"{k}_display") is not None}
    if display:
        out["display"] = display
    out["suppression"] = row.get("suppression")
    return out


def _dashboard_out(board: Dashboard) -> InsightsDashboardOut:
    figures = []
    for f in board.figures:
        keys = [c.key for c in f.chart.columns]
        rows = [_row(r, keys) for r in f.chart.rows]
        figures.append(
            InsightsFigureOut(
                slug=f.slug,
                title=f.chart.title,
                summary=f.chart.summary,
                unit=f.unit,
                columns=[InsightsColumnOut(key=c.key, label=c.label, numeric=c.numeric) for c in f.chart.columns],
                rows=rows,
                suppression_applied=any(r["suppression"] for r in rows),
            )
        )
    return InsightsDashboardOut(
        dashboard=board.slug,
        title=board.title,
        state=board.jurisdiction_usps,
        is_empty=board.is_empty,
        figures=figures,
        sources=[InsightsSourceOut(source=label, latest_data=date) for label, date in board.sources],
    )


@router.get("/insights/dashboards", response=list[InsightsDashboardKindOut], summary="The module dashboards")
@decorate_view(public_page(*DATA_DOMAINS, daily=False))
def dashboard_kinds(request: HttpRequest) -> list[InsightsDashboardKindOut]:
    return [InsightsDashboardKindOut(slug=k.slug, title=str(k.title), description=str(k.description), url=f"/api/v1/insights/{k.slug}") for k in KINDS.values()]


def _endpoint(slug: str) -> None:
    kind = KINDS[slug]

    def figures(request: HttpRequest, query: Query[InsightsDashboardQuery]) -> InsightsDashboardOut:
        return _dashboard_out(dashboard_get(slug, selectors.jurisdiction_get(query.state)))

    figures.__name__ = f"insights_{slug}"
    figures.__doc__ = f"{kind.description} Rows are the figures' data tables; pooled counts are marked."
    view = decorate_view(public_page(*DATA_DOMAINS))(figures)
    router.get(f"/insights/{slug}", response=InsightsDashboardOut, summary=f"Dashboard: {kind.title}", operation_id=f"insights_{slug.replace('-', '_')}")(view)


for _slug in KINDS:
    _endpoint(_slug)
