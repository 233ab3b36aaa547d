"""An in-memory copy of the reference data, restored after a transactional test flushes the database.

Loading the framework packs again takes seconds; re-inserting the same rows takes a fraction of that,
and browser tests (which flush after each test) are most of the suite's time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction

Rows = list[tuple[type[models.Model], list[models.Model]]]
_snapshots: dict[str, Rows] = {}


def take(name: str = "reference") -> None:
    """Remember every row in the database now under `name` ("reference": after the reference data is loaded)."""
    rows_by_model: Rows = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = list(model._base_manager.all())
        if rows:
            rows_by_model.append((model, rows))
    _snapshots[name] = rows_by_model


def restore(name: str = "reference") -> bool:
    """Put the rows remembered under `name` back; False when there is no such snapshot yet."""
    snapshot = _snapshots.get(name)
    if not snapshot:
        return False
    with transaction.atomic():  # foreign keys are checked at commit on both engines
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            # flush's post_migrate recreates content types and permissions under new ids: replace them
            existing = model._base_manager.all()
            if existing.exists():
                existing._raw_delete(existing.db)
        for model, rows in snapshot:
            model._base_manager.bulk_create(rows, batch_size=500)
    ContentType.objects.clear_cache()
    _reset_sequences([model for model, _rows in snapshot])
    return True


_deltas: dict[str, tuple[list[tuple[type[models.Model], list[Any]]], Rows, object]] = {}


def _concrete_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if not (m._meta.proxy or not m._meta.managed)]


def _row_values(model: type[models.Model]) -> dict[Any, tuple[Any, ...]]:
    names = [f.attname for f in model._meta.concrete_fields]
    return {values[0]: values for values in model._base_manager.values_list("pk", *names)}


def delta_or_build(name: str, build: Callable[[], object]) -> object:
    """Rows a group of tests shares (the seeded policies): built once per test process, then re-inserted.

    The first call runs `build` and remembers the rows it added or changed; later calls put exactly those
    rows back, far faster than running the services again. Call it where the database holds only the
    reference data (the start of a test). Returns what `build` returned the first time."""
    if name in _deltas and _fits(*_deltas[name][:2]):
        changed, added, result = _deltas[name]
        with transaction.atomic():
            for model, pks in changed:
                stale = model._base_manager.filter(pk__in=pks)
                stale._raw_delete(stale.db)
            for model, rows in added:
                model._base_manager.bulk_create(rows, batch_size=500)
        _reset_sequences([model for model, _rows in added])
        return result
    if name in _deltas:  # rows made earlier in this test took some of the remembered keys: build again
        return build()
    before = {model: _row_values(model) for model in _concrete_models()}
    result = build()
    changed_pks: list[tuple[type[models.Model], list[Any]]] = []
    added_rows: Rows = []
    for model in _concrete_models():
        old = before.get(model, {})
        new = _row_values(model)
        differs = [pk for pk, values in new.items() if pk in old and old[pk] != values]
        fresh = [pk for pk in new if pk not in old]
        if differs:
            changed_pks.append((model, differs))
        if differs or fresh:
            added_rows.append((model, list(model._base_manager.filter(pk__in=differs + fresh))))
    _deltas[name] = (changed_pks, added_rows, result)
    return result


def _fits(changed: list[tuple[type[models.Model], list[Any]]], added: Rows) -> bool:
    """True when the remembered rows can go back: none of the added ones collides with a row made since."""
    replaced = {model: set(pks) for model, pks in changed}
    for model, rows in added:
        fresh = [row.pk for row in rows if row.pk not in replaced.get(model, set())]
        if fresh and model._base_manager.filter(pk__in=fresh).exists():
            return False
    return True


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
