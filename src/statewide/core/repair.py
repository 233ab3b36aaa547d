"""Data repair shared by migrations: remove control characters from stored text (see `core.text`).

Each app with user text has a migration `RunPython(repair_app_text("<app label>"))`: every
`CharField` (single-line), `TextField` (multi-line) and `JSONField` (every string inside, keys too)
of the app's models is rewritten with `strip_controls`, row by row, only where something changes.
The append-only audit trail (`core.AuditEvent`) is left as it was written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from statewide.core.text import repair_json, strip_controls


def _repaired(field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(field, models.JSONField):
        return repair_json(value)
    if isinstance(value, str):
        return strip_controls(value, multiline=isinstance(field, models.TextField))
    return value


def repair_app_text(app_label: str) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.primary_key and not f.choices
            ]
            if not fields:
                continue
            manager = model._base_manager
            for obj in manager.only("pk", *(f.attname for f in fields)).iterator(chunk_size=2000):
                changes = {}
                for f in fields:
                    value = getattr(obj, f.attname)
                    new = _repaired(f, value)
                    if new != value:
                        changes[f.attname] = new
                if changes:
                    manager.filter(pk=obj.pk).update(**changes)

    return run
