"""The editable policy-type vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record, snapshot
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.frameworks.models import Item
from statewide.policies.models import PolicyType
from statewide.policies.permissions import policy_type_policy

TYPE_FIELDS = ("code", "name", "description", "position")


def policy_type_upsert(
    *, actor: Actor, code: str, name: str, description: str = "", position: int = 0, items: Iterable[tuple[str, str]] = (), expected_version: int | None = None
) -> PolicyType:
    """Create or change a policy type. `items` are (framework slug, item code) pairs. Editors only.
    `expected_version`: optimistic locking of an existing type (core.concurrency)."""
    policy_type_policy.require_create(actor)
    if not code or not name:
        raise ApplicationError(_("A policy type needs a code and a name."), fields={"code": [_("Required.")]} if not code else {"name": [_("Required.")]})
    pairs = list(items)
    with transaction.atomic():
        found = list(Item.objects.filter(framework__slug__in={f for f, _c in pairs}).select_related("framework"))
        by_key = {(i.framework.slug, i.code): i for i in found}
        missing = [f"{f}/{c}" for f, c in pairs if (f, c) not in by_key]
        if missing:
            raise ApplicationError(_("Unknown framework items: %(items)s.") % {"items": ", ".join(missing)}, fields={"items": missing})
        obj = PolicyType.objects.filter(code=code).first()
        before = snapshot(obj, TYPE_FIELDS) | {"items": sorted(f"{i.framework.slug}/{i.code}" for i in obj.items.select_related("framework"))} if obj else None
        if obj is not None:
            submitted = {"name": name, "description": description, "position": position}
            edit_guard(obj, expected=expected_version, submitted=submitted)
        obj = obj or PolicyType(code=code)
        obj.name, obj.description, obj.position = name, description, position
        obj.save()
        obj.items.set([by_key[p] for p in pairs])
        after = snapshot(obj, TYPE_FIELDS) | {"items": sorted(f"{f}/{c}" for f, c in pairs)}
        if before != after:
            audit_record(actor=actor, action="policy_type.upsert", obj=obj, before=before, after=after)
    return obj
