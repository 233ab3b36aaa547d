"""Results, exports, the consensus meeting, the roadmap and round comparison (state staff only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.core import tabular
from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.core.pdf import pdf_render
from statewide.selfassessment import exports, services
from statewide.selfassessment.forms import DecisionForm, RoadmapEntryForm
from statewide.selfassessment.models import Campaign, RoadmapEntry
from statewide.selfassessment.permissions import campaign_policy
from statewide.selfassessment.results import NOT_STARTED, campaign_results
from statewide.selfassessment.selectors import (
    baseline_preview,
    campaign_get,
    decisions_of,
    descriptors_by_item,
    earlier_campaigns,
    roadmap_entry_get,
    roadmap_rows,
    rounds_compare,
)


def _campaign(request: HttpRequest, public_id: str, action: str = "view") -> Campaign:
    return campaign_get(request.user, public_id, action)


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_safe
def results_page(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    results = campaign_results(campaign)
    return TemplateResponse(
        request, "selfassessment/results.html", {"campaign": campaign, "results": results, "can_manage": campaign_policy.can(request.user, "manage", campaign)}
    )


@login_required
@require_safe
def results_csv(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    return _download(
        tabular.csv_text(exports.results_table(campaign_results(campaign))), "text/csv; charset=utf-8", f"self-assessment-{campaign.public_id}.csv"
    )


@login_required
@require_safe
def results_xlsx(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    results = campaign_results(campaign)
    data = tabular.xlsx_bytes(
        [
            (_("Results"), exports.results_table(results)),
            (_("Priorities"), exports.priorities_table(results)),
            (_("Comments"), exports.comments_table(results)),
        ]
    )
    return _download(data, XLSX, f"self-assessment-{campaign.public_id}.xlsx")


@login_required
@require_safe
def meeting(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = _campaign(request, public_id, "manage")
    results = campaign_results(campaign)
    decisions = decisions_of(campaign)
    rows = [(c, decisions.get(c.item.pk)) for c in results.conditions]
    return TemplateResponse(request, "selfassessment/meeting.html", {"campaign": campaign, "results": results, "rows": rows, "can_manage": True})


@login_required
def meeting_condition(request: HttpRequest, public_id: str, code: str) -> HttpResponse:
    campaign = _campaign(request, public_id, "manage")
    results = campaign_results(campaign)
    result = results.condition(code)
    if result is None:
        raise Http404
    decision = decisions_of(campaign).get(result.item.pk)
    initial = (
        {"level": (decision.level.code if decision.level else "none"), "rationale": decision.rationale, "is_priority": decision.is_priority} if decision else {}
    )
    if not initial and result.median is not None:
        initial = {"level": "none" if result.median is NOT_STARTED else result.median.code}
    form = DecisionForm(request.POST or None, levels=results.levels, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        level = next((lv for lv in results.levels if lv.code == d["level"]), None)
        try:
            services.decision_record(
                actor=request.user, campaign=campaign, item=result.item, level=level, rationale=d["rationale"], is_priority=d["is_priority"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Agreed phase recorded for %(c)s.") % {"c": result.item.name})
            idx = [c.item.code for c in results.conditions].index(code)
            if idx + 1 < len(results.conditions):
                return redirect("selfassessment:meeting_condition", campaign.public_id, results.conditions[idx + 1].item.code)
            return redirect("selfassessment:meeting", campaign.public_id)
    codes = [c.item.code for c in results.conditions]
    idx = codes.index(code)
    ctx = {
        "campaign": campaign,
        "results": results,
        "result": result,
        "form": form,
        "descriptors": descriptors_by_item([result.item]).get(result.item.pk, []),
        "position": idx + 1,
        "previous": codes[idx - 1] if idx > 0 else None,
        "next": codes[idx + 1] if idx + 1 < len(codes) else None,
        "group_rows": list(zip(results.groups, result.cells, strict=True)),
        "comments": [cm for cm in results.comments if cm.item.pk == result.item.pk],
    }
    return TemplateResponse(request, "selfassessment/meeting_condition.html", ctx, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def adopt_baseline(request: HttpRequest, public_id: str) -> HttpResponse:
    """GET: what adopting means (conditions still unrecorded, the baseline it replaces). POST with
    `confirm`: adopt. A POST without it shows the page again with a field-level error."""
    campaign = _campaign(request, public_id, "manage")
    preview = baseline_preview(campaign)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box to confirm.")
        else:
            try:
                services.campaign_adopt_baseline(actor=request.user, campaign=campaign)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The agreed profile is now the state's official baseline."))
            return redirect("selfassessment:meeting", campaign.public_id)
    ctx = {"campaign": campaign, "preview": preview, "error": error}
    return TemplateResponse(request, "selfassessment/baseline_confirm.html", ctx, status=400 if error else 200)


def _roadmap_ctx(request: HttpRequest, campaign: Campaign, bound: RoadmapEntryForm | None = None) -> dict[str, object]:
    """The roadmap with one form per entry; `bound` (a submitted form, by its prefix) replaces its entry's blank one."""

    def form(entry: RoadmapEntry) -> RoadmapEntryForm:
        if bound is not None and bound.prefix == entry.item.code:
            return bound
        initial = {"owner": entry.owner, "target_date": entry.target_date, "notes": entry.notes, "version": entry.version}
        return RoadmapEntryForm(initial=initial, prefix=entry.item.code)

    return {"campaign": campaign, "rows": [(r, form(r.entry)) for r in roadmap_rows(campaign)]}


