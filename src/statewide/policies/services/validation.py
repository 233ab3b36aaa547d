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
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.policies.models import CONDITION_FRAMEWORK, DatePrecision, LegalInstrument, PolicyType, RelationKind, Status

DATE_FIELDS = ("introduced_on", "enacted_on", "effective_on", "amended_on", "ended_on", "known_in_force_on", "checked_on")
TEXT_FIELDS = {"title": 300, "bill_number": 60, "session": 60, "code_section": 200, "summary": 10000}
ENDED_STATUSES = {Status.REPEALED, Status.EXPIRED}


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
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4):
        return dt.date(int(value), 1, 1)
    return dt.date.fromisoformat(str(value).strip())


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", "|").split("|") if v.strip()]
    return list(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "y"}


def _clean_sources(value: Any, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    sources: list[dict[str, str]] = []
    for raw in value or []:
        if isinstance(raw, str):
            raw = {"url": raw}
        url = str(raw.get("url", "")).strip()
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors.setdefault("sources", []).append(_("%(url)s is not an http(s) address.") % {"url": url or '""'})
            continue
        checked = raw.get("checked_on") or ""
        try:
            checked_date = parse_date(checked)
        except ValueError:
            errors.setdefault("sources", []).append(_("Checked-on date of %(url)s is not a date (YYYY-MM-DD).") % {"url": url})
            continue
        sources.append({"url": url, "title": str(raw.get("title", "")).strip(), "checked_on": checked_date.isoformat() if checked_date else ""})
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
        text = str(merged.get(name) or "").strip()
        if len(text) > max_len:
            errors[name] = [_("At most %(n)d characters.") % {"n": max_len}]
        out[name] = text
    if not out["title"]:
        errors["title"] = [_("Give a title.")]
    instrument = str(merged.get("instrument") or "").strip()
    if instrument not in LegalInstrument.values:
        errors["instrument"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(LegalInstrument.values)}]
    out["instrument"] = instrument
    status = str(merged.get("status") or Status.IN_EFFECT).strip()
    if status not in Status.values:
        errors["status"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(Status.values)}]
    out["status"] = status
    precision = str(merged.get("date_precision") or DatePrecision.DAY).strip()
    if precision not in DatePrecision.values:
        errors["date_precision"] = [_("Choose day or year.")]
    out["date_precision"] = precision
    for name in DATE_FIELDS:
        try:
            out[name] = parse_date(merged.get(name))
        except (ValueError, TypeError):
            errors[name] = [_("Not a date (YYYY-MM-DD).")]
            out[name] = None
    codes = [str(c) for c in _as_list(merged.get("conditions"))]
    unknown = [c for c in codes if c not in lk.conditions]
    if unknown:
        errors["conditions"] = [_("Unknown condition code(s): %(codes)s.") % {"codes": ", ".join(unknown)}]
    out["conditions"] = [lk.conditions[c] for c in codes if c in lk.conditions]
    raw_sources = merged.get("sources")
    if isinstance(raw_sources, str):
        raw_sources = _as_list(raw_sources)
    out["sources"] = _clean_sources(raw_sources, errors)
    out["confirmed"] = _bool(merged.get("confirmed", True))
    related: list[tuple[str, uuid.UUID]] = []
    for rel in _as_list(merged.get("related")):
        kind, to = (rel.get("kind"), rel.get("to")) if isinstance(rel, Mapping) else (str(rel).partition(":")[0], str(rel).partition(":")[2])
        try:
            if kind not in RelationKind.values:
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
