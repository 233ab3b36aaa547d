"""The equity of access dashboard (public), comparison districts (state staff) and the state's minimum n (state admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from statewide.core import tabular
from statewide.core.cache import public_page
from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.core.permissions import access
from statewide.insights import charts, selectors
from statewide.insights.exports import ComparisonTables, comparison_tables, enrollment_table, equity_table, locale_label
from statewide.insights.figures import equity_rows, locale_choices, locale_rows
from statewide.insights.forms import ComparisonForm, EquityFilterForm, MinimumNForm
from statewide.insights.indicators import comparison_indicators
from statewide.insights.permissions import insights_policy
from statewide.places.models import NCES_LOCALES
from statewide.places.permissions import disclosure_policy
from statewide.places.selectors import disclosure_minimum
from statewide.places.services import disclosure_minimum_set

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest, years: list[str]) -> str:
    wanted = request.GET.get("year", "")
    return wanted if wanted in years else (years[-1] if years else "")


@require_safe
@public_page(*selectors.DOMAINS, daily=False)
def equity(request: HttpRequest, usps: str) -> HttpResponse:
    state = access(insights_policy, request.user, action="view", usps=usps.upper()[:2])
    years = selectors.years(state.usps)
    ctx: dict[str, object] = {"state": state, "years": years}
    if years:
        ds = selectors.dataset(state.usps, _year(request, years))
        choices = locale_choices(ds)
        form = EquityFilterForm(request.GET or None, years=years, locales=[(c, locale_label(c)) for c in choices])
        locale = request.GET.get("locale", "")
        locale = locale if locale in choices else "all"
        rows = equity_rows(ds, locale)
        labels = {k: locale_label(k) for k in ("city", "suburb", "town", "rural", "unknown", *NCES_LOCALES)}
        places = charts.participant_map(state, selectors.participant_places(ds), labels, ds.school_year)
        ctx |= {
            "ds": ds, "form": form, "locale": locale, "locale_name": locale_label(locale), "rows": rows,
            "makeup": charts.makeup_chart(ds, rows, locale_label(locale)), "locales": charts.locale_chart(ds), "locale_rows": locale_rows(ds),
            "gap": charts.gap_chart(selectors.trend(state.usps), locale),
            "place_rows": places.rows, "map": places.svg, "map_legend": places.legend, "unplaced": places.unplaced,
            "can_compare": insights_policy.can(request.user, "view_districts", state),
        }  # fmt: skip
    return TemplateResponse(request, "insights/equity.html", ctx)


@require_safe
@public_page(*selectors.DOMAINS, daily=False)
def equity_download(request: HttpRequest, usps: str, fmt: str) -> HttpResponse:
    state = access(insights_policy, request.user, action="view", usps=usps.upper()[:2])
    years = selectors.years(state.usps)
    datasets = selectors.trend(state.usps)
    latest = [d for d in datasets if d.school_year == _year(request, years)]
    equity = equity_table(datasets)
    enrollment = enrollment_table(latest[0]) if latest else [[_("No enrollment data yet.")]]
    name = f"{state.usps.lower()}-equity-of-access"
    if fmt == "xlsx":
        body: str | bytes = tabular.xlsx_bytes([(_("Equity of access"), equity), (_("Enrollment"), enrollment)])
        response = HttpResponse(body, content_type=XLSX)
    else:
        response = HttpResponse(tabular.csv_text(equity), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _comparison(request: HttpRequest, usps: str) -> tuple[dict[str, Any], ComparisonTables | None]:
    """The comparison page's context (the choice of district) and, once one is chosen, its tables."""
    state = access(insights_policy, request.user, action="view_districts", usps=usps.upper()[:2])
    years = selectors.enrollment_years_only(state.usps)
    year = _year(request, years)
    districts = selectors.participating_districts(state.usps, year) if year else []
    form = ComparisonForm(request.GET or None, districts=districts)
    ctx: dict[str, Any] = {"state": state, "form": form, "year": year, "districts": districts}
    if not form.is_valid():
        return ctx, None
    me, similar = selectors.comparison(state.usps, form.cleaned_data["district"], year)
    indicators = comparison_indicators(state, [d.district_id for d in (me, *similar)])
    tables = comparison_tables(me, similar, indicators)
    ctx |= {"me": me, "similar": similar, "header": tables.students[0], "table": tables.students[1:], "indicators": tables.indicators,
            "minimum_n": tables.minimum_n, "reports": selectors.may_see_districts(request.user, state)}  # fmt: skip
    return ctx, tables


@require_safe
def comparison(request: HttpRequest, usps: str) -> HttpResponse:
    ctx, _tables = _comparison(request, usps)
    return TemplateResponse(request, "insights/comparison.html", ctx)


@require_safe
def comparison_download(request: HttpRequest, usps: str, fmt: str) -> HttpResponse:
    """The comparison as CSV (each table under its title, then the notes) or XLSX (a sheet each), through core.tabular."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    ctx, tables = _comparison(request, usps)
    if tables is None:
        raise Http404
    name = f"{ctx['state'].usps.lower()}-comparison-{ctx['me'].leaid}-{ctx['year']}"
    if fmt == "xlsx":
        response = HttpResponse(tabular.xlsx_bytes(tables.sheets()), content_type=XLSX)
    else:
        response = HttpResponse(tabular.csv_text(tables.csv_rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def disclosure(request: HttpRequest, usps: str) -> HttpResponse:
    state = access(insights_policy, request.user, action="view", usps=usps.upper()[:2])
    if not disclosure_policy.can_create(request.user, state=state.usps):
        raise PermissionDenied
    form = MinimumNForm(request.POST or None, initial={"minimum_n": disclosure_minimum(state.usps)})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_minimum_set(actor=request.user, jurisdiction=state, minimum_n=form.cleaned_data["minimum_n"])
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request, _("Saved. Every page, chart, export and API response now hides counts below %(n)d.") % {"n": form.cleaned_data["minimum_n"]}
            )
            return redirect("insights:disclosure", usps=state.usps)
    return TemplateResponse(request, "insights/disclosure.html", {"state": state, "form": form})
