"""The national map page: map data, the equivalent table, the as-of slider, sorting, query budget."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statewide.places.models import Jurisdiction
from statewide.policies.maturity import load_rules
from tests.policies.factories import BUDGET_RECORDS, bulk_records

pytestmark = pytest.mark.django_db

MAP_QUERY_BUDGET = 15  # cold cache: the summaries include the records of unknown start (two queries); the shared legend and table fragment


def _states(response):
    return {s["usps"]: s for s in response.context["data"]["states"]}


def test_map_lists_all_56_jurisdictions_in_data_and_table(client, seeded):
    response = client.get(reverse("policies:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map-data"' in html
    assert html.count("<tr data-usps=") == Jurisdiction.objects.count() == 56
    states = _states(response)
    assert len(states) == 56
    assert states["ID"]["category"] not in {"not-tracked", "not-yet"}
    assert states["ID"]["url"] == "/tracker/states/ID/"
    assert states["ID"]["fips"] == "16"
    assert 'src="/static/statewide/policies/map.js"' in html
    assert "<script>" not in html  # no inline script (CSP)


def test_not_tracked_is_distinct_from_no_such_policy(client, seeded):
    response = client.get(reverse("policies:index"), {"measure": "type:task-force"})
    states = _states(response)
    # Every state and DC is tracked; the territories are not tracked yet.
    assert states["GU"]["category"] == "not-tracked"
    assert states["GU"]["label"] == "Not tracked yet"
    assert states["WY"]["category"] != "not-tracked"
    # Idaho is tracked but has no task force on record: "no such policy", never "not tracked".
    assert states["ID"]["category"] == "no"
    assert states["MO"]["category"] == "yes"  # Missouri's 2022 task force is in force
    assert states["IA"]["category"] == "no"  # Iowa's task force ended with its final report (2013)
    cats = {c["code"]: c for c in response.context["data"]["categories"]}
    assert cats["not-tracked"]["hatched"] and not cats["no"]["hatched"]
    assert cats["not-tracked"]["fill"] != cats["no"]["fill"]
    html = response.content.decode()
    assert 'data-usps="GU" data-category="not-tracked"' in html
    assert 'data-usps="ID" data-category="no"' in html
    assert "No such policy tracked" in html and "Not tracked yet" in html


def test_level_measure_not_tracked_differs_from_not_yet(client, seeded):
    states = _states(client.get(reverse("policies:index")))
    assert states["GU"]["category"] == "not-tracked"
    levels = {s["category"] for s in states.values()}
    assert "not-tracked" in levels and levels - {"not-tracked"}


def test_as_of_before_2012_changes_the_map(client, seeded):
    now = _states(client.get(reverse("policies:index")))
    then = _states(client.get(reverse("policies:index"), {"year": 2011}))
    changed = [u for u in now if now[u]["category"] != then[u]["category"]]
    assert changed, "moving the slider back to 2011 must change the map"
    assert then["ID"]["category"] != now["ID"]["category"]  # Idaho's HB 110 dates from 2015


def test_condition_measure(client, seeded):
    states = _states(client.get(reverse("policies:index"), {"measure": "condition:responsive-funding-systems"}))
    assert states["ID"]["category"] == "yes"
    assert states["GU"]["category"] == "not-tracked"


def test_bad_parameters_fall_back_to_defaults(client, seeded):
    response = client.get(reverse("policies:index"), {"measure": "nonsense", "year": "abc"})
    assert response.status_code == 200
    assert response.context["measure"] == "level"


def test_sort_links_work_without_js(client, seeded):
    response = client.get(reverse("policies:index"), {"sort": "-name"})
    rows = [r.summary.usps for r in response.context["rows"]]
    assert rows[0] == "WY"
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert "?sort=name" in html
    by_value = [r.category.code for r in client.get(reverse("policies:index"), {"sort": "value"}).context["rows"]]
    assert by_value[-1] == "not-tracked" and by_value[0] != "not-tracked"


def test_htmx_request_gets_the_results_fragment(client, seeded):
    response = client.get(reverse("policies:index"), {"year": 2011}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html and 'id="map-data"' in html


def test_map_query_budget_with_many_records(client, django_assert_max_num_queries):
    bulk_records(BUDGET_RECORDS)
    with django_assert_max_num_queries(MAP_QUERY_BUDGET):
        response = client.get(reverse("policies:index"), {"measure": "condition:culture-of-innovation", "year": 2015})
    assert response.status_code == 200
    assert len(response.context["data"]["states"]) == 56


def test_map_page_explains_the_level_rules(client, seeded):
    html = client.get(reverse("policies:index")).content.decode()
    assert 'id="rules"' in html
    for rule in load_rules():
        assert rule.id in html
