"""Load content packs into the database: idempotent, atomic, with stable identifiers.

Identifiers are derived from the framework slug and codes (`derived_identifier`), so re-loading
updates rows in place and every identifier (and CASE sourcedId) stays the same. A framework pack
whose file has not changed since the last load is skipped, so published editorial changes are
kept until the pack itself changes (or `force=True`). Every framework gets version 1 on its first
load, and a new version whenever a load changes its content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from statewide.core.audit import audit_record
from statewide.core.permissions import Actor
from statewide.frameworks.models import Descriptor, Example, Framework, Item, Level, Link, Resource, derived_identifier
from statewide.frameworks.packs import Pack, qualify, read_packs
from statewide.frameworks.permissions import framework_policy
from statewide.places.models import Jurisdiction


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    links: int = 0
    new_versions: list[str] = field(default_factory=list)


def level_identifier(slug: str, code: str) -> Any:
    return derived_identifier(slug, "level", code)


def descriptor_identifier(slug: str, item: str, level: str, kind: str, position: int) -> Any:
    return derived_identifier(slug, item, "descriptor", level, kind, str(position))


def example_identifier(slug: str, item: str, code: str) -> Any:
    return derived_identifier(slug, item, "example", code)


def link_identifier(source: str, kind: str, target: str) -> Any:
    return derived_identifier("link", source, kind, target)


def _prov(data: dict[str, Any]) -> dict[str, Any]:
    """Provenance of one object: its own sources and the date they were checked (required per object by the schema)."""
    return {
        "sources": data["sources"],
        "checked_on": dt.date.fromisoformat(data["checked_on"]),
        "confirmed": data.get("confirmed", True),
        "status_note": data.get("status_note", ""),
    }


def frameworks_load_packs(*, actor: Actor, paths: list[Path] | None = None, force: bool = False) -> LoadReport:
    """Validate every pack, then load them all in one transaction (all or nothing). The system or content editors."""
    from statewide.frameworks.versions import framework_version_ensure  # noqa: PLC0415

    framework_policy.require_create(actor)
    known_usps = set(Jurisdiction.objects.values_list("usps", flat=True))
    known_items = {f"{s}/{c}" for s, c in Item.objects.values_list("framework__slug", "code")}
    packs = read_packs(paths, known_items=known_items, known_usps=known_usps)
    report = LoadReport()
    touched: dict[str, Framework] = {}
    with transaction.atomic():
        for pack in packs:
            if pack.slug:
                fw, changed = _load_framework(pack, actor, force)
                (report.loaded if changed else report.unchanged).append(pack.slug)
                if changed:
                    touched[fw.slug] = fw
            if pack.data.get("links") and (force or not pack.slug or pack.slug in touched or _links_changed(pack)):
                report.links += _load_links(pack, actor, touched)
        for slug in sorted({*touched, *(p.slug for p in packs if p.slug)}):
            fw = touched.get(slug) or Framework.objects.get(slug=slug)
            version = framework_version_ensure(fw, actor=actor, note=f"Loaded from content pack {fw.pack_version}")
            if version is not None:
                report.new_versions.append(f"{slug} v{version.number}")
    return report


def _links_changed(pack: Pack) -> bool:
    return not Link.objects.filter(pack_name=pack.name).exists()


def _load_framework(pack: Pack, actor: Actor, force: bool) -> tuple[Framework, bool]:
    data, slug = pack.data, pack.slug
    meta = data["framework"]
    existing = Framework.objects.filter(slug=slug).first()
    if existing and existing.pack_digest == pack.digest and not force:
        return existing, False
    fw, created = Framework.objects.update_or_create(
        slug=slug,
        defaults={
            "identifier": derived_identifier(slug),
            "title": meta["title"],
            "short_title": meta["short_title"],
            "publisher": meta["publisher"],
            "edition": meta.get("edition", ""),
            "year": meta.get("year"),
            "source_url": meta.get("source_url", ""),
            "licence_note": meta.get("licence_note", ""),
            "description": meta.get("description", ""),
            "language": meta.get("language", "en"),
            "is_editorial": meta.get("is_editorial", False),
            "position": meta.get("position", 0),
            "pack_version": data["pack_version"],
            "pack_digest": pack.digest,
            **_prov(meta),
        },
    )
    levels = {}
    for pos, lv in enumerate(data.get("levels", [])):
        levels[lv["code"]], _ = Level.objects.update_or_create(
            framework=fw,
            code=lv["code"],
            defaults={
                "identifier": level_identifier(slug, lv["code"]),
                "name": lv["name"],
                "description": lv.get("description", ""),
                "position": pos,
                **_prov(lv),
            },
        )
    Level.objects.filter(framework=fw).exclude(code__in=levels).delete()
    items: dict[str, Item] = {}
    keep_descriptors, keep_examples = [], []
    for pos, it in enumerate(data.get("items", [])):
        item, _ = Item.objects.update_or_create(
            framework=fw,
            code=it["code"],
            defaults={
                "identifier": derived_identifier(slug, it["code"]),
                "kind": it["kind"],
                "name": it["name"],
                "definition": it.get("definition", ""),
                "position": pos,
                "is_foundational": it.get("is_foundational", False),
                "parent": None,
                **_prov(it),
            },
        )
        items[it["code"]] = item
        slots: dict[tuple[str, str], int] = {}
        for d in it.get("descriptors", []):
            key = (d["level"], d["kind"])
            position = slots.get(key, 0)
            slots[key] = position + 1
            ident = descriptor_identifier(slug, it["code"], d["level"], d["kind"], position)
            Descriptor.objects.update_or_create(
                identifier=ident,
                defaults={"item": item, "level": levels[d["level"]], "kind": d["kind"], "position": position, "text": d["text"], **_prov(d)},
            )
            keep_descriptors.append(ident)
        for epos, ex in enumerate(it.get("examples", [])):
            ident = example_identifier(slug, it["code"], ex["code"])
            Example.objects.update_or_create(
                identifier=ident,
                defaults={
                    "item": item,
                    "code": ex["code"],
                    "jurisdiction": Jurisdiction.objects.get(usps=ex["jurisdiction"]) if ex.get("jurisdiction") else None,
                    "year": ex.get("year"),
                    "title": ex["title"],
                    "summary": ex["summary"],
                    "is_spotlight": ex.get("is_spotlight", False),
                    "position": epos,
                    **_prov(ex),
                },
            )
            keep_examples.append(ident)
    for it in data.get("items", []):
        if it.get("parent"):
            Item.objects.filter(pk=items[it["code"]].pk).update(parent=items[it["parent"]])
    Descriptor.objects.filter(item__framework=fw).exclude(identifier__in=keep_descriptors).delete()
    Example.objects.filter(item__framework=fw).exclude(identifier__in=keep_examples).delete()
    resource_codes = []
    for pos, r in enumerate(data.get("resources", [])):
        Resource.objects.update_or_create(
            framework=fw,
            code=r["code"],
            defaults={
                "item": items[r["item"]] if r.get("item") else None,
                "title": r["title"],
                "url": r.get("url", ""),
                "publisher": r.get("publisher", ""),
                "year": r.get("year"),
                "description": r.get("description", ""),
                "position": pos,
                **_prov(r),
            },
        )
        resource_codes.append(r["code"])
    Resource.objects.filter(framework=fw).exclude(code__in=resource_codes).delete()
    audit_record(
        actor=actor,
        action="framework.load_pack",
        obj=fw,
        object_id=str(fw.identifier),
        after={"pack": pack.name, "pack_version": fw.pack_version, "digest": pack.digest, "created": created},
    )
    return fw, True


def _load_links(pack: Pack, actor: Actor, touched: dict[str, Framework]) -> int:
    keep = []
    for link in pack.data["links"]:
        source_ref = qualify(link["source"], pack.slug) or ""
        target_ref = qualify(link["target"], pack.slug) or ""
        s_slug, s_code = source_ref.split("/")
        t_slug, t_code = target_ref.split("/")
        source = Item.objects.select_related("framework").get(framework__slug=s_slug, code=s_code)
        target = Item.objects.get(framework__slug=t_slug, code=t_code)
        ident = link_identifier(source_ref, link["kind"], target_ref)
        Link.objects.update_or_create(
            identifier=ident,
            defaults={
                "source": source,
                "target": target,
                "kind": link["kind"],
                "is_editorial": link.get("is_editorial", False),
                "note": link.get("note", ""),
                "pack_name": pack.name,
                **_prov(link),
            },
        )
        keep.append(ident)
        touched.setdefault(source.framework.slug, source.framework)
    stale = Link.objects.filter(pack_name=pack.name).exclude(identifier__in=keep)
    for link in stale.select_related("source__framework"):
        touched.setdefault(link.source.framework.slug, link.source.framework)
    stale.delete()
    audit_record(
        actor=actor,
        action="framework.load_links",
        object_type="frameworks.pack",
        object_id=pack.name[:80],
        object_repr=pack.name,
        after={"links": len(keep), "pack_version": pack.data["pack_version"]},
    )
    return len(keep)
