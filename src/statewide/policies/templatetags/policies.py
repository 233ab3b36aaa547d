"""Template helpers of the policy tracker.

`policy_date` is a filter, not an included template: a state profile shows about a hundred dates,
and an include per date was a fifth of the page's rendering time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def policy_date(value: dt.date | None, record: Any = None) -> SafeString | str:
    """A record's date: the year alone when the record's dates are known to the year only, else a
    `<time>` with the day, month and year (localized)."""
    if not value:
        return ""
    if record is not None and getattr(record, "date_precision", "") == "year":
        return date_format(value, "Y")
    return format_html('<time datetime="{}">{}</time>', date_format(value, "Y-m-d"), date_format(value, "j M Y"))
