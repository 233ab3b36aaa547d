"""The one bulk-insert helper for importers: COPY on PostgreSQL, `bulk_create` elsewhere.

Django's `bulk_create` on PostgreSQL binds every value in Python (client-side binding), which
costs more than the database work for large imports; COPY streams the rows through psycopg's C
adapters instead. Primary keys are taken from the table's sequence first, so callers get saved
objects with `pk` set, as with `bulk_create`. Signals are not sent (as with `bulk_create`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


def bulk_insert(model: type[M], objs: Sequence[M], *, batch_size: int = 2000) -> list[M]:
    """Insert unsaved objects (auto_now/auto_now_add and defaults applied) and return them with pks."""
    objs = list(objs)
    connection = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-access proxy
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    pk = meta.pk
    if pk is None:  # pragma: no cover - every concrete model has one
        raise TypeError(model)
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        need = [o for o in objs if o.pk is None]
        if need:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(need)],
            )
            for obj, (value,) in zip(need, cursor.fetchall(), strict=True):
                obj.pk = value
        qn = connection.ops.quote_name
        sql = f"COPY {qn(meta.db_table)} ({', '.join(qn(str(f.column)) for f in fields)}) FROM STDIN"
        # psycopg adapts plain values (text, numbers, dates, UUIDs) in C; only JSON and fields that
        # set their own value on save (auto_now) go through Django's field methods.
        slow = [isinstance(f, models.JSONField) or bool(f.choices) or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields]
        attnames = [f.attname for f in fields]
        with cursor.cursor.copy(sql) as copy:
            for obj in objs:
                obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]  # ids of related objects saved since
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) if s else getattr(obj, a) for f, s, a in zip(fields, slow, attnames, strict=True)]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
