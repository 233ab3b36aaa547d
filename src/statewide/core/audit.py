"""Write audit events. Every service that changes state calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from statewide.core.bulk import bulk_insert
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
    content_changed(domain_of(event.object_type, event.action))
    event.save()
    return event


def audit_record_many(events: list[AuditEvent], *, batch_size: int = 1000) -> None:
    """Append many events in batches (bulk imports) and bump each domain's content version once."""
    content_changed(*(domain_of(e.object_type, e.action) for e in events))
    bulk_insert(AuditEvent, events, batch_size=batch_size)
