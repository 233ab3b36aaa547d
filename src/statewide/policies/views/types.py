"""The policy-type vocabulary: public list with the framework items each type corresponds to; editors edit it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from statewide.core.cache import public_page
from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.policies.forms import PolicyTypeForm
from statewide.policies.permissions import policy_type_policy
from statewide.policies.selectors import TRACKER_DOMAINS, follow_list, policy_type_list
from statewide.policies.services import policy_type_upsert


@require_safe
@public_page(*TRACKER_DOMAINS)
def type_list(request: HttpRequest) -> HttpResponse:
    followed: set[str] = set()
    if request.user.is_authenticated:
        followed = set(follow_list(request.user).filter(jurisdiction__isnull=True, policy_type__isnull=False).values_list("policy_type__code", flat=True))
    context = {"types": policy_type_list(), "can_edit": policy_type_policy.can_create(request.user), "followed": followed}
    return TemplateResponse(request, "policies/types.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def type_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not policy_type_policy.can_create(request.user):
        raise PermissionDenied
    ptype = policy_type_list().filter(code=code).first()
    if ptype is None:
        raise Http404
    initial = {
        "name": ptype.name,
        "description": ptype.description,
        "position": ptype.position,
        "items": "\n".join(f"{i.framework.slug}/{i.code}" for i in ptype.items.all()),
        "version": ptype.version,
    }
    form = PolicyTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            policy_type_upsert(
                actor=request.user, code=ptype.code, name=d["name"], description=d["description"], position=d["position"], items=d["items"],
                expected_version=d["version"],
            )  # fmt: skip
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Policy type saved."))
            return HttpResponseRedirect(reverse("policies:types") + f"#type-{ptype.code}")
    return TemplateResponse(request, "policies/type_form.html", {"form": form, "ptype": ptype})
