"""The JSON API: jurisdictions, profiles, policies with filters and as_of, export, edits, query budgets."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from statewide.accounts.models import Role
from statewide.policies.models import PolicyRecord
from tests.factories import person, state_agency
from tests.policies.factories import BUDGET_RECORDS, bulk_records, valid_input

pytestmark = pytest.mark.django_db

LIST_BUDGET = 5  # policies page + conditions + relations (+ slack for auth)
JURISDICTIONS_BUDGET = 10  # jurisdictions, totals, in-force types, conditions, overrides, level names, records of unknown start (2)
PROFILE_BUDGET = 10  # versions (the page's, then the state's own); the stored ranking, not yet current, so the ranking and its storing; records with details (3); types; conditions (summaries: cached)
EXPORT_BUDGET = 40  # 3 queries per chunk of 2,000 rows


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client(enforce_csrf_checks=False)
    c.force_login(user)
    return c


def test_jurisdictions_all_56_with_fips_and_level(client: Client, seeded: tuple[int, int]) -> None:
    data = client.get("/api/v1/jurisdictions/").json()
    assert len(data) == 56
    by = {j["usps"]: j for j in data}
    assert by["ID"]["fips"] == "16" and by["ID"]["tracked"] and by["ID"]["level"]["code"] == "developing"
    assert by["ID"]["level"]["explanation"]
    assert by["GU"]["level"]["code"] == "not-tracked" and not by["GU"]["tracked"]
    assert by["TX"]["tracked"]
    past = {j["usps"]: j for j in client.get("/api/v1/jurisdictions/?as_of=2011-06-01").json()}
    # Nothing of Idaho's was known to be in force in 2011; its FY2018 funding line has no known start
    # date, so the level then is "unknown" (docs/policies.md), and never a level that needs it.
    assert past["ID"]["level"]["code"] == "unknown" and past["ID"]["records_in_force"] == 0
    assert "funding" in past["ID"]["maybe_policy_types"]


def test_policy_types(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/policy-types/").json()
    assert len(data) == 15 and "aurora-cbe-policy-map/task-forces" in data[0]["items"]


def test_profile(client: Client, seeded: tuple[int, int]) -> None:
    data = client.get("/api/v1/jurisdictions/ID/").json()
    assert "policies" not in data and data["records_visible"] == sum(g["count"] for g in data["by_type"]) == 3
    assert data["policies_url"] == "/api/v1/policies/?jurisdiction=ID"
    hb110 = next(p for g in data["by_type"] for p in g["recent"] if p["bill_number"] == "HB 110")
    # Each group names its count, at most five recent records, and the paginated list of all of them.
    for group in data["by_type"] + data["by_condition"]:
        assert 1 <= len(group["recent"]) <= min(5, group["count"])
        listed = client.get(group["all_url"]).json()["items"]
        assert len(listed) == group["count"] and {p["id"] for p in group["recent"]} <= {p["id"] for p in listed}
    assert hb110["code_section"] == "Idaho Code §33-1632" and hb110["session"] == "2015"
    assert hb110["sources"][0]["url"].startswith("https://")
    assert "balanced-assessments" in data["conditions_without_policy"]
    assert "twelfth-condition-unconfirmed" not in data["conditions_without_policy"]
    assert client.get("/api/v1/jurisdictions/ZZ/").status_code == 404


def test_policies_filters_and_as_of(client: Client, seeded: tuple[int, int]) -> None:
    idaho = client.get("/api/v1/policies/?jurisdiction=ID").json()["items"]
    assert {p["jurisdiction"] for p in idaho} == {"ID"} and len(idaho) == 3
    in_2016 = client.get("/api/v1/policies/?jurisdiction=ID&as_of=2016-01-01").json()["items"]
    assert [p["bill_number"] for p in in_2016] == ["HB 110"]
    assert client.get("/api/v1/policies/?jurisdiction=ID&as_of=2014-12-31").json()["items"] == []
    assert client.get("/api/v1/policies/?as_of=not-a-date").status_code in (400, 422)
    typed = client.get("/api/v1/policies/?type=innovation-zone,task-force").json()["items"]
    assert {p["policy_type"] for p in typed} == {"innovation-zone", "task-force"}
    cond = client.get("/api/v1/policies/?condition=balanced-assessments").json()["items"]
    assert "NH" in {p["jurisdiction"] for p in cond} and "ID" not in {p["jurisdiction"] for p in cond}
    assert all("balanced-assessments" in p["conditions"] for p in cond)
    expired = client.get("/api/v1/policies/?status=expired").json()["items"]
    assert "IA" in {p["jurisdiction"] for p in expired} and {p["status"] for p in expired} == {"expired"}
    assert client.get("/api/v1/policies/?q=mastery incubator").json()["items"][0]["jurisdiction"] == "ID"
    one = client.get(f"/api/v1/policies/{idaho[0]['id']}/").json()
    assert one["id"] == idaho[0]["id"]
    assert client.get("/api/v1/policies/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_cursor_pagination(client: Client, seeded: tuple[int, int]) -> None:
    seen, cursor = [], ""
    while True:
        page = client.get(f"/api/v1/policies/?limit=5&cursor={cursor}").json()
        seen += [p["id"] for p in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == PolicyRecord.objects.count()


def test_export_csv_honours_filters(client: Client, seeded: tuple[int, int]) -> None:
    resp = client.get("/api/v1/policies/export.csv?jurisdiction=IA")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.content.decode())))
    assert {r["jurisdiction"] for r in rows} == {"IA"} and len(rows) == 4
    doc = client.get("/api/v1/policies/export.csv?jurisdiction=IA&format=json").json()
    assert doc["schema"] == "statewide-policies/1" and len(doc["records"]) == 4


def test_edit_through_api_respects_state(seeded: tuple[int, int]) -> None:
    admin = signed_in(person(Role.STATE_ADMIN, state_agency("TX")))
    created = admin.post("/api/v1/policies/", json.dumps(valid_input()), content_type="application/json")
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    patched = admin.patch(f"/api/v1/policies/{pid}/", json.dumps({"title": "Renamed"}), content_type="application/json")
    assert patched.json()["title"] == "Renamed" and patched.json()["version"] == 2
    idaho = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    assert admin.patch(f"/api/v1/policies/{idaho.public_id}/", json.dumps({"title": "x"}), content_type="application/json").status_code == 403
    assert admin.post("/api/v1/policies/", json.dumps(valid_input(jurisdiction="NH")), content_type="application/json").status_code == 403
    bad = admin.post("/api/v1/policies/", json.dumps(valid_input(title="", sources=[])), content_type="application/json")
    assert bad.status_code == 400 and {"title", "sources"} <= set(bad.json()["error"]["fields"])
    assert Client().post("/api/v1/policies/", json.dumps(valid_input()), content_type="application/json").status_code == 401
    assert admin.delete(f"/api/v1/policies/{pid}/").status_code == 204


def test_import_endpoint_reports_bad_rows(seeded: tuple[int, int]) -> None:
    editor = signed_in(person(Role.CONTENT_EDITOR))
    text = "jurisdiction,title,policy_type,instrument,enacted_on,sources\nTX,Ok,funding,statute,2019-01-01,https://example.org\nQQ,Bad,funding,statute,2019-01-01,https://example.org\n"
    resp = editor.post("/api/v1/policies/import?format=csv", text, content_type="text/csv")
    assert resp.status_code == 400 and list(resp.json()["error"]["fields"]) == ["line 3"]
    assert not PolicyRecord.objects.filter(jurisdiction__usps="TX", title="Ok").exists()


@pytest.fixture
def many_records(db: None) -> None:
    bulk_records(BUDGET_RECORDS)


def test_query_budgets_with_many_records(client: Client, many_records: None, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(LIST_BUDGET):
        page = client.get("/api/v1/policies/?limit=200&as_of=2016-01-01").json()
    assert len(page["items"]) == 200
    with django_assert_max_num_queries(LIST_BUDGET):
        assert client.get("/api/v1/policies/?condition=culture-of-innovation&type=funding&q=bulk").status_code == 200
    with django_assert_max_num_queries(JURISDICTIONS_BUDGET):
        data = client.get("/api/v1/jurisdictions/").json()
    assert sum(j["records"] for j in data) == BUDGET_RECORDS
    with django_assert_max_num_queries(PROFILE_BUDGET):
        assert client.get("/api/v1/jurisdictions/CA/").status_code == 200
    with django_assert_max_num_queries(EXPORT_BUDGET):
        resp = client.get("/api/v1/policies/export.csv")
    assert resp.content.count(b"\n") == BUDGET_RECORDS + 1
