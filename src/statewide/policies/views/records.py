"""The searchable list of policy records, one record's page (with its history), and "what changed"."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from statewide.core.cache import public_page
from statewide.places.selectors import jurisdiction_choices
from statewide.policies.forms import PolicySearchForm
from statewide.policies.history import SNAPSHOT_FIELDS, policy_changes, record_versions
from statewide.policies.models import PolicyRecordVersion
from statewide.policies.permissions import policy_record_policy
from statewide.policies.selectors import TRACKER_DOMAINS, PolicyFilters, policy_record_get, policy_record_list, policy_type_list, related_records

PAGE_SIZE = 50
CHANGES_PAGE_SIZE = 50
FILTER_KEYS = ("q", "jurisdiction", "type", "condition", "status", "instrument", "year")


def filters_from(form: PolicySearchForm) -> PolicyFilters:
    if not form.is_valid():
        return PolicyFilters()
    d = form.cleaned_data

    def one(key: str) -> list[str]:
        return [d[key]] if d.get(key) else []

    return PolicyFilters(
        jurisdiction=one("jurisdiction"),
        policy_type=one("type"),
        condition=one("condition"),
        status=one("status"),
        instrument=one("instrument"),
        year=d.get("year"),
        q=(d.get("q") or "").strip(),
    )


def export_query(form: PolicySearchForm) -> str:
    """The API export's query string for the same filters (the API takes the same names)."""
    if not form.is_valid():
        return ""
    return urlencode({k: v for k, v in form.cleaned_data.items() if k in FILTER_KEYS and v not in (None, "")})


@require_safe
@public_page(*TRACKER_DOMAINS)
def policy_list(request: HttpRequest) -> HttpResponse:
    form = PolicySearchForm(request.GET or None)
    qs = policy_record_list(request.user, filters_from(form)).order_by("jurisdiction__name", "title", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = export_query(form)
    context = {
        "form": form,
        "page": page,
        "export_csv": query,
        "export_json": f"{query}&format=json" if query else "format=json",
        "can_add": policy_record_policy.can_create(request.user),
    }
    template = "policies/list.html#results" if getattr(request, "htmx", False) else "policies/list.html"
    return TemplateResponse(request, template, context)


def _value(snapshot: dict[str, Any], key: str) -> str:
    value = snapshot.get(key)
    if key == "sources":
        return "; ".join(f"{s.get('url', '')} ({s.get('checked_on', '')})" for s in value or [])
    if key == "related":
        return "; ".join(f"{r['kind']} {r['to']}" for r in value or [])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return str(value)


def version_diffs(versions: list[PolicyRecordVersion]) -> list[tuple[PolicyRecordVersion, list[tuple[str, str, str]]]]:
    """Each version (newest first) with its changed fields as (field, before, after)."""
    out = []
    for i, v in enumerate(versions):
        previous = versions[i + 1].snapshot if i + 1 < len(versions) else {}
        keys = v.changed_fields if previous else [k for k in SNAPSHOT_FIELDS if k not in ("id", "version") and v.snapshot.get(k) not in (None, "", [])]
        out.append((v, [(k, _value(previous, k), _value(v.snapshot, k)) for k in keys]))
    return out


@require_safe
@public_page(*TRACKER_DOMAINS)
def policy_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    record = policy_record_get(request.user, public_id)
    versions = list(record_versions(record.public_id))
    return TemplateResponse(
        request,
        "policies/detail.html",
        {
            "record": record,
            "related": related_records(record),
            "diffs": version_diffs(versions),
            "can_change": request.user.is_authenticated and policy_record_policy.can(request.user, "change", record),
            "can_edit_state": policy_record_policy.can_create(request.user, state=record.jurisdiction.usps),
        },
    )


def _since(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        return dt.date(timezone.localdate().year, 1, 1)


def change_filters(request: HttpRequest) -> dict[str, list[str]]:
    """Optional ``state`` (USPS) and ``type`` (policy-type code) filters of the change page and feed."""
    states = [s.upper() for s in request.GET.getlist("state") if s.isalpha() and len(s) == 2]
    types = [t for t in request.GET.getlist("type") if t and len(t) <= 80]
    return {"jurisdictions": states, "policy_types": types}


@require_safe
@public_page(*TRACKER_DOMAINS)
def changes(request: HttpRequest) -> HttpResponse:
    since = _since(request)
    filters = change_filters(request)
    qs = policy_changes(since, jurisdictions=filters["jurisdictions"], policy_types=filters["policy_types"])
    page = Paginator(qs, CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    feed_query = urlencode([("state", s) for s in filters["jurisdictions"]] + [("type", t) for t in filters["policy_types"]])
    context = {
        "page": page,
        "since": since,
        "state": filters["jurisdictions"][0] if filters["jurisdictions"] else "",
        "type": filters["policy_types"][0] if filters["policy_types"] else "",
        "state_choices": jurisdiction_choices(),
        "type_choices": policy_type_list().values_list("code", "name"),
        "feed_query": feed_query,
    }
    return TemplateResponse(request, "policies/changes.html", context)
