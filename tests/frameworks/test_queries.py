"""Query budgets: list and detail pages use a fixed number of queries, however big the framework."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statewide.frameworks.services import framework_item_update, framework_publish
from tests.factories import person
from tests.frameworks.factories import big_framework

pytestmark = pytest.mark.django_db

INDEX_BUDGET = 3
OVERVIEW_BUDGET = 5
ITEM_BUDGET = 10
LEVEL_BUDGET = 7
SPOTLIGHTS_BUDGET = 3
SEARCH_BUDGET = 6
CROSSWALK_BUDGET = 4
VERSIONS_BUDGET = 3
VERSION_BUDGET = 4
DRAFTS_BUDGET = 10


@pytest.fixture
def fw():
    return big_framework(items=30, levels=4)


def test_index_budget(client, fw, django_assert_max_num_queries):
    with django_assert_max_num_queries(INDEX_BUDGET):
        assert client.get(reverse("frameworks:index")).status_code == 200


def test_overview_budget(client, fw, django_assert_max_num_queries):
    with django_assert_max_num_queries(OVERVIEW_BUDGET):
        assert client.get(reverse("frameworks:overview", args=[fw.slug])).status_code == 200


def test_item_page_budget(client, fw, django_assert_max_num_queries):
    item = fw.items.filter(kind="condition").first()
    with django_assert_max_num_queries(ITEM_BUDGET):
        assert client.get(reverse("frameworks:item", args=[fw.slug, item.code])).status_code == 200


def test_level_and_spotlights_budget(client, fw, django_assert_max_num_queries):
    level = fw.levels.first()
    with django_assert_max_num_queries(LEVEL_BUDGET):
        assert client.get(reverse("frameworks:level", args=[fw.slug, level.code])).status_code == 200
    with django_assert_max_num_queries(SPOTLIGHTS_BUDGET):
        assert client.get(reverse("frameworks:spotlights", args=[fw.slug])).status_code == 200


def test_search_budget(client, fw, django_assert_max_num_queries):
    with django_assert_max_num_queries(SEARCH_BUDGET):
        response = client.get(reverse("frameworks:search"), {"q": "widget"})
    assert response.content.decode().count('class="sw-hit"') >= 30


def test_crosswalk_budget(client, fw, django_assert_max_num_queries):
    with django_assert_max_num_queries(CROSSWALK_BUDGET):
        response = client.get(reverse("frameworks:crosswalk"), {"left": fw.slug, "right": "kw-spf-2019"})
    assert response.content.decode().count("<tr>") >= 30


def test_versions_budget(client, fw, django_assert_max_num_queries):
    editor = person("content_editor")
    item = fw.items.first()
    for n in range(5):
        framework_item_update(actor=editor, item=item, values={"name": f"Name {n}", "sources": [{"url": "https://example.org"}], "confirmed": True})
        framework_publish(actor=editor, fw=fw, note=f"Edit {n}")
    with django_assert_max_num_queries(VERSIONS_BUDGET):
        assert client.get(reverse("frameworks:versions", args=[fw.slug])).status_code == 200
    with django_assert_max_num_queries(VERSION_BUDGET):
        assert client.get(reverse("frameworks:version", args=[fw.slug, 3])).status_code == 200
    with django_assert_max_num_queries(VERSION_BUDGET):
        assert client.get(reverse("frameworks:version_diff", args=[fw.slug, 2, 3])).status_code == 200


def test_drafts_budget(client, fw, django_assert_max_num_queries):
    editor = person("content_editor")
    for item in fw.items.all()[:10]:
        framework_item_update(actor=editor, item=item, values={"name": "Renamed", "sources": [{"url": "https://example.org"}], "confirmed": True})
    client.force_login(editor)
    with django_assert_max_num_queries(DRAFTS_BUDGET):
        assert client.get(reverse("frameworks:drafts", args=[fw.slug])).status_code == 200
