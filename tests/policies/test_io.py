"""Import and export (statewide-policies/1): round trip, atomic import, every bad row named."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from statewide.accounts.models import Role
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.frameworks.models import Item
from statewide.policies.history import record_snapshot
from statewide.policies.io import COLUMNS, export_csv, export_json, policy_records_import
from statewide.policies.models import CONDITION_FRAMEWORK, PolicyRecord, PolicyRecordVersion
from statewide.policies.selectors import PolicyFilters, policy_record_list
from tests.factories import person, state_agency

pytestmark = pytest.mark.django_db


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_edit_import_round_trips(seeded: tuple[int, int]) -> None:
    editor = person(Role.CONTENT_EDITOR)
    before = export_csv(policy_record_list(editor).order_by("pk"))
    rows = _rows(before)
    assert list(rows[0]) == COLUMNS and len(rows) == PolicyRecord.objects.count()
    # Unchanged re-import changes nothing.
    result = policy_records_import(actor=editor, data=before.encode(), fmt="csv")
    assert (result.created, result.updated) == (0, 0)
    assert export_csv(policy_record_list(editor).order_by("pk")) == before
    # Edit one title, add a new row, re-import.
    idaho = next(r for r in rows if r["bill_number"] == "HB 110")
    idaho["title"] = "Mastery-based education (HB 110), edited"
    new = dict(rows[-1], id="", title="A new Texas record", jurisdiction="TX", related="", bill_number="")
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows([*rows, new])
    result = policy_records_import(actor=editor, data=out.getvalue().encode(), fmt="csv")
    assert (result.created, result.updated) == (1, 1)
    r = PolicyRecord.objects.get(bill_number="HB 110")
    assert r.title.endswith("edited") and r.version == 2 and r.code_section == "Idaho Code §33-1632"
    assert PolicyRecordVersion.objects.filter(record=r, note="import").count() == 1
    after = _rows(export_csv(policy_record_list(editor).order_by("pk")))
    assert {k: v for k, v in after[rows.index(idaho)].items() if k != "version"} == {k: v for k, v in idaho.items() if k != "version"}


def test_bad_csv_imports_nothing_and_names_every_bad_row(seeded: tuple[int, int]) -> None:
    editor = person(Role.CONTENT_EDITOR)
    text = (
        ",".join(COLUMNS)
        + "\n"
        + ",TX,Good row,pilot-grant,statute,,,,in_effect,,2015-01-01,,,,,day,,ok,https://example.org/a,,true,,\n"
        + ",ZZ,Bad state,pilot-grant,statute,,,,in_effect,,2015-01-01,,,,,day,,x,https://example.org/b,,true,,\n"
        + ",TX,,pilot-grant,statute,,,,in_effect,,not-a-date,,,,,day,,x,,,true,,\n"
    )
    count = PolicyRecord.objects.count()
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=editor, data=text.encode(), fmt="csv")
    assert set(exc.value.fields) == {"line 3", "line 4"}
    assert any("jurisdiction" in m for m in exc.value.fields["line 3"])
    assert {m.split(":")[0] for m in exc.value.fields["line 4"]} >= {"title", "enacted_on", "sources"}
    assert PolicyRecord.objects.count() == count


def test_import_respects_state_admin_scope() -> None:
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    doc = {
        "schema": "statewide-policies/1",
        "records": [
            {
                "jurisdiction": "TX",
                "title": "Own",
                "policy_type": "funding",
                "instrument": "statute",
                "enacted_on": "2019",
                "date_precision": "year",
                "sources": ["https://example.org/x"],
            },
            {
                "jurisdiction": "NH",
                "title": "Other",
                "policy_type": "funding",
                "instrument": "statute",
                "enacted_on": "2019",
                "date_precision": "year",
                "sources": ["https://example.org/y"],
            },
        ],
    }
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=admin, data=json.dumps(doc).encode(), fmt="json")
    assert list(exc.value.fields) == ["record 2"]
    assert not PolicyRecord.objects.exists()
    doc["records"].pop()
    assert policy_records_import(actor=admin, data=json.dumps(doc).encode(), fmt="json").created == 1


def test_json_export_round_trips(seeded: tuple[int, int]) -> None:
    editor = person(Role.CONTENT_EDITOR)
    text = export_json(policy_record_list(editor, PolicyFilters(jurisdiction=["ID"])))
    doc = json.loads(text)
    assert doc["schema"] == "statewide-policies/1" and len(doc["records"]) == 3
    result = policy_records_import(actor=editor, data=text.encode(), fmt="json")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_export_honours_filters(seeded: tuple[int, int]) -> None:
    rows = _rows(export_csv(policy_record_list(None, PolicyFilters(policy_type=["innovation-zone"]))))
    assert rows and {r["policy_type"] for r in rows} == {"innovation-zone"}


def test_anonymous_import_refused() -> None:
    doc = {
        "schema": "statewide-policies/1",
        "records": [
            {"jurisdiction": "TX", "title": "x", "policy_type": "funding", "instrument": "statute", "enacted_on": "2019", "sources": ["https://example.org/x"]}
        ],
    }
    with pytest.raises(PermissionDenied):
        policy_records_import(actor=AnonymousUser(), data=json.dumps(doc).encode(), fmt="json")


def test_cli_export_and_import(seeded: tuple[int, int], tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "vt.csv"
    call_command("export_policies", "--state", "VT", "-o", str(out))
    rows = _rows(out.read_text(encoding="utf-8"))
    assert len(rows) == 3
    rows[0]["summary"] = "Changed from the command line."
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    out.write_text(buf.getvalue(), encoding="utf-8")
    msg = io.StringIO()
    call_command("import_policies", str(out), stdout=msg)
    assert "updated 1" in msg.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "statewide-policies/1", "records": [{"jurisdiction": "VT"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="record 1"):
        call_command("import_policies", str(bad))


def test_imported_versions_and_events_hold_the_stored_record(seeded: tuple[int, int]) -> None:
    """The importer builds snapshots from the validated rows (no model instances): they must equal
    what the stored records read back, for new and for changed records."""
    editor = person(Role.CONTENT_EDITOR)
    conditions = list(Item.objects.filter(framework__slug=CONDITION_FRAMEWORK, kind="condition").values_list("code", flat=True)[:2])
    target = PolicyRecord.objects.order_by("pk").first()
    changed = PolicyRecord.objects.order_by("pk").last()
    assert target and changed and target != changed
    row = {
        "jurisdiction": "tx",
        "title": "  Bulk-written record  ",
        "policy_type": "funding",
        "instrument": "statute",
        "status": "amended",
        "enacted_on": "2019-05-01",
        "amended_on": "2021",
        "conditions": [conditions[1], conditions[0], conditions[1]],
        "sources": [{"url": "https://example.org/b", "title": "Bill text", "checked_on": "2026-01-02"}, "https://example.org/a"],
        "related": [{"kind": "amends", "to": str(target.public_id)}, f"amends:{target.public_id}"],
        "confirmed": False,
    }
    edit = {"id": str(changed.public_id), "title": changed.title + " (edited)", "related": [f"funds:{target.public_id}"]}
    doc = {"schema": "statewide-policies/1", "records": [row, edit]}
    result = policy_records_import(actor=editor, data=json.dumps(doc).encode(), fmt="json")
    assert (result.created, result.updated) == (1, 1)
    fresh = PolicyRecord.objects.select_related("jurisdiction", "policy_type").prefetch_related("conditions", "relations_out__to_record")
    new = fresh.get(title="Bulk-written record")
    edited = fresh.get(pk=changed.pk)
    assert new.in_force_from == dt.date(2019, 5, 1) and new.checked_on == dt.date(2026, 1, 2) and new.created_at and new.version == 1
    assert sorted(c.code for c in new.conditions.all()) == sorted(conditions) and edited.version == changed.version + 1
    for record in (new, edited):
        version = PolicyRecordVersion.objects.get(record=record, number=record.version)
        event = AuditEvent.objects.filter(object_id=str(record.public_id)).latest("id")
        assert version.snapshot == record_snapshot(record) == event.after
        assert version.actor == editor and event.actor_label == editor.email and event.scope_state == record.jurisdiction.usps
    assert PolicyRecordVersion.objects.get(record=edited, number=edited.version).changed_fields == ["title", "related"]
    assert AuditEvent.objects.filter(object_id=str(edited.public_id)).latest("id").before["title"] == changed.title
