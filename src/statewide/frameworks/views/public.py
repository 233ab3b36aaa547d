"""Public pages (no sign-in): index, overview, item, phase, spotlights, search, crosswalk."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from statewide.core.cache import public_page
from statewide.core.permissions import access
from statewide.frameworks import selectors
from statewide.frameworks.forms import CrosswalkForm, SearchForm
from statewide.frameworks.models import DescriptorKind, Framework, Item, ItemKind, Level
from statewide.frameworks.permissions import framework_policy

SNIPPET_CHARS = 240
CONTINUUM_ROWS = [
    ("goals", DescriptorKind.GOAL.label),
    ("actions", DescriptorKind.ACTION.label),
    ("questions", DescriptorKind.STRATEGIC_QUESTION.label),
]


def framework_for(request: HttpRequest, slug: str, action: str = "view") -> Framework:
    return access(framework_policy, request.user, action=action, slug=slug)


def highlight(text: str, words: list[str], *, limit: int | None = None) -> SafeString:
    """Escape `text`, then wrap each search word in <mark>; optionally a window around the first match."""
    if limit and len(text) > limit:
        lowered = text.lower()
        first = min((i for i in (lowered.find(w.lower()) for w in words) if i >= 0), default=0)
        start = max(0, first - limit // 3)
        end = min(len(text), start + limit)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    out = str(escape(text))
    escaped = sorted({str(escape(w)) for w in words if w}, key=len, reverse=True)
    if escaped:
        pattern = re.compile("|".join(re.escape(w) for w in escaped), re.IGNORECASE)
        out = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", out)
    return mark_safe(out)


def display_value(value: Any) -> str:
    """A stored value (sources list, flag, date, text) as plain text for the diff and drafts pages."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        parts = []
        for v in value:
            if isinstance(v, dict):
                parts.append(" | ".join(str(x) for x in (v.get("url") or v.get("citation"), v.get("title")) if x))
            else:
                parts.append(str(v))
        return "; ".join(parts) or "—"
    return str(value)


@require_safe
@public_page("frameworks", daily=False)
def index(request: HttpRequest) -> HttpResponse:
    frameworks = list(selectors.framework_list(request.user))
    return TemplateResponse(request, "frameworks/index.html", {"frameworks": frameworks, "search_form": SearchForm()})


def _switcher(request: HttpRequest) -> list[Framework]:
    return list(selectors.framework_list(request.user).only("slug", "short_title", "title"))


@require_safe
@public_page("frameworks", daily=False)
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    fw = framework_for(request, slug)
    shape = selectors.framework_overview(fw)
    by_kind = shape["by_kind"]
    main_kinds = [ItemKind.STRATEGY, ItemKind.CORE_COMMITMENT, ItemKind.CONDITION]
    other_kinds = [(k, label, items) for k, label, items in shape["kinds"] if k not in main_kinds]
    unconfirmed = [i for i in shape["items"] if not i.confirmed]
    ctx: dict[str, Any] = {
        "framework": fw,
        "frameworks": _switcher(request),
        "levels": shape["levels"],
        "strategies": by_kind.get(ItemKind.STRATEGY, []),
        "commitments": by_kind.get(ItemKind.CORE_COMMITMENT, []),
        "conditions": by_kind.get(ItemKind.CONDITION, []),
        "other_kinds": other_kinds,
        "unconfirmed_count": len(unconfirmed),
        "item_count": len(shape["items"]),
        "can_edit": framework_policy.can_create(request.user),
    }
    return TemplateResponse(request, "frameworks/overview.html", ctx)


