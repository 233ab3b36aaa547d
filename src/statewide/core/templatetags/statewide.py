"""Template helpers: render Django form widgets with USWDS classes; word-level diffs."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from statewide.core import textdiff

register = template.Library()

_CLASSES = {
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
    forms.FileInput: "usa-file-input",
}


@register.filter
def uswds(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    css = next((c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "usa-input")
    attrs: dict[str, str | bool] = {"class": f"{css}{' usa-input--error' if field.errors and css == 'usa-input' else ''}"}
    described = [f"{field.auto_id}_helptext"] if field.help_text else []
    described += [f"{field.auto_id}_error_{i}" for i in range(1, len(field.errors) + 1)]
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag
def word_diff(before: Any, after: Any) -> Any:
    """`{% word_diff old new as d %}` then `{{ d.before }}` / `{{ d.after }}` (see core.textdiff)."""
    return textdiff.word_diff(before, after)
