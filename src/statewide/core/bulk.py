"""The one bulk-insert helper for importers: COPY on PostgreSQL, `bulk_create` elsewhere.

Django's `bulk_create` on PostgreSQL binds every value in Python (client-side binding), which
costs more than the database work for large imports; COPY streams the rows through psycopg's C
adapters instead. Primary keys are taken from the table's sequence first, so callers get saved
objects with `pk` set, as with `bulk_create`. Signals are not sent (as with `bulk_create`).

Three entry points share the COPY path:

* `bulk_insert(model, objs)`: unsaved model instances (defaults, auto_now and related ids applied).
* `bulk_insert_rows(model, columns, rows)`: plain tuples of values in `columns` order (field
  attnames: `jurisdiction_id`, not `jurisdiction`), for the largest imports, where building a
  model instance per row costs more than the database work. Columns left out get their field's
  default (auto_now/auto_now_add fields: one "now" for the whole call). JSON columns take Python
  values, or `JsonText` (JSON already written, e.g. one snapshot stored in two tables).
* `bulk_update_rows(model, columns, rows)`: (pk, *values) tuples written over stored rows.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while an import builds many objects at once (it would walk
    them all again and again: about a quarter of the import's time). Plain reference counting
    still frees memory; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class JsonText(str):
    """A JSON document already serialized, for a JSON column of `bulk_insert_rows`."""


def _reserve_pks(cursor: Any, meta: Any, n: int) -> list[int]:
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [meta.db_table, meta.pk.column, n])
    return [value for (value,) in cursor.fetchall()]


def _copy(cursor: Any, connection: Any, meta: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, table: str = "") -> None:
    """COPY rows into the model's table, or into `table` (an already quoted SQL name)."""
    qn = connection.ops.quote_name
    sql = f"COPY {table or qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _dump(field: Any, value: Any) -> Any:
    """A value as COPY takes it: JSON columns as JSON text, others as they are (psycopg adapts them)."""
    if value is None or not isinstance(field, models.JSONField) or isinstance(value, JsonText):
        return value
    return json.dumps(value, cls=field.encoder)


def _json_dumper(field: Any) -> Any:
    return (lambda v: _dump(field, v)) if isinstance(field, models.JSONField) else None


