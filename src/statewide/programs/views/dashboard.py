"""The program dashboard (every participant's stage, next deadline, indicators against targets) and exports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from statewide.core.charts import Chart, Column, Field, bar_chart
from statewide.core.tabular import csv_text, xlsx_bytes
from statewide.programs import selectors
from statewide.programs.selectors import DashboardRow

PER_PAGE = 50  # participants per dashboard page (the chart shows the page's)


def progress(baseline: Decimal, target: Decimal, value: Decimal | None) -> int | None:
    """How far from baseline to target the latest value is, in percent (0–100, clipped); None without a value."""
    if value is None or target == baseline:
        return None
    share = (value - baseline) / (target - baseline) * 100
    return int(max(Decimal(0), min(Decimal(100), share)))


def indicators_chart(rows: list[DashboardRow]) -> Chart:
    """One bar per indicator: the share of the way from baseline to target reached."""
    data: list[dict[str, Any]] = []
    for row in rows:
        for name, baseline, target, value in row.indicators:
            pct = progress(baseline, target, value)
            data.append(
                {
                    "indicator": f"{row.application.organisation.name}: {name}",
                    "progress": None if pct is None else pct / 100,
                    "progress_display": _("no report yet") if pct is None else None,
                    "baseline": float(baseline),
                    "target": float(target),
                    "latest": None if value is None else float(value),
                }
            )
    return bar_chart(
        title=_("Indicators against targets"),
        summary=_("Share of the way from baseline to target reached, per indicator (0 % is the baseline, 100 % the target)."),
        data=data,
        category=Field("indicator", _("Indicator")),
        value=Field("progress", _("Progress"), "quantitative", ".0%"),
        value_domain=(0, 1),
        extra_columns=(
            Column("baseline", _("Baseline"), numeric=True, format=".2f"),
            Column("target", _("Target"), numeric=True, format=".2f"),
            Column("latest", _("Latest"), numeric=True, format=".2f"),
        ),
    )


@login_required
@require_safe
def dashboard(request: HttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    page = Paginator(selectors.dashboard_applications(request.user, program), PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.dashboard_rows(page.object_list, timezone.localdate())
    ctx = {
        "program": program,
        "rows": rows,
        "page": page,
        "chart": indicators_chart(rows),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "programs/dashboard.html", ctx)


def export_rows(rows: list[DashboardRow]) -> list[list[Any]]:
    out: list[list[Any]] = [
        [
            _("Organization"),
            _("NCES LEAID"),
            _("Applying as"),
            _("Schools (NCES id)"),
            _("Group"),
            _("Status"),
            _("Term starts"),
            _("Term ends"),
            _("Next deadline"),
            _("Due"),
            _("Indicator"),
            _("Baseline"),
            _("Target"),
            _("Latest value"),
        ]
    ]
    for row in rows:
        app = row.application
        deadline = row.next_deadline or ("", None)
        schools = "; ".join(f"{s.name} ({s.nces_id})" for s in app.schools.all())
        base = [
            app.organisation.name,
            app.organisation.nces_leaid or "",
            app.get_applicant_kind_display(),
            schools,
            app.group_name,
            app.get_status_display(),
            app.term_start,
            app.term_end,
            deadline[0],
            deadline[1],
        ]
        if not row.indicators:
            out.append([*base, "", None, None, None])
        for name, baseline, target, value in row.indicators:
            out.append([*base, name, baseline, target, value])
    return out


@login_required
@require_safe
def export(request: HttpRequest, program_id: str, fmt: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, action="manage")
    rows = export_rows(selectors.program_dashboard(request.user, program, timezone.localdate()))
    if fmt == "csv":
        response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes([(_("Participants"), rows)]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="program-{program.public_id}.{fmt}"'
    return response
