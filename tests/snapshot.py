"""An in-memory copy of the reference data, restored after a transactional test flushes the database.

Loading the framework packs again takes seconds; re-inserting the same rows takes a fraction of that,
and browser tests (which flush after each test) are most of the suite's time.
"""

from __future__ import annotations

from collections.abc import Callable

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


def restore_or_build(name: str, build: Callable[[], object]) -> None:
    """Data a group of browser tests shares (the seeded policies): built once per test process, then re-inserted.

    Call it on a database holding only the reference data (a transactional test's start)."""
    if not restore(name):
        build()
        take(name)


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
    statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _rows in snapshot])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return True
