"""Writes for frameworks: draft edits by content editors, publishing, discarding.

Edits never change published content directly: each makes (or updates) one `DraftChange` per
edited object. `framework_publish` applies every draft of a framework, freezes a new
`FrameworkVersion` and audits; public pages only ever show published content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.concurrency import UNKNOWN, version_bump
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.frameworks.loader import descriptor_identifier
from statewide.frameworks.models import Descriptor, DescriptorKind, DraftChange, Example, Framework, FrameworkVersion, Item, Level
from statewide.frameworks.permissions import framework_policy
from statewide.frameworks.versions import framework_version_create

ITEM_FIELDS = ("name", "definition", "status_note", "confirmed", "sources", "checked_on")
DESCRIPTOR_FIELDS = ("text", "status_note", "confirmed", "sources", "checked_on")
EXAMPLE_FIELDS = ("title", "summary", "year", "status_note", "confirmed", "sources", "checked_on")


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _current(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return _jsonable({f: getattr(obj, f) for f in fields})


def _require_sources(values: dict[str, Any]) -> None:
    if not values.get("sources"):
        raise ApplicationError(_("Give at least one source (a URL or a citation)."), fields={"sources": [_("A source is required.")]})


def _lock_edit(obj: Any, target: str, expected: int | None, submitted: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Optimistic locking of a draft edit (core.concurrency): the object's `version` must still be the
    one the editor's form was opened at; every draft edit bumps it."""
    if expected is None:  # callers that do not track versions (loaders, older forms): count the edit
        type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)
        return

    def saved_now(current: int | None) -> dict[str, tuple[Any, Any]]:
        draft = DraftChange.objects.filter(target_type=target, target_identifier=obj.identifier).first()
        now = {**_current(obj, fields), **({k: v for k, v in draft.values.items() if k in fields} if draft else {})}
        return {f: (UNKNOWN, now.get(f)) for f in fields if f in submitted and submitted[f] != now.get(f)}

    version_bump(type(obj), pk=obj.pk, expected=expected, changes=saved_now)


def _save_draft(actor: Actor, fw: Framework, target: str, identifier: Any, values: dict[str, Any], before: dict[str, Any], obj: Any) -> DraftChange:
    draft, _created = DraftChange.objects.update_or_create(
        target_type=target, target_identifier=identifier, defaults={"framework": fw, "values": values, "author": actor_user(actor)}
    )
    audit_record(
        actor=actor,
        action=f"framework_{target}.draft",
        obj=obj,
        object_type=f"frameworks.{target}",
        object_id=str(identifier),
        object_repr=f"{fw.slug}: {values.get('name') or values.get('text', '')[:80]}",
        before=before,
        after=values,
    )
    return draft


def framework_item_update(*, actor: Actor, item: Item, values: dict[str, Any], expected_version: int | None = None) -> DraftChange:
    """Record a draft edit of an item (name, definition, status note, confirmed, sources, checked-on)."""
    fw = item.framework
    framework_policy.require(actor, "edit", fw)
    _require_sources(values)
    clean = _jsonable({f: values[f] for f in ITEM_FIELDS if f in values})
    with transaction.atomic():
        _lock_edit(item, DraftChange.Target.ITEM, expected_version, clean, ITEM_FIELDS)
        return _save_draft(actor, fw, DraftChange.Target.ITEM, item.identifier, clean, _current(item, ITEM_FIELDS), item)


def framework_descriptor_update(*, actor: Actor, descriptor: Descriptor, values: dict[str, Any], expected_version: int | None = None) -> DraftChange:
    """Record a draft edit of an existing descriptor (text, sources, confirmed, …)."""
    fw = descriptor.item.framework
    framework_policy.require(actor, "edit", fw)
    _require_sources(values)
    clean = _jsonable({f: values[f] for f in DESCRIPTOR_FIELDS if f in values})
    clean.update({"item": descriptor.item.code, "level": descriptor.level.code, "kind": descriptor.kind, "position": descriptor.position})
    with transaction.atomic():
        _lock_edit(descriptor, DraftChange.Target.DESCRIPTOR, expected_version, clean, DESCRIPTOR_FIELDS)
        return _save_draft(actor, fw, DraftChange.Target.DESCRIPTOR, descriptor.identifier, clean, _current(descriptor, DESCRIPTOR_FIELDS), descriptor)


def framework_example_update(*, actor: Actor, example: Example, values: dict[str, Any], expected_version: int | None = None) -> DraftChange:
    """Record a draft edit of a state example or spotlight (title, summary, year, sources, …)."""
    fw = example.item.framework
    framework_policy.require(actor, "edit", fw)
    _require_sources(values)
    clean = _jsonable({f: values[f] for f in EXAMPLE_FIELDS if f in values})
    with transaction.atomic():
        _lock_edit(example, DraftChange.Target.EXAMPLE, expected_version, clean, EXAMPLE_FIELDS)
        return _save_draft(actor, fw, DraftChange.Target.EXAMPLE, example.identifier, clean, _current(example, EXAMPLE_FIELDS), example)


