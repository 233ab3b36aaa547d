"""Published versions: the list, one old version in full (from its snapshot), and the diff of two."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from statewide.core.cache import public_page
from statewide.frameworks import selectors
from statewide.frameworks.models import DescriptorKind, FrameworkVersion, ItemKind
from statewide.frameworks.versions import snapshot_diff
from statewide.frameworks.views.public import display_value, framework_for

KIND_LABELS = dict(ItemKind.choices)
DESCRIPTOR_LABELS = dict(DescriptorKind.choices)


@require_safe
@public_page("frameworks", daily=False)
def version_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    fw = framework_for(request, slug)
    versions = list(selectors.version_list(fw))
    return TemplateResponse(request, "frameworks/versions.html", {"framework": fw, "versions": versions})


def _version(fw: Any, number: int) -> FrameworkVersion:
    try:
        return selectors.version_get(fw, number)
    except FrameworkVersion.DoesNotExist:
        raise Http404 from None


def snapshot_view(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot laid out for reading: items grouped by kind, descriptors per level."""
    levels = snapshot.get("levels", [])
    level_names = {lv["code"]: lv["name"] for lv in levels}
    groups: dict[str, list[dict[str, Any]]] = {}
    for it in snapshot.get("items", []):
        per_level = []
        for lv in levels:
            mine = [{**d, "kind_label": DESCRIPTOR_LABELS.get(d["kind"], d["kind"])} for d in it.get("descriptors", []) if d["level"] == lv["code"]]
            if mine:
                per_level.append({"name": level_names[lv["code"]], "descriptors": mine})
        groups.setdefault(it["kind"], []).append({**it, "per_level": per_level})
    kinds = [(KIND_LABELS.get(k, k), items) for k, items in groups.items()]
    return {"meta": snapshot.get("framework", {}), "levels": levels, "kinds": kinds, "links": snapshot.get("links", [])}


@require_safe
@public_page("frameworks", daily=False)
def version_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    fw = framework_for(request, slug)
    version = _version(fw, number)
    latest = fw.versions.order_by("-number").values_list("number", flat=True).first()
    ctx = {"framework": fw, "version": version, "snap": snapshot_view(version.snapshot), "latest": latest}
    return TemplateResponse(request, "frameworks/version.html", ctx)


@require_safe
@public_page("frameworks", daily=False)
def version_diff_page(request: HttpRequest, slug: str, a: int, b: int) -> HttpResponse:
    fw = framework_for(request, slug)
    old, new = _version(fw, a), _version(fw, b)
    changes = snapshot_diff(old.snapshot, new.snapshot)
    for c in changes:
        c.fields = [(name, display_value(before), display_value(after)) for name, before, after in c.fields]
    counts = {s: sum(1 for c in changes if c.status == s) for s in ("added", "removed", "changed")}
    return TemplateResponse(request, "frameworks/diff.html", {"framework": fw, "old": old, "new": new, "changes": changes, "counts": counts})
