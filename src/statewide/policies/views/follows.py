"""Following states and policy types (signed-in users; changes arrive in the e-mail digest)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from statewide.core.errors import ApplicationError
from statewide.policies.selectors import follow_list, policy_type_list
from statewide.policies.services import follow_create, follow_delete


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/tracker/follows/"
    return HttpResponseRedirect(target)


@login_required
@require_safe
def follows(request: HttpRequest) -> HttpResponse:
    mine = list(follow_list(request.user))
    followed_types = {f.policy_type.code for f in mine if f.policy_type and f.jurisdiction is None}
    return TemplateResponse(
        request,
        "policies/follows.html",
        {"follows": mine, "types": [t for t in policy_type_list() if t.code not in followed_types]},
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    usps = request.POST.get("usps") or None
    policy_type = request.POST.get("policy_type") or None
    try:
        follow_create(actor=request.user, usps=usps, policy_type=policy_type)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Followed. Changes will be in your e-mail digest."))
    return _back(request)


@login_required
@require_POST
def unfollow(request: HttpRequest) -> HttpResponse:
    qs = follow_list(request.user)
    usps, policy_type = request.POST.get("usps") or None, request.POST.get("policy_type") or None
    qs = qs.filter(jurisdiction__usps=usps) if usps else qs.filter(jurisdiction__isnull=True)
    qs = qs.filter(policy_type__code=policy_type) if policy_type else qs.filter(policy_type__isnull=True)
    for f in qs:
        follow_delete(actor=request.user, follow=f)
    messages.success(request, _("No longer followed."))
    return _back(request)
