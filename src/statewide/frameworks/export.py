"""A whole framework as plain JSON data: the API's detail document, the JSON download, and the
frozen snapshot of each FrameworkVersion (so every published version can be shown and diffed)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from statewide.core.tabular import csv_text
from statewide.frameworks.models import Descriptor, Example, Framework, Item, Link, Resource

EXPORT_FORMAT = "statewide-framework/1"
PROVENANCE = ("sources", "checked_on", "confirmed", "status_note")


def _prov(obj: Any) -> dict[str, Any]:
    return {
        "sources": obj.sources or [],
        "checked_on": obj.checked_on.isoformat() if obj.checked_on else None,
        "confirmed": obj.confirmed,
        "status_note": obj.status_note,
    }


def framework_queryset() -> Any:
    """Everything a full export needs, in a fixed number of queries."""
    return Framework.objects.prefetch_related(
        "levels",
        Prefetch("items", queryset=Item.objects.select_related("parent").order_by("position", "id")),
        Prefetch("items__descriptors", queryset=Descriptor.objects.select_related("level").order_by("level__position", "kind", "position")),
        Prefetch("items__examples", queryset=Example.objects.select_related("jurisdiction").order_by("position")),
        Prefetch("items__links_out", queryset=Link.objects.select_related("target__framework").order_by("kind", "target__position")),
        Prefetch("resources", queryset=Resource.objects.select_related("item").order_by("position")),
    )


def framework_export(fw: Framework) -> dict[str, Any]:
    """The framework as a JSON-ready dict. `fw` should come from `framework_queryset()`."""
    items = list(fw.items.all())
    return {
        "format": EXPORT_FORMAT,
        "framework": {
            "identifier": str(fw.identifier),
            "slug": fw.slug,
            "title": fw.title,
            "short_title": fw.short_title,
            "publisher": fw.publisher,
            "edition": fw.edition,
            "year": fw.year,
            "source_url": fw.source_url,
            "licence_note": fw.licence_note,
            "description": fw.description,
            "language": fw.language,
            "is_editorial": fw.is_editorial,
            "pack_version": fw.pack_version,
            **_prov(fw),
        },
        "levels": [
            {"identifier": str(lv.identifier), "code": lv.code, "name": lv.name, "description": lv.description, "position": lv.position, **_prov(lv)}
            for lv in fw.levels.all()
        ],
        "items": [_item(i) for i in items],
        "resources": [
            {
                "code": r.code,
                "item": r.item.code if r.item else None,
                "title": r.title,
                "url": r.url,
                "publisher": r.publisher,
                "year": r.year,
                "description": r.description,
                **_prov(r),
            }
            for r in fw.resources.all()
        ],
        "links": [
            {
                "identifier": str(link.identifier),
                "source": f"{fw.slug}/{i.code}",
                "target": f"{link.target.framework.slug}/{link.target.code}",
                "target_identifier": str(link.target.identifier),
                "kind": link.kind,
                "is_editorial": link.is_editorial,
                "note": link.note,
                **_prov(link),
            }
            for i in items
            for link in i.links_out.all()
        ],
    }


def _item(i: Item) -> dict[str, Any]:
    return {
        "identifier": str(i.identifier),
        "code": i.code,
        "kind": i.kind,
        "name": i.name,
        "definition": i.definition,
        "parent": i.parent.code if i.parent else None,
        "position": i.position,
        "is_foundational": i.is_foundational,
        **_prov(i),
        "descriptors": [
            {"identifier": str(d.identifier), "level": d.level.code, "kind": d.kind, "position": d.position, "text": d.text, **_prov(d)}
            for d in i.descriptors.all()
        ],
        "examples": [
            {
                "identifier": str(e.identifier),
                "code": e.code,
                "jurisdiction": e.jurisdiction.usps if e.jurisdiction else None,
                "year": e.year,
                "title": e.title,
                "summary": e.summary,
                "is_spotlight": e.is_spotlight,
                **_prov(e),
            }
            for e in i.examples.all()
        ],
    }


def _cite(sources: list[dict[str, Any]]) -> str:
    return " | ".join(s.get("url") or s.get("citation", "") for s in sources)


CSV_HEADER = [
    "framework",
    "record",
    "identifier",
    "item_code",
    "kind",
    "level",
    "position",
    "name_or_title",
    "text",
    "confirmed",
    "status_note",
    "sources",
    "checked_on",
]


def framework_csv(data: dict[str, Any]) -> str:
    """One row per level, item, descriptor and example, for spreadsheets."""
    rows: list[list[Any]] = [CSV_HEADER]
    slug = data["framework"]["slug"]
    for lv in data["levels"]:
        rows.append(
            [
                slug,
                "level",
                lv["identifier"],
                "",
                "",
                lv["code"],
                lv["position"],
                lv["name"],
                lv["description"],
                lv["confirmed"],
                lv["status_note"],
                _cite(lv["sources"]),
                lv["checked_on"],
            ]
        )
    for i in data["items"]:
        rows.append(
            [
                slug,
                "item",
                i["identifier"],
                i["code"],
                i["kind"],
                "",
                i["position"],
                i["name"],
                i["definition"],
                i["confirmed"],
                i["status_note"],
                _cite(i["sources"]),
                i["checked_on"],
            ]
        )
        for d in i["descriptors"]:
            rows.append(
                [
                    slug,
                    "descriptor",
                    d["identifier"],
                    i["code"],
                    d["kind"],
                    d["level"],
                    d["position"],
                    "",
                    d["text"],
                    d["confirmed"],
                    d["status_note"],
                    _cite(d["sources"]),
                    d["checked_on"],
                ]
            )
        for e in i["examples"]:
            rows.append(
                [
                    slug,
                    "example",
                    e["identifier"],
                    i["code"],
                    "spotlight" if e["is_spotlight"] else "example",
                    e["jurisdiction"] or "",
                    "",
                    e["title"],
                    e["summary"],
                    e["confirmed"],
                    e["status_note"],
                    _cite(e["sources"]),
                    e["checked_on"],
                ]
            )
    return csv_text(rows)
