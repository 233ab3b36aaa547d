"""Cursor pagination for list endpoints. Cursors are opaque: clients pass back `next_cursor` as given.

Keyset pagination on (ordering field, primary key) keeps every page as cheap as the first, at
any depth, and is stable while rows are added.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from statewide.core.errors import ApplicationError

T = TypeVar("T")
M = TypeVar("M", bound=Model)
MAX_LIMIT = 200


class CursorPage(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != 2:
            raise ValueError
        return values
    except (ValueError, TypeError) as exc:
        raise ApplicationError(_("The cursor is not valid."), fields={"cursor": [_("Pass back next_cursor exactly as it was given.")]}) from exc


def cursor_paginate(qs: QuerySet[M], *, cursor: str | None, limit: int, order_by: str = "pk") -> tuple[list[M], str | None]:
    """One page of `qs` ordered by `order_by` (ascending; prefix '-' for descending) then pk."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ApplicationError(_("limit must be between 1 and %s.") % MAX_LIMIT, fields={"limit": [_("Out of range.")]})
    desc = order_by.startswith("-")
    field = order_by.lstrip("-")
    qs = qs.order_by(f"-{field}", "-pk") if desc else qs.order_by(field, "pk")
    if cursor:
        value, pk = _decode(cursor)
        op = "lt" if desc else "gt"
        if field == "pk":
            qs = qs.filter(**{f"pk__{op}": pk})
        else:
            qs = qs.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))
    rows = list(qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, field) if field != "pk" else last.pk, last.pk])
    return rows, next_cursor
