"""The "unconfirmed" flag shows wherever a record appears, not only on its own page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from statewide.frameworks.models import Item
from tests.policies.factories import PolicyRecordFactory

pytestmark = pytest.mark.django_db

TAG = "Unconfirmed</span>"


@pytest.fixture
def records():
    PolicyRecordFactory(state="WY", title="Sure policy", type_code="task-force")
    return PolicyRecordFactory(state="WY", title="Doubtful policy", confirmed=False)


def test_list_profile_and_compare_label_the_unconfirmed_record(client, records):
    for url, params in (
        (reverse("policies:list"), {"jurisdiction": "WY"}),
        (reverse("policies:state", args=["WY"]), {}),
        (reverse("policies:compare"), {"states": ["WY", "TX", "", ""]}),
    ):
        html = client.get(url, params).content.decode()
        doubtful = html[html.index("Doubtful policy") :][:600]
        sure = html[html.index("Sure policy") :][:250]
        assert TAG in doubtful, url
        assert TAG not in sure.split("</li>")[0].split("</div>")[0].split("</th>")[0], url


def test_map_table_and_tooltip_data_count_unconfirmed_records(client, records):
    response = client.get(reverse("policies:index"))
    wy = next(s for s in response.context["data"]["states"] if s["usps"] == "WY")
    assert wy["note"] == "includes 1 unconfirmed record"
    tx = next(s for s in response.context["data"]["states"] if s["usps"] == "TX")
    assert tx["note"] == ""
    html = response.content.decode()
    row = html[html.index('<tr data-usps="WY"') :].split("</tr>")[0]
    assert TAG in row and "includes 1 unconfirmed record" in row


def test_api_and_exports_carry_the_flag(client, records):
    body = client.get("/api/v1/policies/", {"jurisdiction": "WY"}).json()
    flags = {p["title"]: p["confirmed"] for p in body["items"]}
    assert flags == {"Sure policy": True, "Doubtful policy": False}
    wy = next(j for j in client.get("/api/v1/jurisdictions/").json() if j["usps"] == "WY")
    assert wy["unconfirmed_records_in_force"] == 1
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/policies/export.csv", {"jurisdiction": "WY"}).content.decode())))
    assert {r["title"]: r["confirmed"] for r in rows} == {"Sure policy": "true", "Doubtful policy": "false"}
    doc = json.loads(client.get("/api/v1/policies/export.csv", {"jurisdiction": "WY", "format": "json"}).content)
    assert {r["title"]: r["confirmed"] for r in doc["records"]} == {"Sure policy": True, "Doubtful policy": False}


def test_unconfirmed_framework_conditions_are_labelled_where_records_show_them(client, records):
    condition = Item.objects.filter(framework__slug="kw-spf-2019", kind="condition").first()
    assert condition is not None
    Item.objects.filter(pk=condition.pk).update(confirmed=False)
    records.conditions.add(condition)
    for url, params in (
        (reverse("policies:list"), {"jurisdiction": "WY"}),
        (reverse("policies:state", args=["WY"]), {}),
        (reverse("policies:detail", args=[records.public_id]), {}),
    ):
        html = client.get(url, params).content.decode()
        after = html[html.rindex(condition.name) :][:300]
        assert TAG in after, url
    page = client.get(reverse("policies:index")).content.decode()
    assert f"{condition.name} (unconfirmed)" in page  # the map's measure select
