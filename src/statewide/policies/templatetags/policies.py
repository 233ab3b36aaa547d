"""Template helpers of the policy tracker.

`policy_date`, `record_line`, `record_sources`, `timeline_line` and `profile_groups` are Python,
not included templates or loops: a state profile shows about a hundred record lines, dates and
source lists in some thirty groups, and as templates they were most of the page's rendering time."""

from __future__ import annotations

import datetime as dt
import html
from functools import lru_cache
from typing import Any
from uuid import UUID

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from statewide.policies.models import CONDITION_FRAMEWORK

register = template.Library()


@register.filter
def policy_date(value: dt.date | None, record: Any = None) -> SafeString | str:
    """A record's date: the year alone when the record's dates are known to the year only, else a
    `<time>` with the day, month and year (localized)."""
    if not value:
        return ""
    if record is not None and getattr(record, "date_precision", "") == "year":
        return date_format(value, "Y")
    return SafeString(f'<time datetime="{value.isoformat()}">{_day(value, get_language())}</time>')


@lru_cache(maxsize=8192)
def _day(value: dt.date, language: str | None) -> str:
    """A day in the language's format ("3 Jan 2024"), escaped: Django's `date_format` looks up the
    format and month names on every call, and a state profile shows about a hundred dates."""
    return escape(date_format(value, "j M Y"))


# Lines are built with `escape` and f-strings rather than `format_html`: a state profile renders about
# a hundred of them, and `format_html`'s per-argument machinery was most of their cost. Every value
# from a record goes through `escape`; the rest is our own markup.


def escape(value: object) -> str:
    """Django's `escape` (the same characters, through the same `html.escape`) without its lazy-string
    wrapper and a SafeString per call: a state profile escapes about 700 values."""
    return html.escape(str(value))


def _memo(context: template.Context) -> dict[Any, Any]:
    """What one render of a page computes once: record lines by id, the "Unconfirmed" mark, the record URL pattern."""
    render_context: Any = context.render_context  # django-stubs types its values as template loader state
    return render_context.setdefault("policies.record_line", {})  # type: ignore[no-any-return]


def _detail_url(r: Any, memo: dict[Any, Any]) -> str:
    """The record's page: `reverse` once per render, then the record's UUID put in its place."""
    if "detail_url" not in memo:
        memo["detail_url"] = reverse("policies:detail", args=[_PLACEHOLDER])
    return str(memo["detail_url"]).replace(str(_PLACEHOLDER), str(r.public_id))


_PLACEHOLDER = UUID(int=0)


@register.simple_tag(takes_context=True)
def record_line(context: template.Context, r: Any) -> SafeString:
    """One policy record on a line (state profile, comparison): its linked title, citation, date in
    force (or "start unknown; in force by" the first date a source shows), status once it has ended,
    and the "Unconfirmed" mark. Rendered once per record per page: a state profile shows a record
    under its type and again under each condition it serves."""
    memo = _memo(context)
    if r.pk not in memo:
        memo[r.pk] = _record_line(r, memo)
    return memo[r.pk]  # type: ignore[no-any-return]


def _record_line(r: Any, memo: dict[Any, Any]) -> SafeString:
    line = f'<a class="usa-link" href="{escape(_detail_url(r, memo))}">{escape(r.title)}</a>'
    if r.citation:
        line += f' <span class="text-base-dark">— {escape(r.citation)}</span>'
    if r.in_force_from:
        start_unknown = escape(gettext("start unknown; in force by")) + " " if r.start_unknown else ""
        line += f" ({start_unknown}{policy_date(r.in_force_from, r)})"
    if r.ended_on:
        line += f' <span class="usa-tag bg-base-dark">{escape(r.get_status_display())}</span>'
    return SafeString(line + _unconfirmed_mark(r, memo))


