"""Field-level validation of policy record input, shared by the services, the forms and the importer.

Input is a mapping with the `statewide-policies/1` field names (see io.py). Values may be
strings (as from CSV) or Python values (dates, lists). The result is a dict ready to save, or an
`ApplicationError` whose `fields` name every problem.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.errors import ApplicationError
from statewide.core.text import http_url_problem, text_problem
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.policies.models import CONDITION_FRAMEWORK, DatePrecision, LegalInstrument, PolicyType, RelationKind, Status

DATE_FIELDS = ("introduced_on", "enacted_on", "effective_on", "amended_on", "ended_on", "known_in_force_on", "checked_on")
TEXT_FIELDS = {"title": 300, "bill_number": 60, "session": 60, "code_section": 200, "summary": 10000}
MULTILINE_FIELDS = {"summary"}
MAX_URL = 2000
ENDED_STATUSES = {Status.REPEALED, Status.EXPIRED}
# Django computes an enum's `values` afresh on every access: read once (validation runs per imported row).
INSTRUMENTS = frozenset(LegalInstrument.values)
STATUSES = frozenset(Status.values)
PRECISIONS = frozenset(DatePrecision.values)
RELATION_KINDS = frozenset(RelationKind.values)


@dataclass
class Lookups:
    """Reference data loaded once per import (so validating 20,000 rows costs a handful of queries)."""

    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    types: dict[str, PolicyType] = field(default_factory=dict)
    conditions: dict[str, Item] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            jurisdictions={j.usps: j for j in Jurisdiction.objects.all()},
            types={t.code: t for t in PolicyType.objects.all()},
            conditions={i.code: i for i in Item.objects.filter(framework__slug=CONDITION_FRAMEWORK, kind="condition")},
        )


def parse_date(value: Any) -> dt.date | None:
    """A date from YYYY-MM-DD, or from a bare year YYYY (meaning 1 January)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(value)
    if isinstance(value, int) or (value.strip().isdigit() and len(value.strip()) == 4):
        if not (dt.MINYEAR <= int(value) <= dt.MAXYEAR):
            raise ValueError(value)
        return dt.date(int(value), 1, 1)
    return dt.date.fromisoformat(value.strip())


def _as_list(value: Any) -> list[Any]:
    """A list from a list, or from text joined by "|" (or ";"); TypeError for any other JSON value."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", "|").split("|") if v.strip()]
    if not isinstance(value, (list, tuple)):
        raise TypeError(value)
    return list(value)


def _text_value(name: str, value: Any, errors: dict[str, list[str]], *, max_len: int, multiline: bool = False) -> str:
    """Text as given (numbers are read as text); lists, objects and control characters are errors."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.setdefault(name, []).append(_("Must be text, not %(type)s.") % {"type": _json_type(value)})
        return ""
    text = str(value).strip()
    problem = text_problem(text, multiline=multiline)
    if problem:
        errors.setdefault(name, []).append(problem)
    if len(text) > max_len:
        errors.setdefault(name, []).append(ngettext("At most %(n)d character.", "At most %(n)d characters.", max_len) % {"n": max_len})
    return text


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (list, tuple)):
        return _("a list")
    if isinstance(value, Mapping):
        return _("an object")
    return _("a number") if isinstance(value, (int, float)) else type(value).__name__


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "y"}


