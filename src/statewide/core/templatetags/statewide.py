"""Template helpers: render Django form widgets with USWDS classes; word-level diffs; an include
rendered once per object per page."""

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


@register.simple_tag(takes_context=True)
def include_once(context: template.Context, template_name: str, obj: Any, as_name: str = "r") -> SafeString:
    """`{% include template_name %}` with `obj` as `as_name`, rendered once per object per page and
    reused where the object appears again (a state profile shows a record under its type and again
    under each condition it serves). The part must depend on nothing but the object."""
    memo = context.render_context.setdefault(("include_once", template_name), {})
    if obj.pk not in memo:
        part = context.template.engine.get_template(template_name)
        with context.push({as_name: obj}):
            memo[obj.pk] = SafeString(part.render(context))
    return memo[obj.pk]
