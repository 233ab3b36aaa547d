"""An in-memory copy of the reference data, restored after a transactional test flushes the database.

Loading the framework packs again takes seconds; re-inserting the same rows takes a fraction of that,
and browser tests (which flush after each test) are most of the suite's time.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction

_snapshot: list[tuple[type[models.Model], list[models.Model]]] = []


def take() -> None:
    """Remember every row in the database now (call once, after the reference data is loaded)."""
    _snapshot.clear()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = list(model._base_manager.all())
        if rows:
            _snapshot.append((model, rows))


def restore() -> bool:
    """Put the remembered rows back; False when there is no snapshot yet."""
    if not _snapshot:
        return False
    with transaction.atomic():  # foreign keys are checked at commit on both engines
        for model, _rows in _snapshot:
            # flush's post_migrate recreates content types and permissions under new ids: replace them
            existing = model._base_manager.all()
            if existing.exists():
                existing._raw_delete(existing.db)
        for model, rows in _snapshot:
            model._base_manager.bulk_create(rows, batch_size=500)
    ContentType.objects.clear_cache()
    statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _rows in _snapshot])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return True
