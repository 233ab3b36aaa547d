"""Bulk writes of policy records for the importer: validated rows written in batches, in one transaction.

The importer validates every row first (all errors at once); this module then writes what
changed with a fixed number of statements per batch: records (bulk insert / bulk update), their
conditions and relations, one version and one audit event per changed record. Rows whose content
equals the stored record are left alone (no version, no event): re-importing an unchanged file
writes nothing but its reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_event, audit_record_many
from statewide.core.bulk import bulk_insert
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.frameworks.models import Item
from statewide.policies.history import build_version, record_snapshot
from statewide.policies.models import PolicyRecord, PolicyRecordVersion, PolicyRelation, VersionAction
from statewide.policies.services.records import SCALAR_FIELDS, apply_clean

BATCH = 1000


@dataclass
class BulkRow:
    """One validated row: `key` names it in errors ("line 12"), `record` is the stored record it updates."""

    key: str
    record: PolicyRecord | None
    clean: dict[str, Any]


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    touched: list[PolicyRecord] = field(default_factory=list)


Creates = list[tuple[PolicyRecord, BulkRow, list[PolicyRelation]]]
Updates = list[tuple[PolicyRecord, dict[str, Any], list[PolicyRelation]]]


def _attach(record: PolicyRecord, conditions: list[Item], relations: list[PolicyRelation]) -> PolicyRecord:
    """Give the record in-memory conditions and relations, so `record_snapshot` reads them without queries."""
    record._prefetched_objects_cache = {"conditions": conditions, "relations_out": relations}  # type: ignore[attr-defined]
    return record


def _relations(record: PolicyRecord, related: list[tuple[str, uuid.UUID]], targets: dict[uuid.UUID, PolicyRecord], key: str) -> list[PolicyRelation]:
    missing = [str(to) for _k, to in related if to not in targets]
    if missing:
        raise ApplicationError(
            _("A row has errors; nothing was imported."), fields={key: [f"related: {_('No record with id %(id)s.') % {'id': m}}" for m in missing]}
        )
    if any(to == record.public_id for _k, to in related):
        raise ApplicationError(_("A row has errors; nothing was imported."), fields={key: [f"related: {_('A record cannot relate to itself.')}"]})
    return [PolicyRelation(from_record=record, to_record=targets[to], kind=kind) for kind, to in dict.fromkeys(related)]


def policy_records_bulk_write(actor: Any, rows: list[BulkRow], *, note: str = "import", progress: Callable[[int], None] | None = None) -> BulkResult:
    """Write validated rows (permission already checked per row by the importer). All or nothing."""
    result = BulkResult()
    wanted = {to for row in rows for _k, to in row.clean["related"]}
    targets = {r.public_id: r for r in PolicyRecord.objects.filter(public_id__in=list(wanted))} if wanted else {}
    creates: Creates = []
    updates: Updates = []
    for row in rows:
        if row.record is None:
            record = PolicyRecord(jurisdiction=row.clean["jurisdiction"], version=1)
            apply_clean(record, row.clean)
            record.derive_fields()
            creates.append((record, row, _relations(record, row.clean["related"], targets, row.key)))
            continue
        record = row.record
        before = record_snapshot(record)
        record.jurisdiction = row.clean["jurisdiction"]
        apply_clean(record, row.clean)
        record.derive_fields()
        relations = _relations(record, row.clean["related"], targets, row.key)
        _attach(record, list(dict.fromkeys(row.clean["conditions"])), relations)
        candidate = record_snapshot(record)
        if {k: v for k, v in candidate.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}:
            result.unchanged += 1
            continue
        record.version += 1
        updates.append((record, before, relations))
    if not creates and not updates:
        return result
    # Written in batches of BATCH records (a fixed number of statements per batch), each reported to
    # `progress(rows done)`; rows equal to the stored record count as done at once.
    done = result.unchanged
    with transaction.atomic():
        for start in range(0, max(len(creates), len(updates)), BATCH):
            batch_c, batch_u = creates[start : start + BATCH], updates[start : start + BATCH]
            _write_batch(actor, batch_c, batch_u, note)
            done += len(batch_c) + len(batch_u)
            if progress:
                progress(done)
    result.created, result.updated = len(creates), len(updates)
    result.touched = [r for r, _row, _rel in creates] + [r for r, _b, _rel in updates]
    return result


def _write_batch(actor: Any, creates: Creates, updates: Updates, note: str) -> None:
    """Write one batch (at most BATCH creates and BATCH updates) with a fixed number of statements."""
    versions: list[PolicyRecordVersion] = []
    events: list[AuditEvent] = []
    through = PolicyRecord.conditions.through
    bulk_insert(PolicyRecord, [r for r, _row, _rel in creates])
    if updates:
        ids = [r.pk for r, _b, _rel in updates]
        through.objects.filter(policyrecord_id__in=ids).delete()
        PolicyRelation.objects.filter(from_record_id__in=ids).delete()
        fields = [*SCALAR_FIELDS, "jurisdiction", "in_force_from", "version", "updated_at"]
        now = timezone.now()  # bulk_update does not apply auto_now
        for r, _b, _rel in updates:
            r.updated_at = now
        PolicyRecord.objects.bulk_update([r for r, _b, _rel in updates], fields, batch_size=BATCH)
    links, relations = [], []
    for record, row, rel in creates:
        _attach(record, list(dict.fromkeys(row.clean["conditions"])), rel)
    for record, rel in [(r, rel) for r, _row, rel in creates] + [(r, rel) for r, _b, rel in updates]:
        links += [through(policyrecord_id=record.pk, item_id=c.pk) for c in record._prefetched_objects_cache["conditions"]]  # type: ignore[attr-defined]
        relations += rel
    bulk_insert(through, links)
    bulk_insert(PolicyRelation, relations)
    for record, _row, _rel in creates:
        after = record_snapshot(record)
        versions.append(build_version(record, actor=actor, action=VersionAction.CREATED, snapshot=after, note=note))
        events.append(audit_event(actor=actor, action="policy_record.create", obj=record, after=after, scope_state=record.jurisdiction.usps))
    for record, before, _rel in updates:
        after = record_snapshot(record)
        versions.append(build_version(record, actor=actor, action=VersionAction.UPDATED, snapshot=after, before=before, note=note))
        events.append(audit_event(actor=actor, action="policy_record.update", obj=record, before=before, after=after, scope_state=record.jurisdiction.usps))
    bulk_insert(PolicyRecordVersion, versions)
    audit_record_many(events, batch_size=BATCH)
