"""Domain rules: highlighting is escaped, sources parse, snapshots diff record by record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from statewide.frameworks.export import framework_export, framework_queryset
from statewide.frameworks.forms import SourcesField, sources_to_text
from statewide.frameworks.versions import snapshot_diff
from statewide.frameworks.views.public import display_value, highlight


def test_highlight_escapes_before_marking():
    out = str(highlight("<b>Fund</b> & funding", ["fund"]))
    assert out == "&lt;b&gt;<mark>Fund</mark>&lt;/b&gt; &amp; <mark>fund</mark>ing"
    assert "<script>" not in str(highlight("<script>x</script>", ["script"]))


def test_highlight_cuts_a_window_around_the_first_match():
    text = "a " * 300 + "needle " + "b " * 300
    out = str(highlight(text, ["needle"], limit=100))
    assert "<mark>needle</mark>" in out and out.startswith("…") and out.endswith("…")


def test_sources_field_parses_urls_titles_and_citations():
    field = SourcesField()
    parsed = field.clean("https://example.org/a | Title A\n\nA book, p. 3\nhttps://example.org/b")
    assert parsed == [{"url": "https://example.org/a", "title": "Title A"}, {"citation": "A book, p. 3"}, {"url": "https://example.org/b"}]
    assert sources_to_text(parsed) == "https://example.org/a | Title A\nA book, p. 3\nhttps://example.org/b"
    with pytest.raises(ValidationError):
        field.clean("https://not a url")
    with pytest.raises(ValidationError):
        field.clean("   ")


def test_display_value():
    assert display_value([{"url": "https://x.org", "title": "X"}, {"citation": "C"}]) == "https://x.org | X; C"
    assert display_value(True) == "Yes" and display_value(None) == "—"


@pytest.mark.django_db
def test_snapshot_diff_reports_added_removed_changed():
    old = framework_export(framework_queryset().get(slug="kw-spf-2019"))
    new = {**old, "items": [dict(i) for i in old["items"]]}
    new["items"][0] = {**new["items"][0], "name": "Renamed"}
    removed = new["items"].pop()
    new["items"].append({**removed, "identifier": "00000000-0000-0000-0000-000000000001", "descriptors": [], "examples": []})
    changes = snapshot_diff(old, new)
    statuses = {(c.record, c.status) for c in changes}
    assert ("item", "changed") in statuses and ("item", "added") in statuses and ("item", "removed") in statuses
    changed = next(c for c in changes if c.status == "changed" and c.record == "item")
    assert ("name", old["items"][0]["name"], "Renamed") in changed.fields
