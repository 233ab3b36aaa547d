"""The seed data: every record sourced, Idaho HB 110 present with its citation, loading idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from statewide.accounts.models import Role
from statewide.core.models import AuditEvent
from statewide.policies.demo import load_seed_policies, seed_records
from statewide.policies.models import PolicyRecord, PolicyRecordVersion, PolicyType
from statewide.policies.services import policy_record_update
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_vocabulary_has_the_issue_list() -> None:
    assert PolicyType.objects.count() == 15
    assert PolicyType.objects.get(code="task-force").items.filter(framework__slug="aurora-cbe-policy-map").exists()


def test_every_seeded_record_has_a_source_and_checked_on(seeded: tuple[int, int]) -> None:
    assert seeded[0] == len(seed_records())
    assert PolicyRecord.objects.count() == len(seed_records())
    for r in PolicyRecord.objects.all():
        assert r.sources, r.title
        for s in r.sources:
            assert s["url"].startswith("http") and s["checked_on"], r.title
        assert r.checked_on is not None


def test_idaho_hb110(seeded: tuple[int, int]) -> None:
    r = PolicyRecord.objects.get(jurisdiction__usps="ID", bill_number="HB 110")
    assert r.session == "2015"
    assert r.code_section == "Idaho Code §33-1632"
    assert any(s["url"].startswith("https://legislature.idaho.gov/") for s in r.sources)
    assert r.is_in_force(dt.date(2016, 1, 1)) and not r.is_in_force(dt.date(2014, 12, 31))
    assert {k for k, _ in [(rel.kind, rel) for rel in r.relations_in.all()]} == {"amends", "funds"}


def test_seed_states_named_in_the_issue(seeded: tuple[int, int]) -> None:
    states = set(PolicyRecord.objects.values_list("jurisdiction__usps", flat=True))
    assert {"NH", "KY", "IA", "ID", "VT", "UT", "SC", "AR"} <= states


def test_loading_twice_changes_nothing(seeded: tuple[int, int]) -> None:
    versions, events = PolicyRecordVersion.objects.count(), AuditEvent.objects.count()
    assert load_seed_policies() == (0, 0)
    assert PolicyRecordVersion.objects.count() == versions
    assert AuditEvent.objects.count() == events


def test_load_policies_command() -> None:
    call_command("load_policies")
    assert PolicyRecord.objects.filter(seed_key="id-hb110-2015").exists()


def test_reload_keeps_a_persons_edit(seeded: tuple[int, int]) -> None:
    editor = person(Role.CONTENT_EDITOR)
    r = PolicyRecord.objects.get(seed_key="ky-hb37-2012")
    policy_record_update(actor=editor, record=r, data={"summary": "Edited by a person."})
    load_seed_policies()
    assert PolicyRecord.objects.get(seed_key="ky-hb37-2012").summary == "Edited by a person."
