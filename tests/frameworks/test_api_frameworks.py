"""Frameworks through the JSON API: list, whole framework, search, downloads."""

from __future__ import annotations

import csv
import io

import pytest

LIST_QUERIES = 2
DETAIL_QUERIES = 12


@pytest.mark.django_db
def test_list_has_every_content_pack(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_QUERIES):
        body = client.get("/api/v1/frameworks/").json()
    slugs = [f["slug"] for f in body["items"]]
    assert {"kw-spf-2019", "inacol-promising-2016", "aurora-local-capacity-2016", "aurora-cbe-policy-map", "ccsso-iln-attributes"} <= set(slugs)
    kw = next(f for f in body["items"] if f["slug"] == "kw-spf-2019")
    assert kw["publisher"] == "KnowledgeWorks" and kw["year"] == 2019 and kw["levels"] == 3 and kw["items"] >= 20
    assert kw["case_package"].endswith(f"/ims/case/v1p0/CFPackages/{kw['identifier']}")
    page = client.get("/api/v1/frameworks/?limit=2").json()
    assert len(page["items"]) == 2 and page["next_cursor"]


@pytest.mark.django_db
def test_whole_framework_with_sources(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        data = client.get("/api/v1/frameworks/kw-spf-2019/").json()
    assert data["framework"]["slug"] == "kw-spf-2019"
    assert [lv["code"] for lv in data["levels"]] == ["exploration", "replication", "statewide-transformation"]
    conditions = [i for i in data["items"] if i["kind"] == "condition"]
    assert len(conditions) == 12 and all(c["sources"] for c in conditions)
    assert client.get("/api/v1/frameworks/no-such-framework/").status_code == 404


@pytest.mark.django_db
def test_search_and_downloads(client):
    hits = client.get("/api/v1/frameworks/search?q=stakeholders&framework=kw-spf-2019").json()
    assert any(h["item"] == "collaborative-leadership" for h in hits)
    assert client.get("/api/v1/frameworks/search").status_code == 400  # q is required
    download = client.get("/api/v1/frameworks/kw-spf-2019/export.json")
    assert download["Content-Disposition"] == 'attachment; filename="kw-spf-2019.json"' and download.json()["framework"]["slug"] == "kw-spf-2019"
    sheet = client.get("/api/v1/frameworks/kw-spf-2019/export.csv")
    assert sheet["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sheet.content.decode())))
    assert len(rows) > 30 and any("Vision for Student Success" in cell for row in rows for cell in row)
