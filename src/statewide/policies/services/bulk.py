"""Bulk writes of policy records for the importer: validated rows written in batches, in one transaction.

The importer validates every row first (all errors at once); this module then writes what
changed with a fixed number of statements: records (COPY of plain rows for new records, bulk
update for changed ones), their conditions and relations, one version and one audit event per
changed record. New records never become model instances: their snapshot is built from the
validated input (`history.clean_snapshot`) and serialized once for both the version and the audit
event. Rows whose content equals the stored record are left alone (no version, no event):
re-importing an unchanged file writes nothing but its reads.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import BulkEntry, audit_record_bulk
from statewide.core.bulk import JsonText, bulk_insert_rows, bulk_update_rows
from statewide.core.cache import content_changed
from statewide.core.errors import ApplicationError
from statewide.core.permissions import actor_label, actor_user
from statewide.policies.history import changed_fields, clean_snapshot, record_snapshot
from statewide.policies.models import PolicyRecord, PolicyRecordVersion, PolicyRelation, VersionAction, in_force_start
from statewide.policies.services.records import SCALAR_FIELDS

BATCH = 1000
OBJECT_TYPE = PolicyRecord._meta.label_lower
CONTENT_COLUMNS = ["jurisdiction_id", *(f"{n}_id" if n == "policy_type" else n for n in SCALAR_FIELDS), "in_force_from"]
VERSION_COLUMNS = [
    "record_id",
    "record_public_id",
    "jurisdiction_id",
    "policy_type_code",
    "number",
    "action",
    "snapshot",
    "changed_fields",
    "actor_id",
    "actor_label",
    "note",
]


@dataclass
class BulkRow:
    """One validated row: `key` names it in errors ("line 12"), `record` is the stored record it updates."""

    key: str
    record: PolicyRecord | None
    clean: dict[str, Any]
    before: dict[str, Any] | None = None  # the stored record's snapshot (the importer has read it already)


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class _Change:
    """A row that writes: its record's key (None until inserted), snapshots and relations."""

    row: BulkRow
    public_id: uuid.UUID
    after: dict[str, Any]
    before: dict[str, Any] | None = None
    pk: int | None = None


def _check_related(row: BulkRow, public_id: uuid.UUID | None, targets: dict[uuid.UUID, int]) -> None:
    related = row.clean["related"]
    missing = [str(to) for _k, to in related if to not in targets]
    if missing:
        raise ApplicationError(
            _("A row has errors; nothing was imported."), fields={row.key: [f"related: {_('No record with id %(id)s.') % {'id': m}}" for m in missing]}
        )
    if public_id is not None and any(to == public_id for _k, to in related):
        raise ApplicationError(_("A row has errors; nothing was imported."), fields={row.key: [f"related: {_('A record cannot relate to itself.')}"]})


def _content(clean: dict[str, Any]) -> tuple[Any, ...]:
    """A record's values for CONTENT_COLUMNS, from validated input."""
    start = in_force_start(clean["effective_on"], clean["enacted_on"], clean["known_in_force_on"])
    values = [clean["policy_type"].pk if name == "policy_type" else clean[name] for name in SCALAR_FIELDS]
    return (clean["jurisdiction"].pk, *values, start)


