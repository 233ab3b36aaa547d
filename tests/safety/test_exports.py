"""Exports cannot attack the reader: every CSV and XLSX export goes through core.tabular, which
neutralises cells that would start a formula (OWASP's CSV-injection rule)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.core.tabular import FORMULA_STARTS, csv_text, neutralise, unneutralise, xlsx_bytes
from statewide.frameworks.models import Descriptor, Item, Level
from statewide.policies.services import policy_record_create
from tests.factories import person, state_agency
from tests.selfassessment import factories as sa

PAYLOADS = ["=1+1", "+1", "-1", "@SUM(1)", '=HYPERLINK("http://evil.example","evidence")']
BASE = "/where-to-begin/self-assessment"


def test_neutralise_follows_the_owasp_rule() -> None:
    for payload in [*PAYLOADS, "\tx", "\rx"]:
        assert neutralise(payload) == "'" + payload
    assert neutralise("plain") == "plain" and neutralise(-1) == -1 and neutralise(None) == ""
    assert csv_text([["=1+1", 3, "ok"]]) == "'=1+1,3,ok\n"


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_unneutralise_restores_exactly_what_was_written(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert unneutralise(cell) == text


def test_xlsx_text_is_never_a_formula() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([("Sheet", [PAYLOADS, [1, -1.5, None]])])))
    cells = list(book["Sheet"].iter_rows())
    assert [c.value for c in cells[0]] == PAYLOADS  # the text itself, typed as text
    assert all(c.data_type == "s" and c.quotePrefix for c in cells[0])
    assert [c.value for c in cells[1]][:3] == [1, -1.5, None]


def _assert_csv_safe(text: str, payload: str) -> int:
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], "a CSV cell would run as a formula"
    return sum(1 for c in cells if c.startswith("'" + payload))


def _assert_xlsx_safe(data: bytes, payload: str) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix
                    found += cell.value.startswith(payload)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_no_export_holds_a_formula_whatever_the_text_fields_hold(client: Client, policy_types: None, payload: str) -> None:
    """Every text field that reaches an export gets the payload; every export is read back cell by cell."""
    # Framework content (condition names, phase names, descriptors, provenance notes) reaches the
    # self-assessment exports and the framework CSV.
    items = sa.conditions()
    Item.objects.filter(pk=items[0].pk).update(name=f"{payload} name", status_note=f"{payload} note", definition=payload)
    Level.objects.filter(framework__slug="kw-spf-2019").update(name=f"{payload} phase")
    Descriptor.objects.filter(item=items[0]).update(text=f"{payload} descriptor")
    # Respondents' comments and group names reach the results exports.
    campaign = sa.campaign(groups=[f"{payload} group", "Educators"])
    for n, group in enumerate(campaign.groups.order_by("position")):
        sa.respondents(group, 6, phase=n, seed=n, comment=f"{payload} comment")
    admin = person("state_admin", state_agency("TX"))
    client.force_login(admin)
    pid = campaign.public_id
    # The state's own words reach the roadmap exports.
    assert client.post(f"{BASE}/{pid}/status/", {"status": "closed"}).status_code == 302
    slug = items[0].code
    level = Level.objects.filter(framework__slug="kw-spf-2019").order_by("position").first()
    assert level is not None
    resp = client.post(f"{BASE}/{pid}/meeting/{slug}/", {"level": level.code, "rationale": f"{payload} rationale", "is_priority": "on"})
    assert resp.status_code == 302
    assert client.post(f"{BASE}/{pid}/meeting/baseline/", {"confirm": "yes"}).status_code == 302
    entry = campaign.roadmap.get()
    code = entry.item.code
    form = {f"{code}-owner": f"{payload} owner", f"{code}-target_date": "2027-06-30", f"{code}-notes": f"{payload} notes"}
    assert client.post(f"{BASE}/{pid}/roadmap/{code}/", form).status_code == 302
    # A policy record's text fields reach the policy export.
    editor = person(Role.CONTENT_EDITOR)
    policy_record_create(
        actor=editor,
        data={
            "jurisdiction": "TX",
            "title": f"{payload} title",
            "policy_type": "pilot-grant",
            "instrument": "statute",
            "bill_number": payload,
            "session": payload,
            "code_section": payload,
            "enacted_on": "2015-01-01",
            "summary": f"{payload} summary",
            "sources": [{"url": "https://example.org/a", "title": f"{payload} source"}],
        },
    )

    found = 0
    found += _assert_csv_safe(client.get(f"{BASE}/{pid}/results.csv").content.decode(), payload)
    found += _assert_xlsx_safe(client.get(f"{BASE}/{pid}/results.xlsx").content, payload)
    found += _assert_csv_safe(client.get(f"{BASE}/{pid}/roadmap.csv").content.decode(), payload)
    found += _assert_xlsx_safe(client.get(f"{BASE}/{pid}/roadmap.xlsx").content, payload)
    policy_csv = client.get("/api/v1/policies/export.csv?jurisdiction=TX").content.decode()
    assert f"'{payload} title" in policy_csv and f"'{payload} summary" in policy_csv
    found += _assert_csv_safe(policy_csv, payload)
    framework_csv = client.get("/api/v1/frameworks/kw-spf-2019/export.csv").content.decode()
    assert f"'{payload} name" in framework_csv and f"'{payload} descriptor" in framework_csv
    found += _assert_csv_safe(framework_csv, payload)
    assert found >= 20  # the payload really reached the exports


@pytest.mark.django_db
def test_policy_csv_round_trip_keeps_text_that_starts_like_a_formula(policy_types: None) -> None:
    from statewide.policies.io import export_csv, policy_records_import  # noqa: PLC0415
    from statewide.policies.models import PolicyRecord  # noqa: PLC0415

    editor = person(Role.CONTENT_EDITOR)
    data = {
        "jurisdiction": "TX",
        "title": "=1+1 and 'quoted",
        "policy_type": "pilot-grant",
        "instrument": "statute",
        "bill_number": "'HB 1",
        "enacted_on": "2015-01-01",
        "summary": "-1 is a number",
        "sources": ["https://example.org/a"],
    }
    record = policy_record_create(actor=editor, data=data)
    text = export_csv(PolicyRecord.objects.filter(pk=record.pk))
    result = policy_records_import(actor=editor, data=text.encode(), fmt="csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    record.refresh_from_db()
    assert (record.title, record.bill_number, record.summary) == ("=1+1 and 'quoted", "'HB 1", "-1 is a number")


def test_no_module_writes_csv_or_xlsx_by_hand() -> None:
    """One tabular writer: every export goes through core.tabular, so every export is neutralised."""
    from pathlib import Path  # noqa: PLC0415

    src = Path(__file__).resolve().parents[2] / "src" / "statewide"
    writers = ("csv.writer(", "csv.DictWriter(", "Workbook(", "xlsxwriter")
    offenders = [
        str(path.relative_to(src)) for path in src.rglob("*.py") if path.name != "tabular.py" and any(w in path.read_text(encoding="utf-8") for w in writers)
    ]
    assert offenders == []
