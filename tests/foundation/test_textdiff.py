"""Version diffs mark the changed words, not whole paragraphs (one helper: statewide.core.textdiff)."""

from __future__ import annotations

import html
import re

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.core.textdiff import word_diff
from statewide.frameworks.models import FrameworkVersion, Item
from statewide.frameworks.services import framework_item_update, framework_publish
from statewide.policies.demo import load_seed_policies
from statewide.policies.models import PolicyRecord
from statewide.policies.services import policy_record_update
from tests.factories import person

PARAGRAPH = "States publish a vision for learning. Districts adopt it in stages, with support from the state."


def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"</?(?:ins|del)>", "", markup))


def test_one_changed_word_is_marked_alone():
    d = word_diff(PARAGRAPH, PARAGRAPH.replace("stages", "phases"))
    assert d.changed
    assert d.before == PARAGRAPH.replace("stages", "<del>stages</del>")
    assert d.after == PARAGRAPH.replace("stages", "<ins>phases</ins>")


def test_added_and_removed_phrases_and_empty_sides():
    d = word_diff("Funding follows the seat.", "Funding follows the student, not the seat.")
    assert d.after == "Funding follows the <ins>student, not the</ins> seat."
    assert "<del>" not in d.before
    assert word_diff(None, "New text").after == "<ins>New text</ins>"
    assert word_diff("Old text", "").before == "<del>Old text</del>" and word_diff("Old text", "").after == ""
    assert not word_diff("same", "same").changed


def test_markup_in_texts_is_escaped():
    d = word_diff("<script>alert(1)</script> a", "<b>bold</b> a")
    assert "<script" not in d.before and "&lt;" in d.before and _strip(d.before) == "<script>alert(1)</script> a"
    assert "<b>" not in d.after and "&lt;" in d.after


def test_values_that_are_not_text_are_compared_as_text():
    d = word_diff([{"url": "https://a.example"}], [{"url": "https://b.example"}])
    assert "<del>a</del>" in d.before and "<ins>b</ins>" in d.after
    assert word_diff(True, False).changed


@given(st.text(max_size=80), st.text(max_size=80))
def test_each_side_reads_back_as_its_text(a, b):
    d = word_diff(a, b)
    assert _strip(d.before) == a and _strip(d.after) == b
    assert d.changed == (a != b)


def test_framework_version_diff_page_marks_words(client, db):
    editor = person(Role.CONTENT_EDITOR)
    item = Item.objects.filter(framework__slug="kw-spf-2019", kind="condition").exclude(definition="").first()
    assert item is not None and len(item.definition.split()) > 5
    words = item.definition.split(" ")
    words[2] = "ZEBRA"
    framework_item_update(actor=editor, item=item, values={"definition": " ".join(words), "sources": item.sources or [{"url": "https://example.org"}]})
    framework_publish(actor=editor, fw=item.framework, note="One word")
    new = FrameworkVersion.objects.filter(framework=item.framework).order_by("-number").first()
    page = client.get(reverse("frameworks:version_diff", args=[item.framework.slug, new.number - 1, new.number])).content.decode()
    assert "<ins>ZEBRA</ins>" in page
    assert f"<ins>{html.escape(' '.join(words))}" not in page  # not the whole paragraph


def test_policy_record_version_diff_marks_words(client, db):
    load_seed_policies()
    record = PolicyRecord.objects.exclude(summary="").first()
    assert record is not None
    summary = record.summary + " Amended in 2026."
    policy_record_update(actor=person(Role.CONTENT_EDITOR), record=record, data={"summary": summary}, note="added a sentence")
    page = client.get(reverse("policies:detail", args=[record.public_id])).content.decode()
    assert "<ins>Amended in 2026.</ins>" in page
