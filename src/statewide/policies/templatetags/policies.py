"""Template helpers of the policy tracker.

`policy_date` and `record_line` are Python, not included templates: a state profile shows about a
hundred record lines and dates, and as includes they were most of the page's rendering time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.filter
def policy_date(value: dt.date | None, record: Any = None) -> SafeString | str:
    """A record's date: the year alone when the record's dates are known to the year only, else a
    `<time>` with the day, month and year (localized)."""
    if not value:
        return ""
    if record is not None and getattr(record, "date_precision", "") == "year":
        return date_format(value, "Y")
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "j M Y"))


@register.simple_tag(takes_context=True)
def record_line(context: template.Context, r: Any) -> SafeString:
    """One policy record on a line (state profile, comparison): its linked title, citation, date in
    force (or "start unknown; in force by" the first date a source shows), status once it has ended,
    and the "Unconfirmed" mark. Rendered once per record per page: a state profile shows a record
    under its type and again under each condition it serves."""
    render_context: Any = context.render_context  # django-stubs types its values as template loader state
    memo: dict[Any, SafeString] = render_context.setdefault("policies.record_line", {})
    if r.pk not in memo:
        memo[r.pk] = _record_line(r, memo)
    return memo[r.pk]


def _record_line(r: Any, memo: dict[Any, SafeString]) -> SafeString:
    parts: list[str] = [format_html('<a class="usa-link" href="{}">{}</a>', reverse("policies:detail", args=[r.public_id]), r.title)]
    if r.citation:
        parts.append(format_html(' <span class="text-base-dark">— {}</span>', r.citation))
    if r.in_force_from:
        start_unknown = gettext("start unknown; in force by") + " " if r.start_unknown else ""
        parts.append(format_html(" ({}{})", start_unknown, policy_date(r.in_force_from, r)))
    if r.ended_on:
        parts.append(format_html(' <span class="usa-tag bg-base-dark">{}</span>', r.get_status_display()))
    if not r.confirmed:  # the shared mark's own template, rendered once per page
        if "unconfirmed" not in memo:
            memo["unconfirmed"] = SafeString(get_template("components/_unconfirmed.html").render({"obj": r}))
        parts.append(memo["unconfirmed"])
    return format_html_join("", "{}", ((part,) for part in parts))
