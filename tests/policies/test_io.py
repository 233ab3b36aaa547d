"""Import and export (statewide-policies/1): round trip, atomic import, every bad row named."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from statewide.accounts.models import Role
from statewide.core.errors import ApplicationError
from statewide.policies.io import COLUMNS, export_csv, export_json, policy_records_import
from statewide.policies.models import PolicyRecord, PolicyRecordVersion
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
