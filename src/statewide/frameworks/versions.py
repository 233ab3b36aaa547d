"""Published versions: frozen snapshots of a whole framework, and the diff between two of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from statewide.core.audit import audit_record
from statewide.core.permissions import Actor, actor_user
from statewide.frameworks.export import framework_export, framework_queryset
from statewide.frameworks.models import Framework, FrameworkVersion


def current_snapshot(fw: Framework) -> dict[str, Any]:
    return framework_export(framework_queryset().get(pk=fw.pk))


def framework_version_create(fw: Framework, *, actor: Actor, note: str, snapshot: dict[str, Any] | None = None) -> FrameworkVersion:
    """Freeze the framework's current content as the next version (callers hold the transaction)."""
    number = (FrameworkVersion.objects.filter(framework=fw).aggregate(n=Max("number"))["n"] or 0) + 1
    user = actor_user(actor)
    version = FrameworkVersion.objects.create(
        framework=fw, number=number, published_by=user, note=note, snapshot=snapshot if snapshot is not None else current_snapshot(fw)
    )
    audit_record(
        actor=actor,
        action="framework_version.publish",
        obj=version,
        object_id=f"{fw.slug}@{number}",
        after={"framework": fw.slug, "number": number, "note": note},
    )
    return version


def framework_version_ensure(fw: Framework, *, actor: Actor, note: str) -> FrameworkVersion | None:
    """Version 1 on first load; a new version when the content no longer matches the latest one."""
    snap = current_snapshot(fw)
    latest = FrameworkVersion.objects.filter(framework=fw).order_by("-number").first()
    if latest is not None and latest.snapshot == snap:
        return None
    return framework_version_create(fw, actor=actor, note=note, snapshot=snap)


# ---- Diff ---------------------------------------------------------------------------------------
DIFF_FIELDS = {
    "item": ("name", "kind", "definition", "parent", "is_foundational", "confirmed", "status_note", "sources", "checked_on"),
    "level": ("name", "description", "confirmed", "status_note", "sources", "checked_on"),
    "descriptor": ("text", "level", "kind", "confirmed", "status_note", "sources", "checked_on"),
    "example": ("title", "summary", "jurisdiction", "year", "is_spotlight", "confirmed", "status_note", "sources", "checked_on"),
    "link": ("source", "target", "kind", "note", "is_editorial"),
}


@dataclass
class Change:
    record: str  # item, level, descriptor, example, link
    label: str
    status: str  # added, removed, changed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


def _records(snap: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    out: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for lv in snap.get("levels", []):
        out[("level", lv["identifier"])] = (lv["name"], lv)
    for it in snap.get("items", []):
        out[("item", it["identifier"])] = (it["name"], it)
        for d in it.get("descriptors", []):
            out[("descriptor", d["identifier"])] = (f"{it['name']} · {d['level']} · {d['kind']} {d['position'] + 1}", d)
        for e in it.get("examples", []):
            out[("example", e["identifier"])] = (f"{it['name']} · {e['title']}", e)
    for link in snap.get("links", []):
        out[("link", link["identifier"])] = (f"{link['source']} → {link['target']}", link)
    return out


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from `old` to `new`, record by record, field by field."""
    a, b = _records(old), _records(new)
    changes: list[Change] = []
    for key, (label, rec) in b.items():
        kind = key[0]
        if key not in a:
            changes.append(Change(kind, label, "added"))
            continue
        before = a[key][1]
        diffs = [(f, before.get(f), rec.get(f)) for f in DIFF_FIELDS[kind] if before.get(f) != rec.get(f)]
        if diffs:
            changes.append(Change(kind, label, "changed", diffs))
    for key, (label, _rec) in a.items():
        if key not in b:
            changes.append(Change(key[0], label, "removed"))
    meta_old, meta_new = old.get("framework", {}), new.get("framework", {})
    meta = [
        (f, meta_old.get(f), meta_new.get(f))
        for f in ("title", "short_title", "edition", "description", "licence_note", "pack_version")
        if meta_old.get(f) != meta_new.get(f)
    ]
    if meta:
        changes.insert(0, Change("framework", meta_new.get("short_title", ""), "changed", meta))
    return changes