def _unconfirmed_mark(r: Any, memo: dict[Any, Any]) -> str:
    """The shared "Unconfirmed" mark's own template, rendered once per page."""
    if r.confirmed:
        return ""
    if "unconfirmed" not in memo:
        memo["unconfirmed"] = SafeString(get_template("components/_unconfirmed.html").render({"obj": r}))
    return str(memo["unconfirmed"])


@register.simple_tag
def condition_url(item: Any) -> str:
    """The page of a framework condition that policies serve (an item of `CONDITION_FRAMEWORK`)."""
    return reverse("frameworks:item", args=[CONDITION_FRAMEWORK, item.code])


@register.simple_tag
def record_sources(r: Any) -> SafeString:
    """A record's sources as a list: each linked (its title, else its address), with the date it was checked."""
    items = ""
    for src in r.sources or []:
        url = src.get("url", "")
        items += f'<li><a href="{escape(url)}" class="usa-link usa-link--external" rel="noreferrer">{escape(src.get("title") or url)}</a>'
        if src.get("checked_on"):
            items += f' <span class="text-base-dark">({escape(gettext("checked %(d)s") % {"d": src["checked_on"]})})</span>'
        items += "</li>"
    return SafeString(f'<ul class="usa-list usa-list--unstyled">{items}</ul>')


TIMELINE_EVENTS = {
    "introduced": _("introduced"),
    "enacted": _("enacted"),
    "effective": _("in effect"),
    "amended": _("amended"),
    "known_in_force": _("first shown in force by a source (start date unknown)"),
    "ended": _("repealed or expired"),
}


@register.simple_tag(takes_context=True)
def timeline_line(context: template.Context, when: dt.date, event: str, r: Any) -> SafeString:
    """One event of a state's timeline: its date, what happened, and the record (linked, cited, marked if unconfirmed)."""
    memo = _memo(context)
    line = f"<strong>{policy_date(when, r)}</strong> — {escape(TIMELINE_EVENTS.get(event, TIMELINE_EVENTS['ended']))}: "
    line += f'<a class="usa-link" href="{escape(_detail_url(r, memo))}">{escape(r.title)}</a>'
    if r.citation:
        line += f" ({escape(r.citation)})"
    return SafeString(line + _unconfirmed_mark(r, memo))


@register.simple_tag(takes_context=True)
def profile_groups(context: template.Context, groups: list[Any], usps: str, kind: str) -> SafeString:
    """A state profile's groups (`kind` "type" or "condition"): each with its name and count, its most
    recent records (a type's with their sources) and, when it has more, a link to all of them."""
    memo = _memo(context)
    list_url = escape(reverse("policies:list"))
    html = ""
    for g in groups:
        key, count = g.key, localize(g.count)
        if kind == "type":
            html += f'<h3>{escape(key.name)} <span class="text-normal text-base-dark">({count})</span></h3><ul class="usa-list">'
            sources = escape(gettext("Sources:"))
            for r in g.recent:
                html += f'<li>{record_line(context, r)}<div class="text-base-dark">{sources}</div>{record_sources(r)}</li>'
            more = ngettext("Show all %(counter)s %(name)s record", "Show all %(counter)s %(name)s records", g.count) % {"counter": count, "name": key.name}
        else:
            item = f'<a class="usa-link" href="{escape(condition_url(key))}">{escape(key.name)}</a>{_unconfirmed_mark(key, memo)}'
            html += f'<h3>{item} <span class="text-normal text-base-dark">({count})</span></h3><ul class="usa-list">'
            html += "".join(f"<li>{record_line(context, r)}</li>" for r in g.recent)
            more = ngettext("Show all %(counter)s record serving this condition", "Show all %(counter)s records serving this condition", g.count) % {
                "counter": count
            }
        html += "</ul>"
        if g.more:
            html += f'<p><a class="usa-link" href="{list_url}?jurisdiction={escape(usps)}&amp;{kind}={escape(key.code)}">{escape(more)}</a></p>'
    return SafeString(html)
