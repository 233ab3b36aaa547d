"""Two to four states side by side, and the same table as CSV or XLSX (through the one tabular writer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from statewide.core.cache import public_page
from statewide.core.tabular import csv_text, xlsx_bytes
from statewide.policies.forms import CompareForm
from statewide.policies.models import PolicyRecord
from statewide.policies.selectors import TRACKER_DOMAINS, Comparison, state_compare

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _comparison(request: HttpRequest) -> tuple[CompareForm, list[str], Comparison | None]:
    form = CompareForm(request.GET or None)
    picked: list[str] = form.cleaned_data["states"] if form.is_valid() else []
    if not 2 <= len(picked) <= 4:
        return form, picked, None
    return form, picked, state_compare(request.user, picked)


def _record_text(r: PolicyRecord) -> str:
    parts = [r.title]
    if r.citation:
        parts.append(f"— {r.citation}")
    if r.in_force_from:
        year = r.in_force_from.isoformat() if r.date_precision == "day" else str(r.in_force_from.year)
        parts.append(_("[start unknown; in force by %(d)s]") % {"d": year} if r.start_unknown else f"[{year}]")
    if not r.confirmed:
        parts.append(_("[unconfirmed]"))
    return " ".join(parts)


def compare_table(cmp: Comparison) -> list[list[object]]:
    """The comparison as rows: a header row of states, the level, then one row per type and per condition."""
    states = cmp.states
    rows: list[list[object]] = [[_("Section"), _("Row"), *[f"{s.name} ({s.usps})" for s in states]]]
    rows.append([_("Summary"), _("Level"), *[s.level_name for s in states]])
    rows.append([_("Summary"), _("Policies in force"), *[s.records_in_force if s.tracked else _("Not tracked yet") for s in states]])
    rows.append([_("Summary"), _("Unconfirmed policies in force"), *[s.unconfirmed_in_force for s in states]])
    for t, by_state in cmp.by_type:
        rows.append([_("Policy types"), t.name, *["; ".join(_record_text(r) for r in by_state[s.usps]) for s in states]])
    for c, by_state in cmp.by_condition:
        cells: list[object] = []
        for s in states:
            recs = by_state[s.usps]
            cells.append("; ".join(_record_text(r) for r in recs) if recs else (_("No tracked policy") if s.tracked else _("Not tracked yet")))
        name = c.name if c.confirmed else f"{c.name} {_('[unconfirmed]')}"
        rows.append([_("Framework conditions served"), name, *cells])
    return rows


@require_safe
@public_page(*TRACKER_DOMAINS)
def compare(request: HttpRequest) -> HttpResponse:
    form, picked, cmp = _comparison(request)
    slots = [*picked, "", "", "", ""][:4]
    query = "&".join(f"states={u}" for u in picked)
    return TemplateResponse(
        request,
        "policies/compare.html",
        {
            "form": form,
            "picked": picked,
            "slots": slots,
            "cmp": cmp,
            "type_rows": [(t, [(s, by[s.usps]) for s in cmp.states]) for t, by in cmp.by_type] if cmp else [],
            "condition_rows": [(c, [(s, by[s.usps]) for s in cmp.states]) for c, by in cmp.by_condition] if cmp else [],
            "query": query,
            "too_few": form.is_bound and form.is_valid() and len(picked) < 2,
        },
    )


@require_safe
@public_page(*TRACKER_DOMAINS)
def compare_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form, picked, cmp = _comparison(request)
    if cmp is None:
        return TemplateResponse(
            request, "policies/compare.html", {"form": form, "picked": picked, "slots": [*picked, "", "", "", ""][:4], "too_few": True}, status=400
        )
    name = "statewide-compare-" + "-".join(picked).lower()
    if fmt == "xlsx":
        body: str | bytes = xlsx_bytes([(_("Comparison"), compare_table(cmp))])
        resp = HttpResponse(body, content_type=XLSX)
    else:
        resp = HttpResponse(csv_text(compare_table(cmp)), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp
