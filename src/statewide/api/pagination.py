"""Cursor pagination for list endpoints. Cursors are opaque: clients pass back `next_cursor` as given.

Keyset pagination on (ordering field, primary key) keeps every page as cheap as the first, at
any depth, and is stable while rows are added (`core.keyset`).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from statewide.core.errors import ApplicationError
from statewide.core.keyset import CursorError, keyset_page

T = TypeVar("T")
M = TypeVar("M", bound=Model)
MAX_LIMIT = 200


class CursorPage(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def cursor_paginate(qs: QuerySet[M], *, cursor: str | None, limit: int, order_by: str = "pk") -> tuple[list[M], str | None]:
    """One page of `qs` ordered by `order_by` (ascending; prefix '-' for descending) then pk
    (`core.keyset`, the mechanism the pages use too)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ApplicationError(_("limit must be between 1 and %s.") % MAX_LIMIT, fields={"limit": [_("Out of range.")]})
    try:
        page = keyset_page(qs, limit=limit, order_by=order_by, after=cursor)
    except CursorError as exc:
        raise ApplicationError(_("The cursor is not valid."), fields={"cursor": [_("Pass back next_cursor exactly as it was given.")]}) from exc
    return page.rows, page.next_cursor