def continuum_rows(item: Item, levels: list[Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    cells = selectors.continuum(item, levels)
    rows = [{"key": key, "label": label, "cells": [(c.level, getattr(c, key)) for c in cells]} for key, label in CONTINUUM_ROWS]
    if any(c.others for c in cells):
        rows.append({"key": "others", "label": DescriptorKind.DESCRIPTION.label, "cells": [(c.level, c.others) for c in cells]})
    return cells, rows


def missing_blocks(cells: list[Any]) -> list[tuple[Any, list[str]]]:
    """One entry per phase block the pack has no text for: (level, the parts missing; empty = all of it).

    The page says so once per block under the table, instead of labelling every empty cell."""
    out: list[tuple[Any, list[str]]] = []
    for c in cells:
        missing = [str(label) for key, label in CONTINUUM_ROWS if not getattr(c, key)]
        if len(missing) == len(CONTINUUM_ROWS) and not c.others:
            out.append((c.level, []))
        elif missing:
            out.append((c.level, missing))
    return out


def merged_sources(objs: list[Any]) -> list[dict[str, Any]]:
    """Every source of the objects once (by URL or citation), with the latest checked-on date."""
    seen: dict[str, dict[str, Any]] = {}
    for obj in objs:
        checked = obj.checked_on.isoformat() if obj.checked_on else ""
        for src in obj.sources or []:
            key = src.get("url") or src.get("citation") or ""
            if not key:
                continue
            entry = seen.setdefault(key, {**src, "checked_on": src.get("checked_on") or checked})
            entry["checked_on"] = max(entry.get("checked_on") or "", src.get("checked_on") or checked)
    return list(seen.values())


@require_safe
@public_page("frameworks", daily=False)
def item_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    fw = framework_for(request, slug)
    try:
        item = selectors.item_detail(fw, code)
    except Item.DoesNotExist:
        raise Http404 from None
    levels = list(fw.levels.all())
    descriptors = list(item.descriptors.all())
    show_continuum = bool(levels) and (item.kind == ItemKind.CONDITION or bool(descriptors))
    cells, rows = continuum_rows(item, levels) if show_continuum else ([], [])
    related = [(link, link.target, "out") for link in item.links_out.all()] + [(link, link.source, "in") for link in item.links_in.all()]
    can_edit = framework_policy.can_create(request.user)
    notes: list[str] = []
    for d in descriptors:
        number = None
        if not d.confirmed and d.status_note:
            if d.status_note not in notes:
                notes.append(d.status_note)
            number = notes.index(d.status_note) + 1
        setattr(d, "note_number", number)  # noqa: B010 - a display-only attribute
    examples = list(item.examples.all())
    ctx = {
        "framework": fw,
        "item": item,
        "levels": levels,
        "rows": rows,
        "missing_blocks": missing_blocks(cells),
        "questions": [d for d in descriptors if d.kind == DescriptorKind.STRATEGIC_QUESTION],
        "examples": examples,
        "notes": notes,
        "all_sources": merged_sources([item, *descriptors, *examples]),
        "related": related,
        "resources": list(item.resources.all()),
        "children": list(item.children.all()),
        "can_edit": can_edit,
        "has_draft": can_edit and selectors.draft_exists(fw, item),
    }
    return TemplateResponse(request, "frameworks/item.html", ctx)


@require_safe
@public_page("frameworks", daily=False)
def level_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    fw = framework_for(request, slug)
    try:
        level, rows = selectors.level_rows(fw, code)
    except Level.DoesNotExist:
        raise Http404 from None
    levels = list(fw.levels.all())
    with_text = [r for r in rows if r["goals"] or r["actions"] or r["questions"] or r["others"]]
    without_text = [r["item"] for r in rows if r not in with_text]
    return TemplateResponse(
        request,
        "frameworks/level.html",
        {"framework": fw, "level": level, "levels": levels, "rows": with_text, "items_without_text": without_text, "any_rows": bool(rows)},
    )


@require_safe
@public_page("frameworks", daily=False)
def spotlight_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    fw = framework_for(request, slug)
    examples = list(selectors.spotlight_list(fw))
    return TemplateResponse(request, "frameworks/spotlights.html", {"framework": fw, "examples": examples})


@require_safe
@public_page("frameworks", daily=False)
def spotlight_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    fw = framework_for(request, slug)
    example = selectors.example_get(fw, code)
    if example is None:
        raise Http404
    ctx = {"framework": fw, "example": example, "can_edit": framework_policy.can_create(request.user)}
    return TemplateResponse(request, "frameworks/spotlight.html", ctx)


@require_safe
@public_page("frameworks", daily=False)
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    hits: list[dict[str, Any]] = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        words = [w for w in query.split() if len(w) > 1][:8]
        for hit in selectors.search(request.user, query, framework=form.cleaned_data["framework"] or ""):
            hits.append(
                {
                    "item": hit.item,
                    "field": hit.field,
                    "name": highlight(hit.item.name, words),
                    "snippet": highlight(hit.text, words, limit=SNIPPET_CHARS),
                }
            )
    template = "frameworks/search.html#results" if getattr(request, "htmx", False) else "frameworks/search.html"
    return TemplateResponse(request, template, {"form": form, "hits": hits, "query": query})


@require_safe
@public_page("frameworks", daily=False)
def crosswalk_page(request: HttpRequest) -> HttpResponse:
    data = request.GET if ("left" in request.GET or "right" in request.GET) else {"left": "kw-spf-2019", "right": "inacol-promising-2016"}
    form = CrosswalkForm(data)
    links: list[Any] = []
    left = right = None
    if form.is_valid():
        frameworks = {fw.slug: fw for fw in selectors.framework_list(request.user).filter(slug__in=[form.cleaned_data["left"], form.cleaned_data["right"]])}
        left, right = frameworks.get(form.cleaned_data["left"]), frameworks.get(form.cleaned_data["right"])
        if left and right:
            links = selectors.crosswalk(request.user, left, right)
    ctx = {"form": form, "links": links, "left": left, "right": right}
    return TemplateResponse(request, "frameworks/crosswalk.html", ctx)
