"""The public resource library (search and filters) and the partnerships registry."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from statewide.capacity import selectors
from statewide.capacity.instrument import DEFAULT_TIERS
from statewide.capacity.models import ResourceKind
from statewide.core.cache import public_page
from statewide.core.forms import SafeForm

PAGE_SIZE = 25


class ResourceSearchForm(SafeForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any type")), *ResourceKind.choices])
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[("", _("Any tier")), *((t["code"], t["name"]) for t in DEFAULT_TIERS)])

    def __init__(self, *args: object, domains: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["domain"].choices = [("", _("Any domain")), *domains.items()]  # type: ignore[attr-defined]


@require_safe
@public_page("capacity", daily=False)
def resources_page(request: HttpRequest) -> HttpResponse:
    domains = selectors.domain_titles()
    form = ResourceSearchForm(request.GET or None, domains=domains)
    filters = selectors.ResourceFilters(**{k: v or "" for k, v in form.cleaned_data.items()}) if form.is_valid() else selectors.ResourceFilters()
    page = Paginator(selectors.resource_list(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(r, [domains.get(d, d) for d in r.domains]) for r in page]
    return TemplateResponse(request, "capacity/resources.html", {"form": form, "page": page, "rows": rows})


@require_safe
@public_page("capacity", daily=False)
def partners_page(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "capacity/partners.html", {"partners": selectors.partnership_list()})
