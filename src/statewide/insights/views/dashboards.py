"""Insights pages: the landing page, the module dashboards (public, per state), their CSV/XLSX
exports, the annual statewide progress report (PDF) and the district report (state staff)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from statewide.core import tabular
from statewide.core.cache import public_page
from statewide.core.pdf import pdf_render
from statewide.insights import districts, selectors
from statewide.insights.dashboards import KINDS, dashboard_get, dashboards_for, sources_of
from statewide.insights.permissions import insights_policy
from statewide.insights.selectors import DATA_DOMAINS

DISTRICTS_PER_PAGE = 50  # district reports listed on the state page (state staff)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@public_page(*DATA_DOMAINS)
def landing(request: HttpRequest) -> HttpResponse:
    states = selectors.states_with_data()
    chosen = request.GET.get("state", "").upper()
    if chosen and chosen in dict(states):
        return redirect("insights:state", usps=chosen)
    return TemplateResponse(request, "insights/landing.html", {"states": states, "kinds": list(KINDS.values())})


@require_safe
@public_page(*DATA_DOMAINS)
def state(request: HttpRequest, usps: str) -> HttpResponse:
    jurisdiction = selectors.jurisdiction_get(usps)
    dashboards = dashboards_for(jurisdiction)
    ctx = {"jurisdiction": jurisdiction, "cards": list(zip(KINDS.values(), dashboards, strict=True)), "year": timezone.localdate().year, "page": None}
    if selectors.may_see_districts(request.user, jurisdiction):
        ctx["page"] = Paginator(districts.district_choices(jurisdiction), DISTRICTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "insights/state.html", ctx)


def _kind(slug: str) -> None:
    if slug not in KINDS:
        raise Http404


@require_safe
@public_page(*DATA_DOMAINS)
def dashboard(request: HttpRequest, usps: str, slug: str) -> HttpResponse:
    _kind(slug)
    jurisdiction = selectors.jurisdiction_get(usps)
    board = dashboard_get(slug, jurisdiction)
    staff = selectors.may_see_districts(request.user, jurisdiction)
    ctx = {
        "jurisdiction": jurisdiction,
        "kind": KINDS[slug],
        "dashboard": board,
        # State staff drill down: rows about a district link to its report, and the districts the dashboard draws on are listed.
        "figures": [(f, districts.linked_cells(f.chart, jurisdiction.usps) if staff else None) for f in board.figures],
        "page": Paginator(districts.dashboard_districts(slug, jurisdiction), DISTRICTS_PER_PAGE).get_page(request.GET.get("page")) if staff else None,
    }
    return TemplateResponse(request, "insights/dashboard.html", ctx)


@require_safe
@public_page(*DATA_DOMAINS)
def export(request: HttpRequest, usps: str, slug: str, fmt: str) -> HttpResponse:
    """Every figure's table of one dashboard: CSV (one block per figure) or XLSX (one sheet per figure)."""
    _kind(slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    board = dashboard_get(slug, selectors.jurisdiction_get(usps))
    name = f"insights-{board.jurisdiction_usps.lower()}-{slug}"
    if fmt == "csv":
        rows: list[list[object]] = []
        for f in board.figures:
            rows += [[f.chart.title], *f.chart.table(), []]
        response = HttpResponse(tabular.csv_text(rows), content_type="text/csv; charset=utf-8")
    else:
        sheets = [(slugify(f.slug)[:31], f.chart.table()) for f in board.figures]
        response = HttpResponse(tabular.xlsx_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
@public_page(*DATA_DOMAINS)
def state_report(request: HttpRequest, usps: str) -> HttpResponse:
    """The annual statewide progress report: every dashboard's figures and the date of each source."""
    jurisdiction = selectors.jurisdiction_get(usps)
    dashboards = dashboards_for(jurisdiction)
    ctx = {"jurisdiction": jurisdiction, "dashboards": dashboards, "sources": sources_of(dashboards), "year": timezone.localdate().year}
    response = HttpResponse(pdf_render("insights/state_report_pdf.html", ctx, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statewide-progress-{jurisdiction.usps.lower()}-{ctx["year"]}.pdf"'
    return response


def _district_context(request: HttpRequest, usps: str, leaid: str) -> dict[str, object]:
    jurisdiction = selectors.jurisdiction_get(usps)
    district = selectors.district_get(usps, leaid)
    if not selectors.may_see_districts(request.user, jurisdiction):
        raise PermissionDenied(_("District reports are for the state's staff."))
    report = districts.district_report(district, jurisdiction)
    compare = insights_policy.can(request.user, "view_districts", jurisdiction) and selectors.takes_part(jurisdiction.usps, district)
    return {"district": district, "jurisdiction": jurisdiction, "report": report, "compare": compare}


@login_required
@require_safe
def district_report(request: HttpRequest, usps: str, leaid: str) -> HttpResponse:
    return TemplateResponse(request, "insights/district.html", _district_context(request, usps, leaid))


@login_required
@require_safe
def district_report_pdf(request: HttpRequest, usps: str, leaid: str) -> HttpResponse:
    ctx = _district_context(request, usps, leaid)
    response = HttpResponse(pdf_render("insights/district_pdf.html", ctx, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="district-report-{leaid}.pdf"'
    return response
