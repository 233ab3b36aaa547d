from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from statewide.core.cache import public_page
from statewide.core.permissions import access
from statewide.places.forms import DistrictSearchForm
from statewide.places.permissions import organisation_policy
from statewide.places.selectors import DistrictFilters, district_list

PAGE_SIZE = 50


@require_safe
@public_page("places", daily=False)
def district_list_page(request: HttpRequest) -> HttpResponse:
    form = DistrictSearchForm(request.GET or None)
    filters = DistrictFilters()
    if form.is_valid():
        filters = DistrictFilters(**{k: v or "" for k, v in form.cleaned_data.items()})
    qs = district_list(request.user, filters).only(
        "public_id", "name", "nces_leaid", "city", "county_name", "locale_code", "agency_type", "grade_low", "grade_high", "jurisdiction__usps"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "places/district_list.html#results" if getattr(request, "htmx", False) else "places/district_list.html"
    return TemplateResponse(request, template, {"form": form, "page": page, "filters": filters})


@require_safe
@public_page("places", daily=False)
def district_detail_page(request: HttpRequest, leaid: str) -> HttpResponse:
    district = access(organisation_policy, request.user, queryset=district_list(request.user, DistrictFilters()), nces_leaid=leaid)
    can_see_members = organisation_policy.can(request.user, "view_members", district)
    return TemplateResponse(request, "places/district_detail.html", {"district": district, "can_see_members": can_see_members})