def _clean_sources(value: Any, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    sources: list[dict[str, str]] = []
    try:
        raws = _as_list(value)
    except TypeError:
        errors["sources"] = [_("Give a list of sources, not %(type)s.") % {"type": _json_type(value)}]
        return []
    for n, raw in enumerate(raws):
        if isinstance(raw, str):
            raw = {"url": raw}
        if not isinstance(raw, Mapping):
            errors.setdefault("sources", []).append(_("Source %(n)d must be an address or an object with url, title, checked_on.") % {"n": n + 1})
            continue
        url = _text_value("sources", raw.get("url"), errors, max_len=MAX_URL)
        problem = http_url_problem(url)
        if problem:
            errors.setdefault("sources", []).append(problem)
            continue
        title = _text_value("sources", raw.get("title"), errors, max_len=TEXT_FIELDS["title"])
        checked = raw.get("checked_on") or ""
        try:
            checked_date = parse_date(checked)
        except (ValueError, TypeError, OverflowError):
            errors.setdefault("sources", []).append(_("Checked-on date of %(url)s is not a date (YYYY-MM-DD).") % {"url": url})
            continue
        sources.append({"url": url, "title": title, "checked_on": checked_date.isoformat() if checked_date else ""})
    if not sources and "sources" not in errors:
        errors["sources"] = [_("Give at least one source address.")]
    return sources


def clean_record_input(data: Mapping[str, Any], lookups: Lookups | None = None, *, partial_of: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Validate and convert input. `partial_of` (a snapshot) supplies values for keys not given."""
    lk = lookups or Lookups.load()
    merged: dict[str, Any] = dict(partial_of or {})
    merged.update(data)
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    usps = str(merged.get("jurisdiction") or "").strip().upper()
    if usps not in lk.jurisdictions:
        errors["jurisdiction"] = [_("Unknown state or territory code %(code)r.") % {"code": usps}]
    else:
        out["jurisdiction"] = lk.jurisdictions[usps]
    type_code = str(merged.get("policy_type") or "").strip()
    if type_code not in lk.types:
        errors["policy_type"] = [_("Unknown policy type %(code)r.") % {"code": type_code}]
    else:
        out["policy_type"] = lk.types[type_code]
    for name, max_len in TEXT_FIELDS.items():
        out[name] = _text_value(name, merged.get(name), errors, max_len=max_len, multiline=name in MULTILINE_FIELDS)
    if not out["title"] and "title" not in errors:
        errors["title"] = [_("Give a title.")]
    instrument = str(merged.get("instrument") or "").strip()
    if instrument not in INSTRUMENTS:
        errors["instrument"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(LegalInstrument.values)}]
    out["instrument"] = instrument
    status = str(merged.get("status") or Status.IN_EFFECT).strip()
    if status not in STATUSES:
        errors["status"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(Status.values)}]
    out["status"] = status
    precision = str(merged.get("date_precision") or DatePrecision.DAY).strip()
    if precision not in PRECISIONS:
        errors["date_precision"] = [_("Choose day or year.")]
    out["date_precision"] = precision
    for name in DATE_FIELDS:
        try:
            out[name] = parse_date(merged.get(name))
        except (ValueError, TypeError, OverflowError):
            errors[name] = [_("Not a date (YYYY-MM-DD).")]
            out[name] = None
    try:
        codes = [str(c) for c in _as_list(merged.get("conditions"))]
    except TypeError:
        errors["conditions"] = [_("Give a list of condition codes, not %(type)s.") % {"type": _json_type(merged.get("conditions"))}]
        codes = []
    unknown = [c for c in codes if c not in lk.conditions]
    if unknown:
        errors["conditions"] = [
            ngettext("Unknown condition code: %(codes)s.", "Unknown condition codes: %(codes)s.", len(unknown)) % {"codes": ", ".join(unknown)}
        ]
    out["conditions"] = [lk.conditions[c] for c in codes if c in lk.conditions]
    raw_sources = merged.get("sources")
    if isinstance(raw_sources, str):
        raw_sources = _as_list(raw_sources)
    out["sources"] = _clean_sources(raw_sources, errors)
    if not out.get("checked_on") and not errors.get("checked_on"):
        # An empty "checked on" means "when the newest source was checked".
        dates = [s["checked_on"] for s in out["sources"] if s["checked_on"]]
        out["checked_on"] = dt.date.fromisoformat(max(dates)) if dates else None
    out["confirmed"] = _bool(merged.get("confirmed", True))
    related: list[tuple[str, uuid.UUID]] = []
    try:
        related_in = _as_list(merged.get("related"))
    except TypeError:
        errors["related"] = [_("Give a list of related records, not %(type)s.") % {"type": _json_type(merged.get("related"))}]
        related_in = []
    for rel in related_in:
        kind, to = (rel.get("kind"), rel.get("to")) if isinstance(rel, Mapping) else (str(rel).partition(":")[0], str(rel).partition(":")[2])
        try:
            if kind not in RELATION_KINDS:
                raise ValueError
            related.append((str(kind), uuid.UUID(str(to))))
        except ValueError:
            errors.setdefault("related", []).append(_("%(value)r is not kind:record-id (kinds: amends, replaces, funds).") % {"value": str(rel)})
    out["related"] = related
    _check_dates(out, errors)
    if errors:
        raise ApplicationError(_("The policy record has errors."), fields=errors)
    return out


def _check_dates(out: dict[str, Any], errors: dict[str, list[str]]) -> None:
    order = [("introduced_on", "enacted_on"), ("enacted_on", "effective_on")]
    for earlier, later in order:
        if out.get(earlier) and out.get(later) and out[earlier] > out[later]:
            errors.setdefault(later, []).append(_("Must not be before %(field)s.") % {"field": earlier.replace("_", " ")})
    start = out.get("effective_on") or out.get("enacted_on") or out.get("known_in_force_on")
    if out.get("ended_on") and start and out["ended_on"] <= start:
        errors.setdefault("ended_on", []).append(_("Must be after the date the policy took effect."))
    status = out.get("status")
    if status in ENDED_STATUSES and not out.get("ended_on"):
        errors.setdefault("ended_on", []).append(_("A repealed or expired policy needs the date it ended."))
    if status in {Status.IN_EFFECT, Status.AMENDED} and not start:
        errors.setdefault("effective_on", []).append(_("A policy in effect needs an effective, enacted or known-in-force date."))
    if status == Status.AMENDED and not out.get("amended_on"):
        errors.setdefault("amended_on", []).append(_("Give the date of the last amendment."))


NOTE_MAX = 300


def clean_note(note: Any) -> str:
    """The note kept with a version: one line of at most 300 characters."""
    errors: dict[str, list[str]] = {}
    text = _text_value("note", note, errors, max_len=NOTE_MAX)
    if errors:
        raise ApplicationError(_("The note has errors."), fields=errors)
    return text
