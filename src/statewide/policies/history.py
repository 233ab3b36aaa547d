"""Snapshots and versions of policy records: every saved edit becomes a `PolicyRecordVersion`.

A snapshot is the record as JSON in the `statewide-policies/1` field names (see io.py), so a
version can be shown, diffed and exported like a live record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from statewide.core.permissions import Actor, actor_label, actor_user
from statewide.policies.models import PolicyRecord, PolicyRecordVersion, VersionAction

SNAPSHOT_FIELDS = [
    "id",
    "jurisdiction",
    "title",
    "policy_type",
    "instrument",
    "bill_number",
    "session",
    "code_section",
    "status",
    "introduced_on",
    "enacted_on",
    "effective_on",
    "amended_on",
    "ended_on",
    "known_in_force_on",
    "date_precision",
    "conditions",
    "summary",
    "sources",
    "checked_on",
    "confirmed",
    "related",
    "version",
]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def record_snapshot(record: PolicyRecord) -> dict[str, Any]:
    """The record as a JSON-ready dict. Uses prefetched conditions/relations when present."""
    return {
        "id": str(record.public_id),
        "jurisdiction": record.jurisdiction.usps,
        "title": record.title,
        "policy_type": record.policy_type.code,
        "instrument": record.instrument,
        "bill_number": record.bill_number,
        "session": record.session,
        "code_section": record.code_section,
        "status": record.status,
        "introduced_on": _date(record.introduced_on),
        "enacted_on": _date(record.enacted_on),
        "effective_on": _date(record.effective_on),
        "amended_on": _date(record.amended_on),
        "ended_on": _date(record.ended_on),
        "known_in_force_on": _date(record.known_in_force_on),
        "date_precision": record.date_precision,
        "conditions": sorted(c.code for c in record.conditions.all()),
        "summary": record.summary,
        "sources": list(record.sources or []),
        "checked_on": _date(record.checked_on),
        "confirmed": record.confirmed,
        "related": sorted(
            ({"kind": r.kind, "to": str(r.to_record.public_id)} for r in record.relations_out.all()),
            key=lambda r: (r["kind"], r["to"]),
        ),
        "version": record.version,
    }


def clean_snapshot(public_id: Any, clean: dict[str, Any], *, version: int) -> dict[str, Any]:
    """The snapshot a record would have after saving validated input (`services.validation.clean_record_input`):
    equal to `record_snapshot` of that record, without building it (bulk imports)."""
    return {
        "id": str(public_id),
        "jurisdiction": clean["jurisdiction"].usps,
        "title": clean["title"],
        "policy_type": clean["policy_type"].code,
        "instrument": clean["instrument"],
        "bill_number": clean["bill_number"],
        "session": clean["session"],
        "code_section": clean["code_section"],
        "status": clean["status"],
        "introduced_on": _date(clean["introduced_on"]),
        "enacted_on": _date(clean["enacted_on"]),
        "effective_on": _date(clean["effective_on"]),
        "amended_on": _date(clean["amended_on"]),
        "ended_on": _date(clean["ended_on"]),
        "known_in_force_on": _date(clean["known_in_force_on"]),
        "date_precision": clean["date_precision"],
        "conditions": sorted({c.code for c in clean["conditions"]}),
        "summary": clean["summary"],
        "sources": list(clean["sources"]),
        "checked_on": _date(clean["checked_on"]),
        "confirmed": clean["confirmed"],
        "related": sorted(({"kind": kind, "to": str(to)} for kind, to in dict.fromkeys(clean["related"])), key=lambda r: (r["kind"], r["to"])),
        "version": version,
    }


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    if before is None or after is None:
        return []
    return [k for k in SNAPSHOT_FIELDS if k != "version" and before.get(k) != after.get(k)]


def build_version(
    record: PolicyRecord, *, actor: Actor, action: str, snapshot: dict[str, Any], before: dict[str, Any] | None = None, note: str = ""
) -> PolicyRecordVersion:
    """An unsaved version of the record (the service has already bumped `record.version`)."""
    return PolicyRecordVersion(
        record=None if action == VersionAction.DELETED else record,
        record_public_id=record.public_id,
        jurisdiction_id=record.jurisdiction_id,
        policy_type_code=snapshot["policy_type"],
        number=record.version,
        action=action,
        snapshot=snapshot,
        changed_fields=changed_fields(before, snapshot),
        actor=actor_user(actor),
        actor_label=actor_label(actor),
        note=note[:300],
    )


def version_record(
    record: PolicyRecord, *, actor: Actor, action: str, snapshot: dict[str, Any], before: dict[str, Any] | None = None, note: str = ""
) -> PolicyRecordVersion:
    """Append a version (the service has already bumped `record.version`)."""
    version = build_version(record, actor=actor, action=action, snapshot=snapshot, before=before, note=note)
    version.save()
    return version


def record_versions(record_public_id: Any) -> QuerySet[PolicyRecordVersion]:
    """Every version of one record, newest first (also after the record was deleted)."""
    return PolicyRecordVersion.objects.filter(record_public_id=record_public_id).select_related("actor", "jurisdiction").order_by("-number")


def policy_changes(
    since: dt.datetime | dt.date,
    until: dt.datetime | dt.date | None = None,
    *,
    jurisdictions: list[str] | None = None,
    policy_types: list[str] | None = None,
) -> QuerySet[PolicyRecordVersion]:
    """Versions saved in [since, until), newest first: "what changed this year?"."""
    qs = PolicyRecordVersion.objects.select_related("jurisdiction", "actor")
    qs = qs.filter(created_at__date__gte=since) if type(since) is dt.date else qs.filter(created_at__gte=since)
    if until is not None:
        qs = qs.filter(created_at__date__lt=until) if type(until) is dt.date else qs.filter(created_at__lt=until)
    if jurisdictions:
        qs = qs.filter(jurisdiction__usps__in=jurisdictions)
    if policy_types:
        qs = qs.filter(policy_type_code__in=policy_types)
    return qs.order_by("-created_at", "-id")
