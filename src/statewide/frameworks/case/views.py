"""CASE 1.0 provider endpoints (read-only, public) and the CASE import page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from statewide.core.jobs import runs_in_background
from statewide.frameworks.case.documents import CaseBuilder, derived, item_type, item_type_identifier
from statewide.frameworks.case.forms import CaseImportForm
from statewide.frameworks.case.importer import CaseImportError, framework_import_case, package_parse
from statewide.frameworks.case.jobs import case_import_enqueue
from statewide.frameworks.case.selectors import (
    case_all_documents,
    case_document,
    case_documents,
    case_documents_linking_into,
    case_item,
    case_item_type_changed,
    case_items_with_frameworks,
    case_link,
)
from statewide.frameworks.models import Framework, ItemKind
from statewide.frameworks.permissions import framework_policy


def _status(status: int, code: str, description: str, field: str = "sourcedId") -> JsonResponse:
    body = {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": code}]},
    }
    return JsonResponse(body, status=status)


def case_get(view: Callable[..., JsonResponse]) -> Callable[..., Any]:
    """A read-only CASE endpoint: GET and HEAD only, any other method is 405 with `Allow` (the
    binding defines no status body for it). CSRF does not apply: nothing is written."""
    return csrf_exempt(require_http_methods(["GET", "HEAD"])(view))


def _not_found(sourced_id: str) -> JsonResponse:
    return _status(404, "unknownobject", _("No object with sourcedId %(id)s.") % {"id": sourced_id})


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _json(data: Any) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@case_get
def documents(request: HttpRequest) -> JsonResponse:
    try:
        limit = int(request.GET.get("limit", 100))
        offset = int(request.GET.get("offset", 0))
        if limit < 1 or offset < 0:
            raise ValueError
    except ValueError:
        return _status(400, "invalid_selection_field", _("limit must be at least 1 and offset at least 0."), field="limit")
    frameworks = case_documents(offset, limit)
    if not frameworks:  # CASE's CFDocumentSet holds at least one document: a page past the end is "unknown object"
        return _status(404, "unknownobject", _("No CFDocuments at offset %(n)d.") % {"n": offset}, field="offset")
    return _json({"CFDocuments": [CaseBuilder(fw, _base(request)).document() for fw in frameworks]})


def _framework(sourced_id: str) -> Framework | None:
    ident = _uuid(sourced_id)
    return case_document(ident) if ident else None


@case_get
def document(request: HttpRequest, sourced_id: str) -> JsonResponse:
    fw = _framework(sourced_id)
    return _json(CaseBuilder(fw, _base(request)).document()) if fw else _not_found(sourced_id)


@case_get
def package(request: HttpRequest, sourced_id: str) -> JsonResponse:
    fw = _framework(sourced_id)
    return _json(CaseBuilder(fw, _base(request)).package()) if fw else _not_found(sourced_id)


@case_get
def item(request: HttpRequest, sourced_id: str) -> JsonResponse:
    ident = _uuid(sourced_id)
    found = case_item(ident) if ident else None
    if found is None:
        return _not_found(sourced_id)
    builder = CaseBuilder(found.framework, _base(request))
    return _json(builder.item(next(i for i in builder.items if i.pk == found.pk)))


@case_get
def item_type_view(request: HttpRequest, sourced_id: str) -> JsonResponse:
    """CFItemTypeSet: the item type every CFItemTypeURI points at (no child types)."""
    ident = _uuid(sourced_id)
    kind = next((k for k in ItemKind.values if item_type_identifier(k) == ident), None)
    latest = case_item_type_changed(kind) if kind else None
    if kind is None or latest is None:
        return _not_found(sourced_id)
    return _json({"CFItemTypes": [item_type(kind, _base(request), latest)]})


@case_get
def undefined_definition(request: HttpRequest, sourced_id: str) -> JsonResponse:
    """CFConcepts, CFSubjects, CFLicenses, CFAssociationGroupings: our packages define none
    (their CFDefinitions lists are empty), so every sourcedId is an unknown object."""
    return _not_found(sourced_id)


def _associations_of(fw: Framework, base: str) -> list[dict[str, Any]]:
    return CaseBuilder(fw, base).associations()


@case_get
def association(request: HttpRequest, sourced_id: str) -> JsonResponse:
    ident = _uuid(sourced_id)
    if ident is None:
        return _not_found(sourced_id)
    link = case_link(ident)
    if link is not None:
        candidates = [link.source.framework]
    else:  # an isChildOf association: its identifier is derived from its item's
        candidates = list({i.framework for i in case_items_with_frameworks() if derived(i.identifier, "isChildOf") == ident})
    for fw in candidates:
        for a in _associations_of(fw, _base(request)):
            if a["identifier"] == str(ident):
                return _json(a)
    return _not_found(sourced_id)


@case_get
def item_associations(request: HttpRequest, sourced_id: str) -> JsonResponse:
    ident = _uuid(sourced_id)
    found = case_item(ident) if ident else None
    if found is None:
        return _not_found(sourced_id)
    builder = CaseBuilder(found.framework, _base(request))
    # CFAssociationSet: the item (CFItem.Type) and its associations in the package form (CFPckgAssociation.Type).
    mine = [a for a in builder.associations(packaged=True) if str(ident) in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])]
    # Links into this item from other frameworks belong to those frameworks' documents.
    for fw in case_documents_linking_into(found):
        mine += [a for a in CaseBuilder(fw, _base(request)).associations(packaged=True) if a["destinationNodeURI"]["identifier"] == str(ident)]
    return _json({"CFItem": builder.item(next(i for i in builder.items if i.pk == found.pk)), "CFAssociations": mine})


@case_get
def rubric(request: HttpRequest, sourced_id: str) -> JsonResponse:
    ident = _uuid(sourced_id)
    for fw in case_all_documents() if ident else []:
        if derived(fw.identifier, "rubric") == ident:
            data = CaseBuilder(fw, _base(request)).rubric()
            if data:
                return _json(data)
    return _not_found(sourced_id)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not framework_policy.can_create(request.user):
        raise PermissionDenied
    form = CaseImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            if runs_in_background(upload.size):
                job = case_import_enqueue(actor=request.user, data=upload.read(), slug=form.cleaned_data.get("slug") or "", name=upload.name)
                return redirect("web:job", public_id=job.public_id)
            data = package_parse(form.cleaned_data["file"].read())
            fw = framework_import_case(actor=request.user, package=data, slug=form.cleaned_data.get("slug") or None)
            messages.success(request, _("Imported %(title)s.") % {"title": fw.title})
            return redirect("frameworks:overview", slug=fw.slug)
        except CaseImportError as exc:
            form.add_error("file", exc.message)
            problems = exc.fields.get("package", []) + exc.fields.get("file", [])
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "frameworks/case/import.html", {"form": form, "problems": problems}, status=status)
