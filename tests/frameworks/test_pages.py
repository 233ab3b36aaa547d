"""Public pages of the framework knowledge base."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from statewide.frameworks.models import Descriptor, Item, Level

pytestmark = pytest.mark.django_db

KW = "kw-spf-2019"
STRATEGIES = ["Building Capacity", "Empowering Student Learning", "Cultivating System Change", "Ensuring Quality"]
PHASES = ["Exploration", "Replication", "Statewide transformation"]


def test_index_lists_every_framework_and_links_to_search_and_crosswalk(client):
    html = client.get(reverse("frameworks:index")).content.decode()
    for slug in (KW, "kw-scaling-2015", "inacol-promising-2016", "aurora-local-capacity-2016", "aurora-cbe-policy-map", "ccsso-iln-attributes"):
        assert reverse("frameworks:overview", args=[slug]) in html
    assert reverse("frameworks:search") in html
    assert reverse("frameworks:crosswalk") in html


def test_overview_shows_strategies_conditions_commitments_phases_and_provenance(client):
    response = client.get(reverse("frameworks:overview", args=[KW]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in STRATEGIES + PHASES:
        assert name in html
    conditions = Item.objects.filter(framework__slug=KW, kind="condition")
    assert conditions.count() >= 9
    for c in conditions:
        assert reverse("frameworks:item", args=[KW, c.code]) in html
    for c in Item.objects.filter(framework__slug=KW, kind="core_commitment"):
        assert c.name in html
    assert "KnowledgeWorks" in html and "2nd edition" in html and "2019" in html
    assert "Unconfirmed" in html
    assert "do not say which condition belongs to which strategy" in html


def test_every_condition_page_shows_its_sources_and_marks_gaps(client):
    for item in Item.objects.filter(framework__slug=KW, kind="condition"):
        response = client.get(reverse("frameworks:item", args=[KW, item.code]))
        assert response.status_code == 200
        html = response.content.decode()
        assert item.sources, item.code
        for src in item.sources:
            assert (src.get("url") or src.get("citation")) in html
        for lv in Level.objects.filter(framework__slug=KW):
            assert lv.name in html
        if not item.confirmed:
            assert "Unconfirmed" in html


def test_missing_descriptors_are_labelled_never_invented(client):
    levels = list(Level.objects.filter(framework__slug=KW))
    for item in Item.objects.filter(framework__slug=KW, kind="condition"):
        html = client.get(reverse("frameworks:item", args=[KW, item.code])).content.decode()
        table = html[html.index("<table") : html.index("</table>")]
        published = list(Descriptor.objects.filter(item=item))
        for d in published:
            assert escape(d.text) in table
        filled = {(d.level_id, d.kind) for d in published if d.kind in {"goal", "action", "strategic_question"}}
        # Empty cells are marked quietly ("No text yet" for screen readers), never filled in ...
        assert table.count("No text yet") == len(levels) * 3 - len(filled), item.code
        assert "Not yet published" not in table
        # ... and one plain line per phase block with something missing says what, under the table.
        after = html[html.index("</table>") :]
        gaps = after.count('<li class="sw-gap">')
        blocks_missing = sum(1 for lv in levels if sum(1 for k in ("goal", "action", "strategic_question") if (lv.pk, k) in filled) < 3)
        assert gaps == blocks_missing, item.code
    # The sources publish no statewide-transformation descriptors: that column is all gaps.
    assert not Descriptor.objects.filter(item__framework__slug=KW, level__code="statewide-transformation").exists()


def test_phase_spotlight_and_strategy_pages(client):
    assert client.get(reverse("frameworks:level", args=[KW, "exploration"])).status_code == 200
    assert client.get(reverse("frameworks:level", args=[KW, "nope"])).status_code == 404
    html = client.get(reverse("frameworks:spotlights", args=[KW])).content.decode()
    example = Item.objects.get(framework__slug=KW, code="vision-for-student-success").examples.first()
    assert example.title in html
    detail = client.get(reverse("frameworks:spotlight", args=[KW, example.code])).content.decode()
    assert example.summary[:40] in detail
    assert example.sources[0]["url"] in detail
    assert client.get(reverse("frameworks:item", args=[KW, "building-capacity"])).status_code == 200
    assert client.get(reverse("frameworks:item", args=[KW, "missing"])).status_code == 404


def test_search_finds_a_condition_by_a_word_in_its_definition(client):
    item = Item.objects.get(framework__slug=KW, code="responsive-funding-systems")
    word = max(re.findall(r"[A-Za-z]{6,}", item.definition), key=len)
    html = client.get(reverse("frameworks:search"), {"q": word}).content.decode()
    assert reverse("frameworks:item", args=[KW, item.code]) in html
    assert "<mark>" in html


def test_search_escapes_and_works_as_htmx_partial(client):
    html = client.get(reverse("frameworks:search"), {"q": "<script>alert(1)</script> vision"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    partial = client.get(reverse("frameworks:search"), {"q": "vision", "framework": KW}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="results"' in partial
    assert "<mark>" in partial


def test_crosswalk_shows_the_editorial_mappings(client):
    html = client.get(reverse("frameworks:crosswalk"), {"left": "inacol-promising-2016", "right": KW}).content.decode()
    assert "editorial mapping" in html
    assert reverse("frameworks:item", args=[KW, "culture-of-innovation"]) in html
    assert reverse("frameworks:item", args=["inacol-promising-2016", "credit-flexibility"]) in html
    same = client.get(reverse("frameworks:crosswalk"), {"left": KW, "right": KW}).content.decode()
    assert "Choose two different frameworks" in same


def test_versions_pages(client):
    html = client.get(reverse("frameworks:versions", args=[KW])).content.decode()
    assert reverse("frameworks:version", args=[KW, 1]) in html
    v1 = client.get(reverse("frameworks:version", args=[KW, 1])).content.decode()
    assert "Building Capacity" in v1
    assert client.get(reverse("frameworks:version", args=[KW, 99])).status_code == 404


def test_a_phase_with_no_text_says_so_in_one_line(client):
    item = Item.objects.get(framework__slug=KW, code="vision-for-student-success")
    html = client.get(reverse("frameworks:item", args=[KW, item.code])).content.decode()
    assert html.count("Statewide transformation: this content pack has no text for this phase yet") == 1
    level = client.get(reverse("frameworks:level", args=[KW, "statewide-transformation"])).content.decode()
    assert level.count('class="sw-gap"') == 1 and "for any of:" in level
    assert "Not yet published in this pack" not in level


def test_conditions_are_not_numbered_as_if_their_order_were_confirmed(client):
    html = client.get(reverse("frameworks:overview", args=[KW])).content.decode()
    grid = html[html.index("sw-shape-grid--conditions") :]
    grid = grid[: grid.index("</ul>")]
    assert "<ol" not in grid and "not numbered" in html
    css = (Path(__file__).resolve().parents[2] / "src/statewide/static/statewide/frameworks/frameworks.css").read_text()
    assert "counter(" not in css
    assert "Foundational (Statewide's editorial choice)" in html
