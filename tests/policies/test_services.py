"""Editing rules: who may edit, every edit versioned and audited, field-level validation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from statewide.accounts.models import Role
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.policies.history import record_versions
from statewide.policies.models import PolicyRecord, PolicyRecordVersion
from statewide.policies.services import (
    follow_create,
    follow_delete,
    policy_level_override,
    policy_record_create,
    policy_record_delete,
    policy_record_update,
)
from tests.factories import person, state_agency
from tests.policies.factories import valid_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():  # type: ignore[no-untyped-def]
    return person(Role.CONTENT_EDITOR)


@pytest.fixture
def tx_admin():  # type: ignore[no-untyped-def]
    return person(Role.STATE_ADMIN, state_agency("TX"))


def test_state_admin_edits_own_state_only(tx_admin, editor) -> None:  # type: ignore[no-untyped-def]
    own = policy_record_create(actor=tx_admin, data=valid_input(jurisdiction="TX"))
    assert own.jurisdiction.usps == "TX"
    with pytest.raises(PermissionDenied):
        policy_record_create(actor=tx_admin, data=valid_input(jurisdiction="NH"))
    other = policy_record_create(actor=editor, data=valid_input(jurisdiction="NH"))
    with pytest.raises(PermissionDenied):
        policy_record_update(actor=tx_admin, record=other, data={"title": "Hijacked"})
    with pytest.raises(PermissionDenied):
        policy_record_delete(actor=tx_admin, record=other)
    # Moving an own record to another state is also refused.
    with pytest.raises(PermissionDenied):
        policy_record_update(actor=tx_admin, record=own, data={"jurisdiction": "NH"})
    assert PolicyRecord.objects.get(pk=own.pk).jurisdiction.usps == "TX"


def test_other_roles_and_anonymous_cannot_edit() -> None:
    reviewer = person(Role.STATE_REVIEWER, state_agency("TX"))
    for actor in (reviewer, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            policy_record_create(actor=actor, data=valid_input())


def test_every_edit_creates_a_version_and_an_audit_event(editor) -> None:  # type: ignore[no-untyped-def]
    r = policy_record_create(actor=editor, data=valid_input(), note="first")
    r = policy_record_update(actor=editor, record=r, data={"title": "Renamed", "status": "amended", "amended_on": "2018-01-01"}, note="rename")
    assert r.version == 2
    versions = list(record_versions(r.public_id))
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].snapshot["title"] == "Renamed" and versions[1].snapshot["title"] == "Innovation zones for districts"
    assert set(versions[0].changed_fields) == {"title", "status", "amended_on"}
    assert versions[0].actor == editor
    events = AuditEvent.objects.filter(object_id=str(r.public_id)).order_by("id")
    assert [e.action for e in events] == ["policy_record.create", "policy_record.update"]
    assert events[1].before["title"] == "Innovation zones for districts" and events[1].after["title"] == "Renamed"
    assert events[1].scope_state == "TX"
    # A save that changes nothing makes no version.
    policy_record_update(actor=editor, record=r, data={"title": "Renamed"})
    assert PolicyRecordVersion.objects.filter(record_public_id=r.public_id).count() == 2
    public_id = r.public_id
    policy_record_delete(actor=editor, record=r)
    assert not PolicyRecord.objects.filter(public_id=public_id).exists()
    assert [v.action for v in record_versions(public_id)] == ["deleted", "updated", "created"]
    assert AuditEvent.objects.filter(object_id=str(public_id), action="policy_record.delete").exists()


def test_field_level_validation(editor) -> None:  # type: ignore[no-untyped-def]
    bad = valid_input(
        jurisdiction="XX",
        policy_type="nope",
        instrument="decree",
        title="",
        sources=[],
        conditions=["not-a-condition"],
        enacted_on="2016-01-01",
        effective_on="2015-01-01",
        status="repealed",
    )
    with pytest.raises(ApplicationError) as exc:
        policy_record_create(actor=editor, data=bad)
    assert {"jurisdiction", "policy_type", "instrument", "title", "sources", "conditions", "effective_on", "ended_on"} <= set(exc.value.fields)
    assert not PolicyRecord.objects.exists()


def test_relations(editor) -> None:  # type: ignore[no-untyped-def]
    base = policy_record_create(actor=editor, data=valid_input())
    amend = policy_record_create(actor=editor, data=valid_input(title="Amendment", related=[{"kind": "amends", "to": str(base.public_id)}]))
    assert [(r.kind, r.to_record) for r in amend.relations_out.all()] == [("amends", base)]
    with pytest.raises(ApplicationError):
        policy_record_update(actor=editor, record=amend, data={"related": "funds:00000000-0000-0000-0000-000000000000"})


def test_level_override_needs_editor_and_reason(editor, tx_admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        policy_level_override(actor=tx_admin, usps="TX", level_code="advanced", reason="because")
    with pytest.raises(ApplicationError):
        policy_level_override(actor=editor, usps="TX", level_code="advanced", reason="")
    with pytest.raises(ApplicationError):
        policy_level_override(actor=editor, usps="TX", level_code="superb", reason="x")
    o = policy_level_override(actor=editor, usps="TX", level_code="developing", reason="State guidance not yet in the tracker.")
    assert o is not None and o.level_code == "developing"
    assert AuditEvent.objects.filter(action="policy_level.override", scope_state="TX").exists()
    assert policy_level_override(actor=editor, usps="TX", level_code=None, reason="Records now tracked.") is None
    assert AuditEvent.objects.filter(action="policy_level.clear").exists()


def test_follows(tx_admin) -> None:  # type: ignore[no-untyped-def]
    f = follow_create(actor=tx_admin, usps="ID")
    assert follow_create(actor=tx_admin, usps="ID") == f
    g = follow_create(actor=tx_admin, policy_type="funding")
    other = person()
    with pytest.raises(PermissionDenied):
        follow_delete(actor=other, follow=g)
    follow_delete(actor=tx_admin, follow=g)
    with pytest.raises(ApplicationError):
        follow_create(actor=tx_admin, usps="ZZ")
