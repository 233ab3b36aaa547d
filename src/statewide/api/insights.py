"""Insights: the state's students by group and locale, equity of access, comparison districts with their indicators.

Every count passes the project's one disclosure rule (statewide.core.disclosure): a hidden count is
`{"count": null, "suppressed": true, "reason": "…"}`; a count the source does not report (sex, in
Texas) is `{"count": null, "suppressed": false, "reason": "Not reported by the source."}`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from statewide.core.cache import public_page
from statewide.core.permissions import access
from statewide.insights import selectors
from statewide.insights.exports import COMPARISON_GROUPS, enrollment_json, equity_json, indicators_json
from statewide.insights.figures import GROUP_LOCALES
from statewide.insights.indicators import comparison_indicators
from statewide.insights.permissions import insights_policy

router = Router(tags=["insights"])


class InsightsCellOut(Schema):
    count: int | None = Field(description="The number of students, or null when hidden or not reported.")
    suppressed: bool = Field(description="True when the count is hidden by the disclosure rule.")
    reason: str | None = Field(None, description="Why the count is not shown.")


class InsightsShareOut(Schema):
    percent: float | None = Field(description="Whole percent; null when hidden, not reported, or shown only as a bound (<5%, >95%).")
    text: str
    suppressed: bool


class InsightsGroupOut(InsightsCellOut):
    group: str
    label: str
    share: InsightsShareOut


class InsightsLocaleOut(Schema):
    locale: str = Field(description="all, a locale group (city, suburb, town, rural, unknown) or an NCES locale subcode (11-43).")
    label: str
    groups: dict[str, InsightsCellOut]


class InsightsEnrollmentOut(Schema):
    state: str
    school_year: str
    minimum_n: int = Field(description="The state's minimum number of students for a count to be shown.")
    districts: int
    locale_note: str
    by_group: list[InsightsGroupOut]
    by_locale: list[InsightsLocaleOut]


class InsightsEquityGroupOut(Schema):
    group: str
    label: str
    participating: InsightsCellOut
    participating_share: InsightsShareOut
    state: InsightsCellOut
    state_share: InsightsShareOut
    representation_ratio: float | None = Field(description="Participating share over state share; null when a count behind it is hidden.")
    gap_points: float | None = Field(description="Participating share minus state share, in percentage points.")


class InsightsEquityOut(Schema):
    state: str
    school_year: str
    locale: str
    minimum_n: int
    participating_districts: int
    groups: list[InsightsEquityGroupOut]


class InsightsTierOut(Schema):
    code: str
    name: str


class InsightsProgramIndicatorsOut(Schema):
    reached: int = Field(description="Indicators whose latest public value reached the target.")
    moving: int = Field(description="Indicators moving from the baseline toward the target.")
    not_yet: int = Field(description="Indicators with a public value that has not moved toward the target.")
    no_report: int = Field(description="Indicators with no public report yet.")


class InsightsComparisonIndicatorsOut(Schema):
    readiness_tier: InsightsTierOut | None = Field(description="The tier of the latest submitted readiness round; null when unknown (no round).")
    network_memberships: int = Field(description="Capacity networks the district is a member of.")
    educators: InsightsCellOut = Field(description="Educators in the district (hidden like every count of people; unknown when none is on record).")
    educators_with_micro_credential: InsightsCellOut = Field(description="Educators holding at least one micro-credential (hidden like every count of people).")
    share_with_micro_credential: InsightsShareOut
    program_indicators: InsightsProgramIndicatorsOut | None = Field(
        description="The district's indicators in public innovation programs, by progress against target; null when it is in no program."
    )


class InsightsComparisonDistrictOut(Schema):
    leaid: str
    name: str
    locale_code: str
    students: InsightsCellOut
    shares: dict[str, InsightsShareOut]
    distance: float
    indicators: InsightsComparisonIndicatorsOut


class InsightsComparisonOut(Schema):
    state: str
    school_year: str
    district: InsightsComparisonDistrictOut
    similar: list[InsightsComparisonDistrictOut]


class InsightsStateQuery(Schema):
    state: str = Field(min_length=2, max_length=2, description="USPS code, such as TX.")
    school_year: str | None = Field(None, max_length=7, description="Such as 2013-14; the latest year by default.")


class InsightsEquityQuery(InsightsStateQuery):
    locale: str = Field("all", description="all or a locale group (city, suburb, town, rural, unknown).")


class InsightsComparisonQuery(InsightsStateQuery):
    leaid: str = Field(min_length=7, max_length=7, description="The participating district's NCES LEAID.")


def _year(usps: str, wanted: str | None) -> str:
    years = selectors.years(usps)
    if not years:
        raise Http404
    return wanted if wanted in years else years[-1]


@router.get("/insights/enrollment", response=InsightsEnrollmentOut, summary="A state's students by group and by locale (small counts hidden)")
@decorate_view(public_page(*selectors.DOMAINS, daily=False))
def enrollment(request: HttpRequest, query: Query[InsightsStateQuery]) -> dict[str, Any]:
    state = access(insights_policy, request.api_user, usps=query.state.upper())  # type: ignore[attr-defined]
    return enrollment_json(selectors.dataset(state.usps, _year(state.usps, query.school_year)))


@router.get("/insights/equity", response=InsightsEquityOut, summary="Equity of access: participating districts' students against the state's")
@decorate_view(public_page(*selectors.DOMAINS, daily=False))
def equity(request: HttpRequest, query: Query[InsightsEquityQuery]) -> dict[str, Any]:
    state = access(insights_policy, request.api_user, usps=query.state.upper())  # type: ignore[attr-defined]
    ds = selectors.dataset(state.usps, _year(state.usps, query.school_year))
    locale = query.locale if query.locale in GROUP_LOCALES else "all"
    return equity_json(ds, locale)


@router.get(
    "/insights/comparison",
    response=InsightsComparisonOut,
    summary="Comparison districts for a participating district, with every module's indicators (state staff)",
)
def comparison(request: HttpRequest, query: Query[InsightsComparisonQuery]) -> dict[str, Any]:
    state = access(insights_policy, request.api_user, action="view_districts", usps=query.state.upper())  # type: ignore[attr-defined]
    year = _year(state.usps, query.school_year)
    me, similar = selectors.comparison(state.usps, query.leaid, year)
    indicators = comparison_indicators(state, [d.district_id for d in (me, *similar)])

    def out(d: Any) -> dict[str, Any]:
        return {"leaid": d.leaid, "name": d.name, "locale_code": d.locale_code, "students": d.cell("all_students").as_json(),
                "shares": {g: d.share(g).as_json() for g in COMPARISON_GROUPS}, "distance": d.distance,
                "indicators": indicators_json(indicators[d.district_id])}  # fmt: skip

    return {"state": state.usps, "school_year": year, "district": out(me), "similar": [out(d) for d in similar]}