def framework_descriptor_add(*, actor: Actor, item: Item, level: Level, kind: str, values: dict[str, Any]) -> DraftChange:
    """Fill a gap: a draft of a new descriptor for one item at one level. A source is required."""
    fw = item.framework
    framework_policy.require(actor, "edit", fw)
    if kind not in DescriptorKind.values:
        raise ApplicationError(_("Unknown descriptor kind."), fields={"kind": [_("Choose a descriptor kind.")]})
    if level.framework_id != fw.pk:
        raise ApplicationError(_("That phase belongs to another framework."), fields={"level": [_("Choose a phase of this framework.")]})
    _require_sources(values)
    taken = set(Descriptor.objects.filter(item=item, level=level, kind=kind).values_list("position", flat=True))
    taken |= {
        d.values.get("position")
        for d in DraftChange.objects.filter(framework=fw, target_type=DraftChange.Target.DESCRIPTOR)
        if d.values.get("item") == item.code and d.values.get("level") == level.code and d.values.get("kind") == kind
    }
    position = next(p for p in range(len(taken) + 1) if p not in taken)
    identifier = descriptor_identifier(fw.slug, item.code, level.code, kind, position)
    clean = _jsonable({f: values[f] for f in DESCRIPTOR_FIELDS if f in values})
    clean.update({"item": item.code, "level": level.code, "kind": kind, "position": position, "new": True})
    with transaction.atomic():
        return _save_draft(actor, fw, DraftChange.Target.DESCRIPTOR, identifier, clean, {}, item)


def _apply(fw: Framework, draft: DraftChange) -> None:
    values = dict(draft.values)
    if values.get("checked_on"):
        values["checked_on"] = dt.date.fromisoformat(values["checked_on"])
    if draft.target_type == DraftChange.Target.ITEM:
        item = Item.objects.get(framework=fw, identifier=draft.target_identifier)
        for f in ITEM_FIELDS:
            if f in values:
                setattr(item, f, values[f])
        item.save()
    elif draft.target_type == DraftChange.Target.EXAMPLE:
        example = Example.objects.get(item__framework=fw, identifier=draft.target_identifier)
        for f in EXAMPLE_FIELDS:
            if f in values:
                setattr(example, f, values[f])
        example.save()
    elif draft.target_type == DraftChange.Target.DESCRIPTOR:
        item = Item.objects.get(framework=fw, code=values["item"])
        level = Level.objects.get(framework=fw, code=values["level"])
        Descriptor.objects.update_or_create(
            identifier=draft.target_identifier,
            defaults={
                "item": item,
                "level": level,
                "kind": values["kind"],
                "position": values["position"],
                **{f: values[f] for f in DESCRIPTOR_FIELDS if f in values},
            },
        )


def framework_publish(*, actor: Actor, fw: Framework, note: str) -> FrameworkVersion:
    """Apply every draft change of the framework and publish the result as a new version."""
    framework_policy.require(actor, "publish", fw)
    if not note.strip():
        raise ApplicationError(_("Say what changed."), fields={"note": [_("A note on what changed is required.")]})
    with transaction.atomic():
        drafts = list(DraftChange.objects.select_for_update().filter(framework=fw).order_by("created_at", "id"))
        if not drafts:
            raise ApplicationError(_("There are no draft changes to publish."), fields={"note": [_("Nothing to publish.")]})
        for draft in drafts:
            _apply(fw, draft)
        DraftChange.objects.filter(pk__in=[d.pk for d in drafts]).delete()
        version = framework_version_create(fw, actor=actor, note=note)
        audit_record(
            actor=actor,
            action="framework.publish",
            obj=fw,
            object_id=str(fw.identifier),
            after={"version": version.number, "note": note, "changes": [f"{d.target_type}:{d.target_identifier}" for d in drafts]},
        )
    return version


def framework_draft_discard(*, actor: Actor, draft: DraftChange) -> None:
    """Throw away one unpublished edit."""
    fw = draft.framework
    framework_policy.require(actor, "edit", fw)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="framework_draft.discard",
            obj=fw,
            object_id=str(draft.target_identifier),
            object_repr=f"{fw.slug}: {draft.get_target_type_display()}",
            before=draft.values,
        )
        target = DraftChange.Target(draft.target_type)
        model = Item if target == DraftChange.Target.ITEM else Descriptor if target == DraftChange.Target.DESCRIPTOR else Example
        model._default_manager.filter(identifier=draft.target_identifier).update(version=F("version") + 1)  # the edit form's values change
        draft.delete()
