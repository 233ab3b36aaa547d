"""Keyset (cursor) pagination: the one mechanism for the JSON API's `next_cursor` and for pages
with "Previous"/"Next" links. Cursors are opaque to clients (base64url JSON of the sort value and
the primary key of a row); pass them back as given.

A page is read from an index on (sort field, pk) starting at the cursor, so every page costs what
the first one does, at any depth, and pages stay stable while rows are added. The range condition
(`field <= value` for a descending sort) is repeated beside the exact tie-break so that databases
use it as the index scan's start instead of filtering every row before the cursor."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)


class CursorError(ValueError):
    """The cursor was not one this module made."""


def encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise CursorError(cursor) from exc
    if not isinstance(values, list) or len(values) != 2:
        raise CursorError(cursor)
    return values


@dataclass
class KeysetPage(Generic[M]):
    rows: list[M]
    next_cursor: str | None  # rows after the last one exist: pass as `after`
    previous_cursor: str | None  # rows before the first one exist: pass as `before`


def _key(row: Model, field: str) -> list[Any]:
    return [row.pk if field == "pk" else getattr(row, field), row.pk]


def _beyond(qs: QuerySet[M], field: str, op: str, cursor: str) -> QuerySet[M]:
    value, pk = decode(cursor)
    if field == "pk":
        return qs.filter(**{f"pk__{op}": pk})
    try:
        return qs.filter(**{f"{field}__{op}e": value}).filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))
    except Exception as exc:  # a value the field cannot take (a forged cursor): Django's ValidationError or TypeError
        raise CursorError(cursor) from exc


def keyset_page(qs: QuerySet[M], *, limit: int, order_by: str = "pk", after: str | None = None, before: str | None = None) -> KeysetPage[M]:
    """One page of `qs` ordered by `order_by` (ascending; prefix '-' for descending) then pk: the
    first page, the page after the cursor `after`, or the page before the cursor `before`."""
    desc = order_by.startswith("-")
    field = order_by.lstrip("-")
    forward = bool(after) or not before
    reading_desc = desc if forward else not desc
    qs = qs.order_by(f"-{field}", "-pk") if reading_desc else qs.order_by(field, "pk")
    cursor = after if forward else before
    if cursor:
        qs = _beyond(qs, field, "lt" if reading_desc else "gt", cursor)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if forward:
        next_cursor = encode(_key(rows[-1], field)) if more else None
        previous_cursor = encode(_key(rows[0], field)) if cursor and rows else None
    else:
        rows.reverse()
        previous_cursor = encode(_key(rows[0], field)) if more else None
        next_cursor = encode(_key(rows[-1], field)) if rows else None
    return KeysetPage(rows, next_cursor, previous_cursor)


def bounded_count(qs: QuerySet[Any], bound: int) -> int:
    """How many rows `qs` has, counting at most `bound + 1` (more than `bound`: `bound + 1`), so a
    total shown beside a keyset page never counts a big table."""
    return qs.order_by().values("pk")[: bound + 1].count()
