"""Create, update and delete policy records (each audited and versioned)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.cache import content_changed
from statewide.core.concurrency import EditConflict, changed_fields, version_bump
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.policies.history import record_snapshot, version_record
from statewide.policies.models import PolicyRecord, PolicyRecordVersion, PolicyRelation, VersionAction
from statewide.policies.permissions import policy_record_policy
from statewide.policies.services.validation import Lookups, clean_note, clean_record_input

SCALAR_FIELDS = (
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
    "summary",
    "sources",
    "checked_on",
    "confirmed",
)


def _fresh(record: PolicyRecord) -> PolicyRecord:
    return PolicyRecord.objects.select_related("jurisdiction", "policy_type").prefetch_related("conditions", "relations_out__to_record").get(pk=record.pk)


def _set_relations(record: PolicyRecord, related: list[tuple[str, Any]]) -> None:
    targets = {r.public_id: r for r in PolicyRecord.objects.filter(public_id__in=[to for _k, to in related])}
    missing = [str(to) for _k, to in related if to not in targets]
    if missing:
        raise ApplicationError(_("The policy record has errors."), fields={"related": [_("No record with id %(id)s.") % {"id": m} for m in missing]})
    if any(to == record.public_id for _k, to in related):
        raise ApplicationError(_("The policy record has errors."), fields={"related": [_("A record cannot relate to itself.")]})
    PolicyRelation.objects.filter(from_record=record).delete()
    PolicyRelation.objects.bulk_create([PolicyRelation(from_record=record, to_record=targets[to], kind=kind) for kind, to in related])


def apply_clean(record: PolicyRecord, clean: dict[str, Any]) -> None:
    """Copy validated input onto the record (the checked-on date defaults to its sources' latest)."""
    for name in SCALAR_FIELDS:
        setattr(record, name, clean[name])


def policy_record_create(*, actor: Actor, data: Mapping[str, Any], note: str = "", lookups: Lookups | None = None, seed_key: str = "") -> PolicyRecord:
    """Create a record from `statewide-policies/1` fields. Raises ApplicationError (fields) or PermissionDenied."""
    clean = clean_record_input(data, lookups)
    note = clean_note(note)
    policy_record_policy.require_create(actor, state=clean["jurisdiction"].usps)
    with transaction.atomic():
        record = PolicyRecord(jurisdiction=clean["jurisdiction"], seed_key=seed_key)
        apply_clean(record, clean)
        record.version = 1
        record.save()
        record.conditions.set(clean["conditions"])
        _set_relations(record, clean["related"])
        record = _fresh(record)
        after = record_snapshot(record)
        version_record(record, actor=actor, action=VersionAction.CREATED, snapshot=after, note=note)
        audit_record(actor=actor, action="policy_record.create", obj=record, after=after, scope_state=record.jurisdiction.usps)
    return record


def policy_record_update(
    *, actor: Actor, record: PolicyRecord, data: Mapping[str, Any], note: str = "", lookups: Lookups | None = None, expected_version: int | None = None
) -> PolicyRecord:
    """Change a record; keys not in `data` keep their values. Moving a record to another state needs
    the right to edit both states. A save that changes nothing creates no version.

    `expected_version` (the edit form's hidden field, the API's `version`): the version the editor
    started from. If someone saved since, nothing is written and `EditConflict` (core.concurrency)
    tells what they changed."""
    policy_record_policy.require(actor, "change", record)
    with transaction.atomic():
        record = PolicyRecord.objects.select_for_update().get(pk=record.pk)
        record = _fresh(record)
        before = record_snapshot(record)
        if expected_version is not None and expected_version != record.version:
            raise EditConflict(expected=expected_version, current=record.version, changes=_changes_since(record, expected_version, before))
        clean = clean_record_input(data, lookups, partial_of=before)
        note = clean_note(note)
        policy_record_policy.require_create(actor, state=clean["jurisdiction"].usps)
        record.jurisdiction = clean["jurisdiction"]
        apply_clean(record, clean)
        record.conditions.set(clean["conditions"])
        _set_relations(record, clean["related"])
        candidate = record_snapshot(_refresh_relations(record))
        if {k: v for k, v in candidate.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}:
            return record
        # the conditional UPDATE (core.concurrency): no other save slipped in since the lock was taken
        record.version = version_bump(PolicyRecord, pk=record.pk, expected=record.version)
        record.save()
        record = _fresh(record)
        after = record_snapshot(record)
        version_record(record, actor=actor, action=VersionAction.UPDATED, snapshot=after, before=before, note=note)
        audit_record(actor=actor, action="policy_record.update", obj=record, before=before, after=after, scope_state=record.jurisdiction.usps)
        if before["jurisdiction"] != after["jurisdiction"]:  # the state it left changed too (its summary: policies.summaries)
            content_changed("policies", scopes=[before["jurisdiction"]])
    return record


def _changes_since(record: PolicyRecord, number: int, now: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """What changed between version `number` (from the history) and now."""
    then = PolicyRecordVersion.objects.filter(record_public_id=record.public_id, number=number).values_list("snapshot", flat=True).first()
    return changed_fields(then, now) if then is not None else {}


def _refresh_relations(record: PolicyRecord) -> PolicyRecord:
    fresh = _fresh(record)
    # Carry the unsaved scalar changes onto the freshly prefetched object for the comparison.
    for name in (*SCALAR_FIELDS, "jurisdiction"):
        setattr(fresh, name, getattr(record, name))
    return fresh


def policy_record_delete(*, actor: Actor, record: PolicyRecord, note: str = "") -> None:
    """Delete a record. Its versions stay (with a final 'deleted' version), so history survives."""
    policy_record_policy.require(actor, "delete", record)
    with transaction.atomic():
        record = _fresh(record)
        before = record_snapshot(record)
        record.version += 1
        final = {**before, "version": record.version}
        version_record(record, actor=actor, action=VersionAction.DELETED, snapshot=final, note=note)
        audit_record(actor=actor, action="policy_record.delete", obj=record, before=before, scope_state=record.jurisdiction.usps)
        record.delete()
