"""Write audit events. Every service that changes state calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import models

from statewide.core.bulk import JsonText, bulk_insert, bulk_insert_rows
from statewide.core.cache import content_changed, domain_of
from statewide.core.models import AuditEvent
from statewide.core.permissions import Actor, actor_label, actor_user
from statewide.core.requestid import current_request_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "public_id", None) or value.pk)
    if isinstance(value, (dt.date, dt.datetime, uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an object as JSON-ready values, for an event's before/after."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def audit_event(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    scope_state: str = "",
    scope_org: uuid.UUID | None = None,
) -> AuditEvent:
    """One unsaved event (for `audit_record_many`); `audit_record` saves it at once. `actor` is a
    user, `SYSTEM` (CLI loaders, tasks) or `ANONYMOUS_ACTOR`; never None."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
        object_repr = object_repr or str(obj)
    label = actor_label(actor)
    return AuditEvent(
        actor=actor_user(actor),
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        scope_state=scope_state,
        scope_org=scope_org,
        request_id=current_request_id.get(),
    )


def audit_record(**kwargs: Any) -> AuditEvent:
    """Append one event (same keywords as `audit_event`) and bump its domain's content version
    (`statewide.core.cache`). `actor` as for `audit_event`."""
    event = audit_event(**kwargs)
    # Cached pages and aggregates of this domain are stale from this write on (same transaction).
    content_changed(domain_of(event.object_type, event.action), scopes=[event.scope_state] if event.scope_state else None)
    event.save()
    return event


def audit_record_many(events: list[AuditEvent], *, batch_size: int = 1000) -> None:
    """Append many events in batches (bulk imports) and bump each domain's content version once."""
    for domain in dict.fromkeys(domain_of(e.object_type, e.action) for e in events):
        mine = [e.scope_state for e in events if domain_of(e.object_type, e.action) == domain]
        content_changed(domain, scopes=mine if all(mine) else None)
    bulk_insert(AuditEvent, events, batch_size=batch_size)


class BulkEntry(NamedTuple):
    """One event of `audit_record_bulk`: `before`/`after` are JSON-ready values or `JsonText`."""

    object_id: str
    object_repr: str
    before: Any
    after: Any
    scope_state: str = ""
    scope_org: uuid.UUID | None = None


def audit_record_bulk(*, actor: Actor, action: str, object_type: str, entries: Iterable[BulkEntry]) -> int:
    """Append one event per entry, all by one actor with one action on one object type, without
    building model instances (the largest imports), and bump the domain's content version once.
    `before`/`after` must already be JSON-ready (a value json.dumps refuses fails the write)."""
    user = actor_user(actor)
    label = actor_label(actor)
    request_id = current_request_id.get()
    rows = [
        (
            getattr(user, "pk", None),
            label,
            action,
            object_type,
            e.object_id,
            e.object_repr[:300],
            e.scope_state,
            e.scope_org,
            e.before if e.before is None or isinstance(e.before, JsonText) else JsonText(json.dumps(e.before)),
            e.after if e.after is None or isinstance(e.after, JsonText) else JsonText(json.dumps(e.after)),
            request_id,
        )
        for e in entries
    ]
    if rows:
        states = [row[6] for row in rows]
        content_changed(domain_of(object_type, action), scopes=states if all(states) else None)
        columns = ["actor_id", "actor_label", "action", "object_type", "object_id", "object_repr", "scope_state", "scope_org", "before", "after", "request_id"]
        bulk_insert_rows(AuditEvent, columns, rows)
    return len(rows)
