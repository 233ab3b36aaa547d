"""The public resource library (search and filters) and the partnerships registry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.capacity import selectors, services
from statewide.capacity.forms import ResourceForm
from statewide.capacity.instrument import DEFAULT_TIERS
from statewide.capacity.models import ResourceKind
from statewide.capacity.permissions import resource_policy
from statewide.capacity.views.manage import form_page
from statewide.capacity.views.readiness import form_errors
from statewide.core.cache import public_page
from statewide.core.errors import ApplicationError
from statewide.core.forms import SafeForm
from statewide.core.permissions import access

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
    ctx = {"form": form, "page": page, "rows": rows, "can_edit": resource_policy.can_create_anywhere(request.user)}
    return TemplateResponse(request, "capacity/resources.html", ctx)


@require_safe
@public_page("capacity", daily=False)
def partners_page(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "capacity/partners.html", {"partners": selectors.partnership_list()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_edit(request: HttpRequest, public_id: str | None = None) -> HttpResponse:
    """Content editors add a resource (no id) or edit one."""
    resource = access(resource_policy, request.user, action="change", public_id=public_id) if public_id else None
    if resource is None and not resource_policy.can_create_anywhere(request.user):
        raise PermissionDenied
    fields = ("title", "kind", "url", "summary", "domains", "tiers", "audience", "source", "published")
    initial = {k: getattr(resource, k) for k in (*fields, "version")} if resource else {}
    tiers = [(t["code"], t["name"]) for t in DEFAULT_TIERS]
    form = ResourceForm(request.POST or None, initial=initial, tiers=tiers, domains=selectors.domain_titles())
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in fields} | {"domains": list(form.cleaned_data["domains"]), "tiers": list(form.cleaned_data["tiers"])}
        try:
            if resource is None:
                services.resource_create(actor=request.user, **values)
            else:
                services.resource_update(actor=request.user, resource=resource, expected_version=form.cleaned_data["version"], **values)
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, gettext("The resource is saved."))
            return redirect("capacity:resources")
    heading = gettext("Edit the resource") if resource else gettext("Add a resource")
    extra: dict[str, Any] = (
        {"withdraw_url": reverse("capacity:resource_withdraw", args=[resource.public_id]), "withdrawn_on": resource.withdrawn_on} if resource else {}
    )
    return form_page(request, form, heading=heading, back=reverse("capacity:resources"), **extra)


@login_required
@require_POST
def resource_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    """Content editors withdraw a resource from the public library (the same service as the API)."""
    resource = access(resource_policy, request.user, action="change", public_id=public_id)
    try:
        services.resource_withdraw(actor=request.user, resource=resource)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("capacity:resource_edit", public_id)
    messages.success(request, gettext("The resource is withdrawn from the library."))
    return redirect("capacity:resources")
