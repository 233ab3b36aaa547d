"""Bad input gets a clear field or row error (with its line or JSON path), never a 500."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client, override_settings

from statewide.accounts.models import Role
from statewide.assessments.models import Instrument
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.frameworks.case.importer import CaseImportError, framework_import_case, package_parse
from statewide.frameworks.models import Framework
from statewide.places.services import DistrictImportError, districts_import
from statewide.policies.io import COLUMNS, policy_records_import
from statewide.policies.models import PolicyRecord
from statewide.policies.services import policy_record_create
from tests.factories import person

pytestmark = pytest.mark.django_db

RECORD = {
    "jurisdiction": "TX",
    "title": "Districts of innovation",
    "policy_type": "pilot-grant",
    "instrument": "statute",
    "enacted_on": "2015-01-01",
    "summary": "Lets districts exempt themselves from some rules.",
    "sources": [{"url": "https://example.org/a", "title": "A", "checked_on": "2026-11-20"}],
}
DEEP = "[" * 100_000 + "]" * 100_000


def assert_envelope(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    error = response.json()["error"]
    assert error["status"] == status
    return error  # type: ignore[no-any-return]


def _json_import(editor: Any, *records: Any) -> dict[str, list[str]]:
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=editor, data=json.dumps({"schema": "statewide-policies/1", "records": list(records)}).encode(), fmt="json")
    return exc.value.fields


def _csv(*rows: dict[str, Any]) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: "|".join(v) if k == "sources" else v for k, v in row.items()})
    return out.getvalue().encode()


@pytest.fixture
def editor(policy_types: None) -> Any:
    return person(Role.CONTENT_EDITOR)


# ---- "checked on" cleared on a record whose sources have dates -------------------------------------


def test_clearing_checked_on_takes_the_newest_source_date_on_page_api_and_import(client: Client, editor: Any) -> None:
    record = policy_record_create(actor=editor, data={**RECORD, "checked_on": "2026-11-25"})
    client.force_login(editor)
    form = {
        **{k: v for k, v in RECORD.items() if k != "sources"},
        "status": "in_effect",
        "date_precision": "day",
        "sources": "https://example.org/a | A | 2026-11-20\nhttps://example.org/b | B | 2026-11-21",
        "checked_on": "",
        "confirmed": "on",
        "related": "",
        "note": "",
    }
    resp = client.post(f"/tracker/policies/{record.public_id}/edit/", form)
    assert resp.status_code == 302, resp.content[:500]
    record.refresh_from_db()
    assert record.checked_on == dt.date(2026, 11, 21)
    # API
    resp = client.patch(f"/api/v1/policies/{record.public_id}/", json.dumps({"checked_on": None}), content_type="application/json")
    assert resp.status_code == 200 and resp.json()["checked_on"] == "2026-11-21"
    # Import
    row = {"id": str(record.public_id), **RECORD, "sources": ["https://example.org/a"], "checked_on": ""}
    row["sources"] = json.dumps([{"url": "https://example.org/a", "checked_on": "2026-11-19"}])
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerow(row)
    policy_records_import(actor=editor, data=out.getvalue().encode(), fmt="csv")
    record.refresh_from_db()
    assert record.checked_on == dt.date(2026, 11, 19)


# ---- query values, body size, CSV field size -----------------------------------------------------


def test_year_out_of_range_is_a_field_error_on_the_api_and_csv(client: Client, policy_types: None) -> None:
    for url in ("/api/v1/policies/?year=10000", "/api/v1/policies/export.csv?year=10000", "/api/v1/policies/export.csv?year=0"):
        assert "year" in assert_envelope(client.get(url), 400)["fields"]
    assert client.get("/tracker/policies/?year=10000").status_code == 200  # the page shows the field error


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_body_over_the_size_limit_is_413_in_the_envelope(client: Client, editor: Any) -> None:
    client.force_login(editor)
    big = json.dumps({**RECORD, "summary": "x" * 5000})
    error = assert_envelope(client.post("/api/v1/policies/", big, content_type="application/json"), 413)
    assert error["code"] == "too_large"
    assert_envelope(client.post("/api/v1/policies/import?format=csv", "x" * 5000, content_type="text/csv"), 413)
    assert_envelope(client.post("/api/v1/frameworks/import-case", "x" * 5000, content_type="application/json"), 413)


def test_a_csv_field_over_the_csv_module_limit_is_a_line_error(editor: Any) -> None:
    huge = "x" * (csv.field_size_limit() + 10)
    text = ",".join(COLUMNS) + "\n" + f',TX,"{huge}",pilot-grant,statute\n'
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=editor, data=text.encode(), fmt="csv")
    assert list(exc.value.fields) == ["line 2"]
    with pytest.raises(DistrictImportError) as ccd:
        districts_import(actor=SYSTEM, data=f'SURVYEAR,LEAID,FIPST,STID,NAME,TYPE\n2013,4800001,48,1,"{huge}",1\n')
    assert ccd.value.problems[0].line == 2


# ---- wrong JSON types, huge dates, deep nesting, duplicates, over-long text ----------------------


def test_wrong_json_types_are_field_errors_not_500(client: Client, editor: Any) -> None:
    fields = _json_import(
        editor,
        {**RECORD, "sources": 5},
        {**RECORD, "sources": [5]},
        {**RECORD, "conditions": 5},
        {**RECORD, "conditions": {"a": 1}},
        {**RECORD, "related": 7},
        {**RECORD, "title": ["a", "b"]},
        {**RECORD, "summary": {"text": "x"}},
        {**RECORD, "enacted_on": 10**30},
        {**RECORD, "enacted_on": 10000},
        {**RECORD, "sources": [{"url": "https://example.org/a", "checked_on": 10**30}]},
        "not an object",
    )
    assert set(fields) == {f"record {n}" for n in range(1, 12)}
    assert "sources" in fields["record 1"][0] and "list" in fields["record 1"][0]
    assert fields["record 6"][0].startswith("title: Must be text")
    assert fields["record 8"][0].startswith("enacted_on:")
    assert PolicyRecord.objects.count() == 0
    client.force_login(editor)
    for body in ({**RECORD, "sources": "https://example.org"}, {**RECORD, "conditions": 5}, {**RECORD, "title": ["a"]}):
        assert_envelope(client.post("/api/v1/policies/", json.dumps(body), content_type="application/json"), 400)
    assert PolicyRecord.objects.count() == 0


def test_deeply_nested_json_is_an_error_everywhere(client: Client, editor: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=editor, data=DEEP.encode(), fmt="json")
    assert "nests" in exc.value.fields["file"][0]
    with pytest.raises(ApplicationError):
        policy_records_import(
            actor=editor, data=json.dumps({"schema": "statewide-policies/1", "records": [{"title": json.loads("[" * 200 + "]" * 200)}]}).encode(), fmt="json"
        )
    with pytest.raises(CaseImportError):
        package_parse(DEEP.encode())
    client.force_login(editor)
    assert_envelope(client.post("/api/v1/policies/", DEEP, content_type="application/json"), 400)
    assert_envelope(client.post("/api/v1/frameworks/import-case", DEEP, content_type="application/json"), 400)


def test_repeated_rows_and_ids_in_one_import_are_reported(editor: Any) -> None:
    record = policy_record_create(actor=editor, data=RECORD)
    row = {**RECORD, "sources": ["https://example.org/a"]}
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=editor, data=_csv(row, row), fmt="csv")
    assert list(exc.value.fields) == ["line 3"] and "line 2" in exc.value.fields["line 3"][0]
    same_id = {**row, "id": str(record.public_id)}
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(actor=editor, data=_csv(same_id, {**same_id, "title": "Another title", "id": str(record.public_id).upper()}), fmt="csv")
    assert list(exc.value.fields) == ["line 3"]
    assert PolicyRecord.objects.count() == 1


def test_over_long_text_is_an_error_before_the_database(client: Client, editor: Any) -> None:
    fields = _json_import(editor, {**RECORD, "title": "t" * 301}, {**RECORD, "sources": [{"url": "https://example.org/" + "a" * 3000}]})
    assert "300" in fields["record 1"][0] and "record 2" in fields
    client.force_login(editor)
    error = assert_envelope(client.post("/api/v1/policies/", json.dumps({**RECORD, "note": "n" * 301}), content_type="application/json"), 400)
    assert "note" in error["fields"]
    with pytest.raises(DistrictImportError) as ccd:
        districts_import(actor=SYSTEM, data="SURVYEAR,LEAID,FIPST,STID,NAME,TYPE\n2013,4800001,48,1," + "N" * 201 + ",1\n")
    assert "NAME" in str(ccd.value.problems[0]) and ccd.value.problems[0].line == 2


def test_urls_are_http_or_https_only(client: Client, editor: Any) -> None:
    fields = _json_import(editor, {**RECORD, "sources": ["javascript:alert(1)"]}, {**RECORD, "sources": [{"url": "data:text/html,x"}]})
    assert set(fields) == {"record 1", "record 2"}
    client.force_login(editor)
    body = {**RECORD, "sources": [{"url": "javascript:alert(1)"}]}
    assert "sources.0.url" in assert_envelope(client.post("/api/v1/policies/", json.dumps(body), content_type="application/json"), 400)["fields"]


# ---- CASE import -------------------------------------------------------------------------------------


def _package(client: Client) -> dict[str, Any]:
    fw = Framework.objects.get(slug="kw-spf-2019")
    package = client.get(f"/ims/case/v1p0/CFPackages/{fw.identifier}").json()
    Instrument.objects.filter(framework=fw).delete()  # the quiz refers to the framework
    Framework.objects.filter(pk=fw.pk).delete()  # so the identifiers are free again
    return package  # type: ignore[no-any-return]


def _case_problems(package: dict[str, Any]) -> list[str]:
    editor = person(Role.CONTENT_EDITOR)
    before = Framework.objects.count()
    with pytest.raises(CaseImportError) as exc:
        framework_import_case(actor=editor, package=package)
    assert Framework.objects.count() == before
    return exc.value.fields["package"]


def test_case_import_names_the_json_path_of_each_problem(client: Client) -> None:
    good = _package(client)
    p = copy.deepcopy(good)
    p["CFItems"][1]["humanCodingScheme"] = p["CFItems"][0]["humanCodingScheme"]
    p["CFItems"][2]["listEnumeration"] = "²"
    p["CFItems"][3]["listEnumeration"] = "1" * 23
    p["CFItems"][4]["identifier"] = "id " + p["CFItems"][4]["identifier"] + " trailing"
    p["CFDocument"]["officialSourceURL"] = "javascript:alert(document.cookie)"
    p["CFDocument"]["title"] = "A\x0btitle"
    levels = p["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    levels[1]["quality"] = levels[0]["quality"].upper()
    problems = _case_problems(p)
    for path in (
        "CFItems/1/humanCodingScheme",
        "CFItems/2/listEnumeration",
        "CFItems/3/listEnumeration",
        "CFItems/4/identifier",
        "CFDocument/officialSourceURL",
        "CFDocument/title",
        "CFRubrics/0/CFRubricCriteria/0/CFRubricCriterionLevels/1/quality",
    ):
        assert any(problem.startswith(path + ":") for problem in problems), (path, problems)
    # Over-long text is refused with its path on SQLite as PostgreSQL would refuse it.
    p = copy.deepcopy(good)
    p["CFItems"][0]["abbreviatedStatement"] = "n" * 301
    assert any(problem.startswith("CFItems/0 (name)") for problem in _case_problems(p))
    p = copy.deepcopy(good)
    p["CFDocument"]["title"] = "t" * 301
    assert any(problem.startswith("CFDocument (title)") for problem in _case_problems(p))
    # The untouched package still imports.
    assert framework_import_case(actor=person(Role.CONTENT_EDITOR), package=good).items.count() > 0