def _links(changes: list[_Change], targets: dict[uuid.UUID, int]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    conditions = [(c.pk, item.pk) for c in changes for item in dict.fromkeys(c.row.clean["conditions"])]
    relations = [(c.pk, targets[to], kind) for c in changes for kind, to in dict.fromkeys(c.row.clean["related"])]
    return conditions, relations  # type: ignore[return-value]


def policy_records_bulk_write(actor: Any, rows: list[BulkRow], *, note: str = "import", progress: Callable[[int], None] | None = None) -> BulkResult:
    """Write validated rows (permission already checked per row by the importer). All or nothing.

    `progress(rows done)` is told after each of the three write phases (records, their links, their
    versions and audit events); rows equal to the stored record count as done at once."""
    result = BulkResult()

    def report(phase: int) -> None:
        if progress:
            progress(result.unchanged + (len(creates) + len(updates)) * phase // 3)

    wanted = {to for row in rows for _k, to in row.clean["related"]}
    targets = dict(PolicyRecord.objects.filter(public_id__in=list(wanted)).values_list("public_id", "pk")) if wanted else {}
    creates: list[_Change] = []
    updates: list[_Change] = []
    for row in rows:
        record = row.record
        _check_related(row, record.public_id if record else None, targets)
        if record is None:
            public_id = uuid.uuid4()
            creates.append(_Change(row, public_id, clean_snapshot(public_id, row.clean, version=1)))
            continue
        before = row.before or record_snapshot(record)
        after = clean_snapshot(record.public_id, row.clean, version=record.version + 1)
        if {k: v for k, v in after.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}:
            result.unchanged += 1
            continue
        updates.append(_Change(row, record.public_id, after, before, record.pk))
    report(0)
    if not creates and not updates:
        return result
    through = PolicyRecord.conditions.through
    with transaction.atomic():
        columns = ["public_id", *CONTENT_COLUMNS, "version", "seed_key"]
        pks = bulk_insert_rows(PolicyRecord, columns, [(c.public_id, *_content(c.row.clean), 1, "") for c in creates], returning_pks=True)
        for change, pk in zip(creates, pks, strict=True):
            change.pk = pk
        if updates:
            _update_records(updates)
        report(1)
        conditions, relations = _links(creates + updates, targets)
        bulk_insert_rows(through, ["policyrecord_id", "item_id"], conditions)
        bulk_insert_rows(PolicyRelation, ["from_record_id", "to_record_id", "kind"], relations)
        report(2)
        _write_history(actor, [(c, VersionAction.CREATED) for c in creates] + [(c, VersionAction.UPDATED) for c in updates], note)
        report(3)
    result.created, result.updated = len(creates), len(updates)
    return result


def _update_records(updates: list[_Change]) -> None:
    """Changed records: scalar fields by bulk update, conditions and relations replaced."""
    through = PolicyRecord.conditions.through
    ids = [c.pk for c in updates if c.pk is not None]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        through.objects.filter(policyrecord_id__in=chunk).delete()
        PolicyRelation.objects.filter(from_record_id__in=chunk).delete()
    now = timezone.now()
    rows = [(c.pk, *_content(c.row.clean), c.after["version"], now) for c in updates]
    bulk_update_rows(PolicyRecord, [*CONTENT_COLUMNS, "version", "updated_at"], rows)


def _write_history(actor: Any, changes: Sequence[tuple[_Change, str]], note: str) -> None:
    """One version and one audit event per change; each snapshot is serialized once for both."""
    user = actor_user(actor)
    label = actor_label(actor)
    versions: list[tuple[Any, ...]] = []
    entries: dict[str, list[BulkEntry]] = {"policy_record.create": [], "policy_record.update": []}
    for change, action in changes:
        after = JsonText(json.dumps(change.after))
        clean = change.row.clean
        versions.append(
            (
                change.pk,
                change.public_id,
                clean["jurisdiction"].pk,
                change.after["policy_type"],
                change.after["version"],
                action,
                after,
                changed_fields(change.before, change.after),
                getattr(user, "pk", None),
                label,
                note[:300],
            )
        )
        event = "policy_record.create" if action == VersionAction.CREATED else "policy_record.update"
        usps = clean["jurisdiction"].usps
        entries[event].append(BulkEntry(str(change.public_id), f"{usps}: {clean['title']}", change.before, after, usps))
    bulk_insert_rows(PolicyRecordVersion, VERSION_COLUMNS, versions)
    left = {c.before["jurisdiction"] for c, _a in changes if c.before and c.before["jurisdiction"] != c.row.clean["jurisdiction"].usps}
    if left:  # the states records moved out of changed too (their summaries: policies.summaries)
        content_changed("policies", scopes=left)
    for event, batch in entries.items():
        audit_record_bulk(actor=actor, action=event, object_type=OBJECT_TYPE, entries=batch)
