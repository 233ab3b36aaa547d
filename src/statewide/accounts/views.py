from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from statewide.accounts import services, throttles
from statewide.accounts.forms import ApiTokenForm, AuditFilterForm, MembershipGrantForm, SignInForm
from statewide.accounts.permissions import api_token_policy, audit_event_policy, membership_policy
from statewide.accounts.selectors import AuditFilters, audit_event_list, organisation_members, user_api_tokens, user_memberships
from statewide.core import SITE_NAME
from statewide.core.errors import ApplicationError
from statewide.core.permissions import access
from statewide.places.permissions import organisation_policy


class SignInView(auth_views.LoginView):
    template_name = "accounts/signin.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttles.signin_address_blocked(request):  # password spraying from this address
            return TemplateResponse(request, "accounts/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # LoginView puts the host name in `site_name`; the page title and footer name the product.
        return super().get_context_data(**kwargs) | {"site_name": SITE_NAME}


class SignOutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        if not throttles.password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(None, _("Too many password-reset requests. Please wait an hour and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        from statewide.core.audit import audit_record  # noqa: PLC0415

        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=form.user, action="user.password_reset", obj=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_http_methods(["GET", "POST"])
def account_page(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
            )
            form = ApiTokenForm()
        except ApplicationError as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    context = {
        "memberships": user_memberships(request.user),
        "tokens": user_api_tokens(request.user),
        "form": form,
        "new_token": new_token,
    }
    return TemplateResponse(request, "accounts/account.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    token = access(api_token_policy, request.user, action="revoke", public_id=public_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked. Scripts using it will stop working."))
    return redirect("accounts:account")


MEMBERS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members_page(request: HttpRequest, public_id: str) -> HttpResponse:
    org = access(organisation_policy, request.user, action="view_members", public_id=public_id)
    can_manage = organisation_policy.can(request.user, "manage_members", org)
    form = MembershipGrantForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                d = form.cleaned_data
                services.membership_invite(actor=request.user, email=d["email"], full_name=d["full_name"], role=d["role"], organisation=org)
                messages.success(request, _("Role granted."))
                return redirect("accounts:organisation_members", public_id=org.public_id)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                for field, errors in exc.fields.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
    page = Paginator(organisation_members(request.user, org), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    on_page = [m.pk for m in page.object_list]
    revocable = set(membership_policy.filter(request.user, "revoke").filter(pk__in=on_page).values_list("pk", flat=True)) if can_manage else set()
    return TemplateResponse(
        request, "accounts/organisation_members.html", {"organisation": org, "page": page, "can_manage": can_manage, "form": form, "revocable": revocable}
    )


@login_required
@require_POST
def membership_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    membership = access(membership_policy, request.user, action="revoke", public_id=public_id)
    org = membership.organisation
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("Role removed."))
    return redirect("accounts:organisation_members", public_id=org.public_id) if org else redirect("accounts:account")


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    if not audit_event_policy.can_any(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = AuditFilters(state=data["state"] or "", action=data["action"] or "", actor=data["actor"] or "", since=data["since"], until=data["until"])
    qs = audit_event_list(request.user, filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "accounts/audit.html", {"form": form, "page": page, "policy": audit_event_policy})