@login_required
@require_safe
def roadmap(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    ctx = _roadmap_ctx(request, campaign) | {"can_manage": campaign_policy.can(request.user, "manage", campaign)}
    return TemplateResponse(request, "selfassessment/roadmap.html", ctx)


@login_required
@require_POST
def roadmap_entry(request: HttpRequest, public_id: str, code: str) -> HttpResponse:
    campaign = _campaign(request, public_id, "manage")
    entry = roadmap_entry_get(campaign, code)
    form = RoadmapEntryForm(request.POST, prefix=entry.item.code)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.roadmap_entry_update(
                actor=request.user, entry=entry, owner=d["owner"], target_date=d["target_date"], notes=d["notes"], expected_version=d["version"]
            )
        except ApplicationError as exc:  # someone saved this entry since the page was opened: shown at its form
            form_errors_from(form, exc)
            ctx = _roadmap_ctx(request, campaign, bound=form) | {"can_manage": True}
            return TemplateResponse(request, "selfassessment/roadmap.html", ctx, status=400)
        messages.success(request, _("Roadmap updated for %(c)s.") % {"c": entry.item.name})
    else:
        messages.error(request, _("Please check the target date (YYYY-MM-DD)."))
    return redirect("selfassessment:roadmap", campaign.public_id)


@login_required
@require_safe
def roadmap_export(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    name = f"roadmap-{campaign.public_id}"
    if fmt == "csv":
        return _download(tabular.csv_text(exports.roadmap_table(roadmap_rows(campaign))), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        return _download(tabular.xlsx_bytes([(_("Roadmap"), exports.roadmap_table(roadmap_rows(campaign)))]), XLSX, f"{name}.xlsx")
    if fmt == "pdf":
        pdf = pdf_render("selfassessment/roadmap_pdf.html", _roadmap_ctx(request, campaign), request=request)
        return _download(pdf, "application/pdf", f"{name}.pdf")
    raise Http404


@login_required
@require_safe
def compare(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    options = list(earlier_campaigns(request.user, campaign))
    earlier = next((c for c in options if str(c.public_id) == request.GET.get("with", "")), options[0] if options else None)
    rows = rounds_compare(earlier, campaign) if earlier else []
    return TemplateResponse(
        request,
        "selfassessment/compare.html",
        {"campaign": campaign, "earlier": earlier, "options": options, "rows": rows, "can_manage": campaign_policy.can(request.user, "manage", campaign)},
    )
