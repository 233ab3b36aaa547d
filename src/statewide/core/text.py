"""The one text sanitiser and the one URL rule, for every form, API schema and importer.

Text may not hold control characters: they break XML (the Atom feed), spreadsheets and pages.
Single-line text refuses every control character; multi-line text (a textarea, a summary, notes)
allows tab and newline, and a carriage return is read as a newline. Lone surrogates and the
non-characters U+FFFE and U+FFFF are refused too (they cannot be written as UTF-8 or XML).

- `text_problem(value, multiline=...)`: the reason a text is refused, or None.
- `clean_text(value, multiline=...)`: the text with line ends normalised, or `ValueError`.
- `strip_controls(value, multiline=...)`: a repaired text (for data migrations and output that
  must never fail, like the feed): bad whitespace becomes a space, other control characters go.
- `validate_single_line`, `validate_multiline`: Django validators (forms use `core.forms.SafeTextMixin`).
- `SingleLine`, `MultiLine`: pydantic string types for API schemas.
- `http_url_problem(value)` / `validate_http_url`: URLs are http(s) only, everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import AfterValidator, WithJsonSchema

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")
_BAD_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85]")
_URL = URLValidator(schemes=["http", "https"])


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` is refused, in words for a field error; None if it is fine."""
    text = value.replace("\r\n", "\n").replace("\r", "\n") if multiline else value
    bad = _FORBIDDEN.search(text) or (None if multiline else _LINE_BREAKS.search(text))
    if bad is None:
        return None
    return _("Remove the control character %(char)s at position %(pos)d.") % {"char": _describe(bad.group()), "pos": bad.start() + 1}


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` with line ends normalised to "\\n"; `ValueError` naming the first control character."""
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return value.replace("\r\n", "\n").replace("\r", "\n") if multiline else value


def strip_controls(value: str, *, multiline: bool = False) -> str:
    """A repaired `value` that `clean_text` accepts."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = re.sub(r"[\x0b\x0c\x1c-\x1f\x85]", " ", value)
    else:
        value = _BAD_SPACE.sub(" ", value)
    return _FORBIDDEN.sub("", value)


def repair_json(value: Any) -> Any:
    """Every string inside a JSON value (dict keys too) repaired; multi-line text keeps its newlines."""
    if isinstance(value, str):
        return strip_controls(value, multiline=True)
    if isinstance(value, list):
        return [repair_json(v) for v in value]
    if isinstance(value, dict):
        return {repair_json(k): repair_json(v) for k, v in value.items()}
    return value


def validate_single_line(value: str) -> None:
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, code="control_character")


def validate_multiline(value: str) -> None:
    problem = text_problem(value, multiline=True)
    if problem:
        raise ValidationError(problem, code="control_character")


def http_url_problem(value: str) -> str | None:
    """Why `value` is not an http(s) address, or None."""
    try:
        _URL(value)
    except ValidationError:
        return _("%(url)s is not an http(s) address.") % {"url": value[:200] or '""'}
    return None


def validate_http_url(value: str) -> None:
    problem = http_url_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_url")


def _single(value: str) -> str:
    return clean_text(value)


def _multi(value: str) -> str:
    return clean_text(value, multiline=True)


def _url(value: str) -> str:
    problem = http_url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# The OpenAPI document says what the validators refuse (control characters), so clients and fuzzers
# know that text with them is invalid input (400), not valid input refused.
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\ufffe\uffff]*$"
MULTI_LINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]*$"
SingleLine = Annotated[str, AfterValidator(_single), WithJsonSchema({"type": "string", "pattern": SINGLE_LINE_PATTERN})]
MultiLine = Annotated[str, AfterValidator(_multi), WithJsonSchema({"type": "string", "pattern": MULTI_LINE_PATTERN})]
HttpUrl = Annotated[str, AfterValidator(_url)]


def instance_text_problems(obj: Any) -> dict[str, list[str]]:
    """Field problems of a model instance's text before it is saved, so an importer or service reports
    them on SQLite as PostgreSQL would refuse them: too long for `max_length`, control characters
    (a `CharField` is single-line, a `TextField` multi-line), and non-http(s) addresses in a `URLField`."""
    from django.db import models  # noqa: PLC0415 (keeps this module importable without the ORM ready)

    problems: dict[str, list[str]] = {}
    for field in obj._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
            continue
        value = getattr(obj, field.attname)
        if not isinstance(value, str):
            continue
        found = []
        if field.max_length and len(value) > field.max_length:
            found.append(
                ngettext("At most %(n)d character (this has %(len)d).", "At most %(n)d characters (this has %(len)d).", field.max_length)
                % {"n": field.max_length, "len": len(value)}
            )
        problem = text_problem(value, multiline=isinstance(field, models.TextField))
        if problem:
            found.append(problem)
        if isinstance(field, models.URLField) and value:
            problem = http_url_problem(value)
            if problem:
                found.append(problem)
        if found:
            problems[field.name] = found
    return problems
