"""Form machinery shared by every module: every text field of every form refuses control characters.

`SafeTextMixin` (and `SafeForm`, a plain form with it) adds the `core.text` validators to each text
field when the form is cleaned, so fields added in `__init__` are covered too: a `Textarea` field is
multi-line (tab and newline allowed), every other text field single-line; URL fields accept http(s)
only. Password fields are left alone (a password is never shown).
"""

from __future__ import annotations

from typing import Any

from django import forms

from statewide.core.errors import ApplicationError
from statewide.core.text import validate_http_url, validate_multiline, validate_single_line

_MARK = "_statewide_safe_text"


def _validators_for(field: forms.Field) -> list[Any]:
    if isinstance(field.widget, forms.PasswordInput):
        return []
    if isinstance(field, forms.URLField):
        return [validate_single_line, validate_http_url]
    if isinstance(field, forms.CharField):
        return [validate_multiline if isinstance(field.widget, forms.Textarea) else validate_single_line]
    return []


class SafeTextMixin:
    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            if not getattr(field, _MARK, False):
                field.validators = [*field.validators, *_validators_for(field)]
                setattr(field, _MARK, True)
        super().full_clean()  # type: ignore[misc]


class SafeForm(SafeTextMixin, forms.Form):
    """The base of every form in the project."""


def form_errors_from(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's `ApplicationError` on a form: each field's messages on that field (unknown
    fields and a message without fields become form-level errors). An edit conflict
    (`core.concurrency.EditConflict`) also says so above the form, and moves the form's hidden
    `version` to the current one, so that saving again keeps the person's values on purpose."""
    current = getattr(exc, "current", None)
    if exc.code == "conflict":
        form.add_error(None, exc.message)
        if current is not None and "version" in form.fields and form.is_bound:
            data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict (or dict) when bound
            data[form.add_prefix("version")] = str(current)
            form.data = data
    for name, msgs in exc.fields.items():
        for msg in msgs:
            form.add_error(name if name in form.fields else None, msg)
    if not exc.fields and exc.code != "conflict":
        form.add_error(None, exc.message)


class VersionField(forms.IntegerField):
    """The hidden field of optimistic locking: the version of the record the form was opened at."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)
