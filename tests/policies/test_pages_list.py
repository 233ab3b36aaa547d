"""The searchable, filterable list of policy records; "what changed"; the Atom feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from statewide.accounts.models import Role
from statewide.policies.models import PolicyRecord
from statewide.policies.services import policy_record_update
from tests.factories import person
from tests.policies.factories import BUDGET_RECORDS, bulk_records

pytestmark = pytest.mark.django_db

LIST_QUERY_BUDGET = 10
CHANGES_QUERY_BUDGET = 5  # + the content versions read by the shared cache
FEED_QUERY_BUDGET = 3
ATOM = "{http://www.w3.org/2005/Atom}"


def _titles(response):
    return [r.title for r in response.context["page"].object_list]


def test_list_shows_all_seeded_records(client, seeded):
    response = client.get(reverse("policies:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == PolicyRecord.objects.count()


@pytest.mark.parametrize(
    ("params", "expect"),
    [
        ({"jurisdiction": "ID"}, lambda r: r.jurisdiction.usps == "ID"),
        ({"type": "funding"}, lambda r: r.policy_type.code == "funding"),
        ({"status": "in_effect"}, lambda r: r.status == "in_effect"),
        ({"instrument": "statute"}, lambda r: r.instrument == "statute"),
        ({"condition": "culture-of-innovation"}, lambda r: any(c.code == "culture-of-innovation" for c in r.conditions.all())),
        ({"year": 2011}, lambda r: r.in_force_from is not None and r.in_force_from <= dt.date(2011, 12, 31)),
        ({"q": "HB 110"}, lambda r: "110" in r.bill_number or "110" in r.title or "110" in r.summary or "110" in r.code_section),
    ],
)
def test_filters(client, seeded, params, expect):
    response = client.get(reverse("policies:list"), params)
    records = list(response.context["page"].object_list)
    assert records, params
    assert all(expect(r) for r in records), params
    assert response.context["page"].paginator.count < PolicyRecord.objects.count()


def test_export_links_honour_the_filters(client, seeded):
    html = client.get(reverse("policies:list"), {"jurisdiction": "ID", "type": "funding"}).content.decode()
    assert "/api/v1/policies/export.csv?jurisdiction=ID&amp;type=funding" in html
    assert "jurisdiction=ID&amp;type=funding&amp;format=json" in html


def test_export_link_target_returns_the_filtered_records(client, seeded):
    response = client.get("/api/v1/policies/export.csv", {"jurisdiction": "ID"})
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert len(lines) - 1 == PolicyRecord.objects.filter(jurisdiction__usps="ID").count()


def test_invalid_filter_shows_error_not_crash(client, seeded):
    response = client.get(reverse("policies:list"), {"type": "no-such-type"})
    assert response.status_code == 200
    assert "usa-error-message" in response.content.decode()


def test_htmx_partial_and_pagination(client):
    bulk_records(120)
    response = client.get(reverse("policies:list"), {"page": 2}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Page 2 of 3" in html


def test_list_query_budget_with_many_records(client, django_assert_max_num_queries):
    bulk_records(BUDGET_RECORDS)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        response = client.get(reverse("policies:list"), {"page": 3})
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        assert client.get(reverse("policies:list"), {"condition": "culture-of-innovation", "year": 2015}).status_code == 200


def test_what_changed_defaults_to_this_year_and_lists_edits(client, seeded):
    record = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    policy_record_update(actor=person(Role.CONTENT_EDITOR), record=record, data={"summary": "Edited for the change page."})
    response = client.get(reverse("policies:changes"))
    assert response.context["since"] == dt.date(dt.date.today().year, 1, 1)
    html = response.content.decode()
    assert record.title in html
    future = client.get(reverse("policies:changes"), {"since": "2999-01-01"})
    assert future.context["page"].paginator.count == 0


def test_changes_query_budget(client, seeded, django_assert_max_num_queries):
    editor = person(Role.CONTENT_EDITOR)
    for r in PolicyRecord.objects.all()[:10]:
        policy_record_update(actor=editor, record=r, data={"summary": f"{r.summary} (edited)"})
    with django_assert_max_num_queries(CHANGES_QUERY_BUDGET):
        assert client.get(reverse("policies:changes"), {"since": "2000-01-01"}).status_code == 200


def test_feed_is_valid_atom(client, seeded, django_assert_max_num_queries):
    record = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    policy_record_update(actor=person(Role.CONTENT_EDITOR), record=record, data={"summary": "Edited for the feed."})
    with django_assert_max_num_queries(FEED_QUERY_BUDGET):
        response = client.get(reverse("policies:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own feed)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.findtext(f"{ATOM}title") and e.findtext(f"{ATOM}updated")
        assert e.find(f"{ATOM}link").get("href").startswith("http")
    assert any("Edited for the feed." in (e.findtext(f"{ATOM}summary") or "") for e in entries)


def test_changes_and_feed_filter_by_state_and_type(client, seeded):
    editor = person(Role.CONTENT_EDITOR)
    idaho = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    other = PolicyRecord.objects.exclude(jurisdiction__usps="ID").first()
    policy_record_update(actor=editor, record=idaho, data={"summary": "Idaho edit."})
    policy_record_update(actor=editor, record=other, data={"summary": "Other edit."})
    page = client.get(reverse("policies:changes"), {"state": "ID"})
    assert {v.jurisdiction.usps for v in page.context["page"].object_list} == {"ID"}
    assert "/tracker/changes.atom?state=ID" in page.content.decode()
    feed = ET.fromstring(client.get(reverse("policies:feed"), {"state": "ID"}).content)  # noqa: S314
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles and all(t.startswith("ID: ") for t in titles)
    by_type = client.get(reverse("policies:changes"), {"type": "funding", "since": "2000-01-01"})
    assert {v.policy_type_code for v in by_type.context["page"].object_list} == {"funding"}
