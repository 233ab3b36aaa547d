"""Peer networks: list per state, detail with applications, selection, waitlist, convenings and attendance."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from statewide.capacity import selectors, services
from statewide.capacity.models import MembershipStatus
from statewide.capacity.permissions import network_policy, ta_policy
from statewide.capacity.views.supports import _state
from statewide.core.errors import ApplicationError
from statewide.core.forms import SafeForm

PAGE_SIZE = 50


class ConveningForm(SafeForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    location = forms.CharField(label=gettext_lazy("Location"), max_length=200, required=False)
    materials_url = forms.URLField(label=gettext_lazy("Link to shared materials"), required=False, assume_scheme="https")


def _day(text: str) -> dt.date | None:
    """The optional day the state records for a selection or a departure (empty: today)."""
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ApplicationError(_("Give the day as YYYY-MM-DD."), fields={"on": [_("Give the day as YYYY-MM-DD.")]}) from exc


@require_safe
def network_list(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    today = timezone.localdate()
    page = Paginator(selectors.network_list(state), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, n.application_status(today)) for n in page]
    ctx = {"state": state, "page": page, "rows": rows, "can_create": network_policy.can_create(request.user, state=state.usps)}
    return TemplateResponse(request, "capacity/networks.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
def network_page(request: HttpRequest, public_id: str) -> HttpResponse:
    network = selectors.network_get(public_id)
    can_manage = network_policy.can(request.user, "manage", network)
    mine = [d for d in selectors.user_districts(request.user) if d.jurisdiction_id == network.jurisdiction_id] if request.user.is_authenticated else []
    form = ConveningForm(request.POST if request.POST.get("action") == "convening" else None)
    detail = selectors.network_detail(network)
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "apply":
                district = next((d for d in mine if d.nces_leaid == request.POST.get("leaid")), None)
                if district is None or not ta_policy.can_create(request.user, org=district):
                    raise PermissionDenied
                services.network_apply(actor=request.user, network=network, district=district, statement=request.POST.get("statement", ""))
                messages.success(request, _("Your application is with the state."))
            elif action in ("select", "leave"):
                member = next((m for m in detail["members"] if str(m.pk) == request.POST.get("member")), None)
                if member is None:
                    raise Http404
                on = _day(request.POST.get("on", ""))
                if action == "select":
                    done = services.network_select(actor=request.user, member=member, joined_on=on)
                    messages.success(
                        request, _("Selected.") if done.status == MembershipStatus.MEMBER else _("The network is full: the district is on the waitlist.")
                    )
                else:
                    services.network_leave(actor=request.user, member=member, left_on=on)
                    messages.success(request, _("Recorded."))
            elif action == "attendance":
                convening = next((c for c in detail["convenings"] if str(c.public_id) == request.POST.get("convening")), None)
                if convening is None:
                    raise Http404
                chosen = set(request.POST.getlist("attended"))
                services.attendance_record(actor=request.user, convening=convening, districts=[d for d in detail["member_districts"] if d.nces_leaid in chosen])
                messages.success(request, _("Attendance saved."))
            elif action == "convening" and form.is_valid():
                services.convening_create(actor=request.user, network=network, **form.cleaned_data)
                messages.success(request, _("Convening scheduled."))
            elif action != "convening":
                raise PermissionDenied
        except ApplicationError as exc:
            messages.error(request, exc.message)
        if action != "convening" or not form.errors:
            return redirect("capacity:network", network.public_id)
    ctx = {"network": network, **detail, "can_manage": can_manage, "mine": mine, "form": form, "domains": selectors.domain_titles(),
           "round_status": network.application_status(timezone.localdate())}  # fmt: skip
    return TemplateResponse(request, "capacity/network.html", ctx, status=400 if form.errors else 200)
