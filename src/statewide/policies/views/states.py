"""The national map (with its table), state profiles and the side-by-side comparison."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from statewide.core.cache import public_page, shared_fragment
from statewide.policies.forms import MapForm
from statewide.policies.maturity import load_rules
from statewide.policies.overviews import state_overview
from statewide.policies.permissions import level_override_policy, policy_record_policy
from statewide.policies.selectors import (
    TRACKER_DOMAINS,
    follow_list,
    level_names,
    similar_states,
    state_domains,
    state_profile,
    state_summaries,
)
from statewide.policies.views.mapdata import FIRST_YEAR, as_of_for_year, categories, last_year, map_payload, rows_for


def sort_columns(sort: str, measure: str, year: int) -> list[dict[str, str]]:
    """The table's column headers, each linking to the map sorted by it (no script needed)."""
    labels = [("name", _("Jurisdiction")), ("usps", _("Code")), ("value", _("Value")), ("records", _("Policies in force"))]
    kept = {k: v for k, v in (("measure", measure), ("year", year)) if v not in ("level", last_year())}
    out = []
    for key, label in labels:
        aria = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        following = f"-{key}" if sort == key else key
        out.append({"label": str(label), "next": following, "href": "?" + urlencode({**kept, "sort": following}), "aria": aria})
    return out


@require_safe
@public_page(*TRACKER_DOMAINS)
def index(request: HttpRequest) -> HttpResponse:
    form = MapForm(request.GET or None)
    measure, year, sort = "level", last_year(), "name"
    if form.is_valid():
        measure = form.cleaned_data["measure"] or "level"
        year = min(form.cleaned_data["year"] or last_year(), last_year())
        sort = form.cleaned_data["sort"] or "name"
    elif form.is_bound:
        form = MapForm()
    as_of = as_of_for_year(year)
    summaries = state_summaries(as_of)
    level_names_map = level_names()
    cats = categories(measure, level_names_map)
    rows = rows_for(summaries, measure, cats, sort, as_of)
    measure_label = form.measure_label(measure)
    as_of_label = as_of.isoformat() if as_of else str(year)
    counts = {c.code: sum(1 for r in rows if r.category.code == c.code) for c in cats}
    context = {
        "form": form,
        "measure": measure,
        "measure_label": measure_label,
        "year": year,
        "first_year": FIRST_YEAR,
        "last_year": last_year(),
        "as_of": as_of,
        "sort": sort,
        "rows": rows,
        "legend": [(c, counts[c.code]) for c in cats],
        "sort_columns": sort_columns(sort, measure, year),
        "data": map_payload(rows, cats, measure_label, as_of_label),
        "rules": [(level_names_map.get(r.level, r.level), r) for r in load_rules()],
        "not_yet_name": level_names_map.get("not-yet", "not-yet"),
    }
    # The legend and table are the same for every reader: rendered once per change, signed in or not.
    context["results_html"] = shared_fragment("policies/index.html#results", TRACKER_DOMAINS, lambda: context, measure, year, sort, shareable=True)
    template = "policies/index.html#results_shared" if getattr(request, "htmx", False) else "policies/index.html"
    return TemplateResponse(request, template, context)


@require_safe
@public_page(*TRACKER_DOMAINS)
def state(request: HttpRequest, usps: str) -> HttpResponse:
    if usps != usps.upper():
        raise Http404
    year = int(request.GET.get("year", "")) if request.GET.get("year", "").isdigit() else None
    as_of = as_of_for_year(year) if year and year >= FIRST_YEAR else None
    summaries = state_summaries(as_of)
    summary = next((s for s in summaries if s.usps == usps), None)
    if summary is None:
        raise Http404
    following = False
    if request.user.is_authenticated:
        following = follow_list(request.user).filter(jurisdiction__usps=usps, policy_type__isnull=True).exists()
    # The records part is the same for everyone who may see every record, and depends only on this
    # state's records: rendered once per change to them, not after a write to another state.
    profile_html = shared_fragment(
        "policies/_state_profile.html",
        state_domains(usps),
        lambda: {"profile": state_profile(request.user, usps, as_of, details=False, summaries=summaries), "s": summary},
        usps,
        as_of,
        shareable=policy_record_policy.sees_everything(request.user),
    )
    return TemplateResponse(
        request,
        "policies/state.html",
        {
            "s": summary,
            "profile_html": profile_html,
            "similar": similar_states(summaries, usps),
            "overview": state_overview(usps),
            "following": following,
            "can_edit": policy_record_policy.can_create(request.user, state=usps),
            "can_override": level_override_policy.can_create(request.user),
            "as_of": as_of,
        },
    )
