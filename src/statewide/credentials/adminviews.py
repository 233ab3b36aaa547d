"""Administration pages: set up issuers and rotate their keys, author micro-credentials (drafts,
publishing, new versions of published ones). Thin: forms validate, selectors read, services write."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.credentials import adminforms, selectors, services
from statewide.credentials.permissions import issuer_policy, version_policy

PAGE_SIZE = 25


def _require_manager(request: HttpRequest) -> None:
    if not (version_policy.can_create(request.user) or issuer_policy.can_create(request.user)):
        raise PermissionDenied


@login_required
@require_safe
def manage_page(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    context = {
        "issuers": selectors.issuers_managed(request.user),
        "can_add_issuer": selectors.organisations_to_make_issuers(request.user).exists(),
        "can_author": selectors.issuers_for_authoring(request.user).exists(),
        "page": Paginator(selectors.versions_managed(request.user), PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return TemplateResponse(request, "credentials/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def issuer_create_page(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    posted = request.method == "POST"
    form = adminforms.IssuerForm(request.POST if posted else None, organisations=selectors.organisations_to_make_issuers(request.user))
    if posted and form.is_valid():
        try:
            services.issuer_create(actor=request.user, **form.cleaned_data)
            return redirect("credentials:manage")
        except ApplicationError as exc:
            form_errors_from(form, exc)
    return TemplateResponse(request, "credentials/issuer_form.html", {"form": form}, status=400 if posted else 200)


@login_required
@require_http_methods(["GET", "POST"])
def issuer_edit_page(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = selectors.issuer_managed_get(request.user, slug)
    if issuer is None:
        raise Http404
    posted = request.method == "POST"
    initial = {"name": issuer.name, "url": issuer.url, "email": issuer.email, "description": issuer.description, "version": issuer.version}
    form = adminforms.IssuerEditForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            services.issuer_update(actor=request.user, issuer=issuer, expected_version=form.cleaned_data["version"], **values)
            return redirect("credentials:manage")
        except ApplicationError as exc:
            form_errors_from(form, exc)
    return TemplateResponse(request, "credentials/issuer_edit.html", {"form": form, "issuer": issuer}, status=400 if posted else 200)


@login_required
@require_POST
def issuer_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = selectors.issuer_managed_get(request.user, slug)
    if issuer is None:
        raise Http404
    services.issuer_key_rotate(actor=request.user, issuer=issuer)
    return redirect("credentials:manage")


@login_required
@require_http_methods(["GET", "POST"])
def version_create_page(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    posted = request.method == "POST"
    form = adminforms.NewMicroCredentialForm(
        request.POST if posted else None, issuers=selectors.issuers_for_authoring(request.user), items=selectors.alignment_choices()
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.micro_credential_create(
                actor=request.user, issuer=data["issuer"], slug=data["slug"], alignments=list(data["alignments"]), **form.service_fields()
            )
            return redirect("credentials:version_edit", public_id=version.public_id)
        except ApplicationError as exc:
            form_errors_from(form, exc)
    return TemplateResponse(request, "credentials/version_form.html", {"form": form, "version": None}, status=400 if posted else 200)


def _version(request: HttpRequest, public_id: Any) -> Any:
    version = selectors.version_managed_get(request.user, public_id)
    if version is None:
        raise Http404
    return version


def _initial(version: Any) -> dict[str, Any]:
    initial = {name: getattr(version, name) for name in adminforms.VersionForm.base_fields if name not in ("rubric", "alignments")}
    return initial | {"rubric": adminforms.VersionForm.rubric_text(version.rubric), "alignments": list(version.alignments.all())}


@login_required
@require_http_methods(["GET", "POST"])
def version_edit_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A draft is edited here; a published or retired version is shown read-only with "start a new version"."""
    version = _version(request, public_id)
    posted = request.method == "POST" and version.status == "draft"
    form = adminforms.VersionForm(request.POST if posted else None, initial=_initial(version), items=selectors.alignment_choices())
    if posted and form.is_valid():
        try:
            alignments, expected = list(form.cleaned_data["alignments"]), form.cleaned_data["version"]
            services.version_update(actor=request.user, version=version, alignments=alignments, expected_version=expected, **form.service_fields())
            return redirect("credentials:version_edit", public_id=version.public_id)
        except ApplicationError as exc:
            form_errors_from(form, exc)
    context = {"form": form, "version": version, "can_publish": version_policy.can(request.user, "publish", version)}
    return TemplateResponse(request, "credentials/version_form.html", context, status=400 if posted else 200)


@login_required
@require_POST
def version_publish(request: HttpRequest, public_id: Any) -> HttpResponse:
    version = _version(request, public_id)
    try:
        services.version_publish(actor=request.user, version=version)
    except ApplicationError as exc:
        form = adminforms.VersionForm(initial=_initial(version), items=selectors.alignment_choices())
        form.add_error(None, exc.message)
        return TemplateResponse(request, "credentials/version_form.html", {"form": form, "version": version}, status=400)
    return redirect("credentials:catalog_detail", public_id=version.public_id)


@login_required
@require_POST
def version_new_draft(request: HttpRequest, public_id: Any) -> HttpResponse:
    version = _version(request, public_id)
    draft: Any
    try:
        draft = services.version_new_draft(actor=request.user, micro_credential=version.micro_credential)
    except ApplicationError:
        draft = selectors.drafts_managed(request.user).filter(micro_credential=version.micro_credential).first()
        if draft is None:  # pragma: no cover - the only refusal is "a draft exists already"
            raise
    return redirect("credentials:version_edit", public_id=draft.public_id)
