"""Frameworks over the JSON API: list, the whole framework, search, downloads, CASE import."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.decorators import decorate_view

from statewide.api.auth import require_user
from statewide.api.jobs import JobAccepted, job_accepted
from statewide.api.pagination import CursorPage, cursor_paginate
from statewide.core.cache import public_page
from statewide.core.jobs import runs_in_background
from statewide.core.text import SingleLine
from statewide.frameworks.case.importer import framework_import_case, package_parse
from statewide.frameworks.case.jobs import case_import_enqueue
from statewide.frameworks.export import framework_csv, framework_export, framework_queryset
from statewide.frameworks.models import Framework
from statewide.frameworks.selectors import framework_list, search

router = Router(tags=["frameworks"])


class FrameworkSummary(Schema):
    slug: str
    identifier: str
    title: str
    publisher: str
    edition: str
    year: int | None
    source_url: str
    is_editorial: bool
    items: int
    levels: int
    url: str
    case_package: str


class ListQuery(Schema):
    cursor: SingleLine | None = None
    limit: int = 50


class SearchHit(Schema):
    framework: str
    item: str
    kind: str
    name: str
    field: str
    text: str
    url: str


class SearchQuery(Schema):
    q: SingleLine
    framework: SingleLine = ""


def _summary(request: HttpRequest, fw: Any) -> dict[str, Any]:
    return {
        "slug": fw.slug,
        "identifier": str(fw.identifier),
        "title": fw.title,
        "publisher": fw.publisher,
        "edition": fw.edition,
        "year": fw.year,
        "source_url": fw.source_url,
        "is_editorial": fw.is_editorial,
        "items": fw.item_count,
        "levels": fw.level_count,
        "url": request.build_absolute_uri(reverse("frameworks:overview", args=[fw.slug])),
        "case_package": request.build_absolute_uri(reverse("case:package", args=[fw.identifier])),
    }


@router.get("/frameworks/", response=CursorPage[FrameworkSummary], summary="Frameworks (public)")
@decorate_view(public_page("frameworks", daily=False))
def frameworks(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    rows, next_cursor = cursor_paginate(framework_list(request.api_user), cursor=query.cursor, limit=query.limit, order_by="position")  # type: ignore[attr-defined]
    return {"items": [_summary(request, fw) for fw in rows], "next_cursor": next_cursor}


@router.get("/frameworks/search", response=list[SearchHit], summary="Full-text search across frameworks")
@decorate_view(public_page("frameworks", daily=False))
def frameworks_search(request: HttpRequest, query: Query[SearchQuery]) -> list[dict[str, Any]]:
    hits = search(request.api_user, query.q, framework=query.framework)[:100]  # type: ignore[attr-defined]
    return [
        {
            "framework": h.item.framework.slug,
            "item": h.item.code,
            "kind": h.item.kind,
            "name": h.item.name,
            "field": h.field,
            "text": h.text,
            "url": request.build_absolute_uri(reverse("frameworks:item", args=[h.item.framework.slug, h.item.code])),
        }
        for h in hits
    ]


def _framework(slug: str) -> Framework:
    return get_object_or_404(framework_queryset(), slug=slug)


@router.get("/frameworks/{slug}/", summary="A whole framework: items, levels, descriptors, examples, links and sources")
@decorate_view(public_page("frameworks", daily=False))
def framework_detail(request: HttpRequest, slug: str) -> JsonResponse:
    return JsonResponse(framework_export(_framework(slug)), json_dumps_params={"ensure_ascii": False})


@router.get("/frameworks/{slug}/export.json", summary="Download a framework as JSON")
@decorate_view(public_page("frameworks", daily=False))
def framework_download_json(request: HttpRequest, slug: str) -> JsonResponse:
    response = JsonResponse(framework_export(_framework(slug)), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{slug}.json"'
    return response


@router.get("/frameworks/{slug}/export.csv", summary="Download a framework as CSV")
@decorate_view(public_page("frameworks", daily=False))
def framework_download_csv(request: HttpRequest, slug: str) -> HttpResponse:
    response = HttpResponse(framework_csv(framework_export(_framework(slug))), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response


class CaseImportOut(Schema):
    slug: str
    identifier: str
    url: str


@router.post(
    "/frameworks/import-case", response={201: CaseImportOut, 202: JobAccepted}, summary="Import a CASE 1.0 CFPackage as a new framework (content editors)"
)
def framework_import(request: HttpRequest, response: HttpResponse, slug: str | None = None) -> Any:
    """The body is the CFPackage JSON (at most 5 MB). Every problem is listed in `fields.package` with its JSON path; nothing is written then.
    A body over 64 KB is imported in the background: the answer is 202 with the job's `url`
    (`GET /api/v1/jobs/{id}`: progress, then the framework's `slug` or the same `fields`)."""
    user = require_user(request)
    if runs_in_background(len(request.body)):
        return job_accepted(request, response, case_import_enqueue(actor=user, data=request.body, slug=slug or ""))
    fw = framework_import_case(actor=user, package=package_parse(request.body), slug=slug)
    return Status(201, {"slug": fw.slug, "identifier": str(fw.identifier), "url": request.build_absolute_uri(reverse("frameworks:overview", args=[fw.slug]))})