def bulk_insert(model: type[M], objs: Sequence[M], *, batch_size: int = 2000) -> list[M]:
    """Insert unsaved objects (auto_now/auto_now_add and defaults applied) and return them with pks."""
    objs = list(objs)
    connection = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-access proxy
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        need = [o for o in objs if o.pk is None]
        if need:
            for obj, value in zip(need, _reserve_pks(cursor, meta, len(need)), strict=True):
                obj.pk = value
        # psycopg adapts plain values (text, numbers, dates, UUIDs) in C; only JSON and fields that
        # set their own value on save (auto_now) go through Django's field methods.
        slow = [isinstance(f, models.JSONField) or bool(f.choices) or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields]
        attnames = [f.attname for f in fields]

        def rows() -> Iterable[list[Any]]:
            for obj in objs:
                obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]  # ids of related objects saved since
                yield [f.get_db_prep_save(f.pre_save(obj, True), connection) if s else getattr(obj, a) for f, s, a in zip(fields, slow, attnames, strict=True)]

        _copy(cursor, connection, meta, [str(f.column) for f in fields], rows())
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def bulk_insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *, returning_pks: bool = False, batch_size: int = 2000
) -> list[Any]:
    """Insert plain rows (values in `columns` order, by attname) without model instances.
    Returns the new primary keys in row order when `returning_pks` (else an empty list)."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    unknown = [c for c in columns if c not in by_attname]
    if unknown:
        raise ValueError(f"{meta.label}: no columns {unknown}")
    fields = [by_attname[c] for c in columns]
    now = timezone.now()
    rest = [f for f in meta.concrete_fields if f.attname not in columns and not f.primary_key]
    # Values for the columns left out: "now" for auto_now fields, else the field's default per row.
    fixed: list[Any] = []
    per_row: list[models.Field[Any, Any]] = []
    for f in rest:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fixed.append((f, now))
        elif f.has_default() and callable(f.default):
            per_row.append(f)
        else:
            fixed.append((f, f.get_default()))
    extra_fields = [f for f, _v in fixed] + per_row
    if connection.vendor != "postgresql":
        json_cols = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        objs = []
        for row in rows:
            values = list(row)
            for i in json_cols:
                if isinstance(values[i], JsonText):
                    values[i] = json.loads(values[i])
            obj = model(**dict(zip(columns, values, strict=True)), **{f.attname: v for f, v in fixed})
            objs.append(obj)
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return [o.pk for o in objs] if returning_pks else []
    dumps = [_json_dumper(f) for f in fields]
    fixed_values = [_dump(f, v) for f, v in fixed]
    materialized = list(rows)
    pk_column: list[str] = []
    pks: list[Any] = []
    with connection.cursor() as cursor:
        if returning_pks:
            pks = _reserve_pks(cursor, meta, len(materialized)) if materialized else []
            pk_column = [str(meta.pk.column)]  # type: ignore[union-attr]
        if not materialized:
            return pks

        def prepared() -> Iterable[list[Any]]:
            for n, row in enumerate(materialized):
                values = [d(v) if d else v for d, v in zip(dumps, row, strict=True)]
                head = [pks[n]] if returning_pks else []
                yield [*head, *values, *fixed_values, *(_dump(f, f.get_default()) for f in per_row)]

        _copy(cursor, connection, meta, [*pk_column, *(str(f.column) for f in fields), *(str(f.column) for f in extra_fields)], prepared())
    return pks


def bulk_update_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *, batch_size: int = 1000) -> int:
    """Update stored rows: each row is (primary key, *values in `columns` order, by attname).
    PostgreSQL: COPY into a temporary table, then one UPDATE … FROM (Django's `bulk_update` builds
    a CASE per column and row, whose cost grows with the square of the batch: 4,000 edited policy
    records took minutes). SQLite: the same with executemany into a temporary table. Elsewhere
    `bulk_update`.
    auto_now fields are not set for you: name them in `columns`."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    pk = meta.pk
    if pk is None:  # pragma: no cover - every concrete model has one
        raise TypeError(model)
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[c] for c in columns]
    materialized = list(rows)
    if not materialized:
        return 0
    if connection.vendor == "sqlite":
        return _sqlite_update_from(connection, meta, pk, fields, materialized, batch_size)
    if connection.vendor != "postgresql":
        objs = []
        for row in materialized:
            obj = model(**{pk.attname: row[0]}, **dict(zip(columns, row[1:], strict=True)))
            obj._state.adding = False
            objs.append(obj)
        model._default_manager.bulk_update(objs, [f.name for f in fields], batch_size=batch_size)
        return len(objs)
    qn = connection.ops.quote_name
    temp = f"bulk_update_{meta.db_table}"[:60]
    cols = [str(pk.column), *(str(f.column) for f in fields)]
    dumps = [None, *(_json_dumper(f) for f in fields)]
    with connection.cursor() as cursor:
        # Always named in pg_temp, so a permanent table of the same name can never be touched.
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{qn(temp)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {qn(temp)} AS SELECT {', '.join(qn(c) for c in cols)} FROM {qn(meta.db_table)} WITH NO DATA")  # noqa: S608 - quoted model names
        _copy(
            cursor, connection, meta, cols, ([d(v) if d else v for d, v in zip(dumps, row, strict=True)] for row in materialized), table=f"pg_temp.{qn(temp)}"
        )
        assignments = ", ".join(f"{qn(c)} = u.{qn(c)}" for c in cols[1:])
        cursor.execute(f"UPDATE {qn(meta.db_table)} AS t SET {assignments} FROM pg_temp.{qn(temp)} AS u WHERE t.{qn(cols[0])} = u.{qn(cols[0])}")  # noqa: S608 - quoted model names
        cursor.execute(f"DROP TABLE pg_temp.{qn(temp)}")
    return len(materialized)


def _sqlite_update_from(connection: Any, meta: Any, pk: Any, fields: list[Any], rows: list[Sequence[Any]], batch_size: int) -> int:
    """SQLite (3.33+): the rows into a temporary table, then one UPDATE … FROM."""
    qn = connection.ops.quote_name
    temp = f"bulk_update_{meta.db_table}"[:60]
    cols = [str(pk.column), *(str(f.column) for f in fields)]
    prep = [pk, *fields]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{qn(temp)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {qn(temp)} AS SELECT {', '.join(qn(c) for c in cols)} FROM {qn(meta.db_table)} WHERE 0")  # noqa: S608 - quoted model names
        insert = f"INSERT INTO temp.{qn(temp)} VALUES ({', '.join(['%s'] * len(cols))})"  # noqa: S608 - quoted model names
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.executemany(insert, [[f.get_db_prep_save(v, connection) for f, v in zip(prep, row, strict=True)] for row in batch])
        assignments = ", ".join(f"{qn(c)} = u.{qn(c)}" for c in cols[1:])
        cursor.execute(f"UPDATE {qn(meta.db_table)} AS t SET {assignments} FROM temp.{qn(temp)} AS u WHERE t.{qn(cols[0])} = u.{qn(cols[0])}")  # noqa: S608 - quoted model names
        cursor.execute(f"DROP TABLE temp.{qn(temp)}")
    return len(rows)
