"""Optimistic locking: the one mechanism that keeps two people from silently overwriting each other.

An editable record has a `version` column (1, 2, 3, …). A form carries the version it was opened
at in a hidden field (`core.forms.VersionField`); an API client sends the `version` it read. The
service passes it as `expected_version`, and writes with a conditional UPDATE
(`version_bump`: `UPDATE … SET version = version + 1 WHERE pk = … AND version = <expected>`). If
someone else saved in between, no row matches and `EditConflict` is raised: the page shows, field
by field, what the other person changed (and the form now carries the new version, so saving
again keeps your values on purpose); the API answers 409 with the same fields. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import F, Model
from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError

Changes = Mapping[str, tuple[Any, Any]]  # field -> (value when you opened it, value now)
# In place of "the value when you opened it" where no history keeps it: the message then says only
# what is saved now (for the fields where that differs from what you sent).
UNKNOWN: Any = object()


def shown(value: Any) -> str:
    """A stored value in a message: lists joined, empty values named."""
    if value in (None, "", [], {}):
        return _("(empty)")
    if isinstance(value, list | tuple):
        return "; ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return " | ".join(str(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _field_message(was: Any, now: Any) -> str:
    if was is UNKNOWN:
        return _("Now saved as: %(now)s") % {"now": shown(now)}
    return _("Changed by someone else to: %(now)s (was: %(was)s)") % {"now": shown(now), "was": shown(was)}


class EditConflict(ApplicationError):
    """Someone else saved the record after you opened it (`expected` is your version, `current` theirs)."""

    def __init__(self, *, expected: int, current: int | None, changes: Changes | None = None) -> None:
        changes = dict(changes or {})
        if current is None:
            message = _("This record was deleted while you were editing it.")
        else:
            message = _(
                "Someone else saved this record while you were editing it (you opened version %(expected)s; it is now version %(current)s). "
                "Their changes are shown next to each field. Check them: saving again keeps your values."
            ) % {"expected": expected, "current": current}
        fields = {name: [_field_message(was, now)] for name, (was, now) in changes.items()}
        super().__init__(message, code="conflict", fields=fields)
        self.expected, self.current, self.changes = expected, current, changes


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any], *, ignore: tuple[str, ...] = ("version",)) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ between two snapshots, as `{field: (before, after)}`."""
    return {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if k not in ignore and before.get(k) != after.get(k)}


def version_bump(model: type[Model], *, pk: Any, expected: int, field: str = "version", changes: Callable[[int | None], Changes] | None = None) -> int:
    """The conditional UPDATE: raise `EditConflict` unless the row is still at `expected`; return the new version.

    `changes(current_version)` tells what the other person changed (for the message)."""
    manager = model._default_manager
    if manager.filter(pk=pk, **{field: expected}).update(**{field: F(field) + 1}):
        return expected + 1
    current = manager.filter(pk=pk).values_list(field, flat=True).first()
    raise EditConflict(expected=expected, current=current, changes=changes(current) if changes and current is not None else None)


def edit_guard(obj: Model, *, expected: int | None, submitted: Mapping[str, Any], field: str = "version") -> int:
    """The first write of a service's edit of an existing row (call it inside the service's transaction).

    With `expected` (the form's hidden version, the API's `version`): the conditional UPDATE; if
    someone saved since, `EditConflict` names each field you sent whose saved value now differs,
    and nothing is written (the transaction rolls back). Without it (callers that track no version)
    the edit is only counted, so that forms opened before it are stale. Sets and returns the new
    version on `obj`, so that a later `obj.save()` keeps it."""
    model = type(obj)
    manager = model._default_manager
    if expected is None:
        manager.filter(pk=obj.pk).update(**{field: F(field) + 1})
        new = manager.filter(pk=obj.pk).values_list(field, flat=True).get()
    else:

        def saved_now(current: int | None) -> Changes:
            fresh = manager.get(pk=obj.pk)
            return {name: (UNKNOWN, getattr(fresh, name)) for name, value in submitted.items() if hasattr(fresh, name) and value != getattr(fresh, name)}

        new = version_bump(model, pk=obj.pk, expected=expected, field=field, changes=saved_now)
    setattr(obj, field, new)
    return new
