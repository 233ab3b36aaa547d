"""Editing with history: drafts, publish, diff, audit; only content editors and operators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statewide.core.models import AuditEvent
from statewide.frameworks.models import Descriptor, DraftChange, FrameworkVersion, Item
from statewide.frameworks.services import framework_item_update, framework_publish
from tests.factories import person, state_agency

pytestmark = pytest.mark.django_db

KW = "kw-spf-2019"
CODE = "culture-of-innovation"


@pytest.fixture
def editor():
    return person("content_editor")


def _item_form(item, **over):
    data = {
        "name": item.name,
        "definition": item.definition,
        "confirmed": "on" if item.confirmed else "",
        "status_note": item.status_note,
        "sources": "https://example.org/new-source | A new source",
        "checked_on": "2026-11-22",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v != ""}


def test_editor_edits_a_condition_publishes_and_the_diff_shows_the_change(client, editor):
    client.force_login(editor)
    item = Item.objects.get(framework__slug=KW, code=CODE)
    old_definition = item.definition
    before = FrameworkVersion.objects.filter(framework=item.framework).order_by("-number").first()
    assert before is not None

    response = client.post(reverse("frameworks:item_edit", args=[KW, CODE]), _item_form(item, definition="An edited definition about zebras."))
    assert response.status_code == 302
    # A draft: the public page still shows the published text.
    assert "zebras" not in client.get(reverse("frameworks:item", args=[KW, CODE])).content.decode()
    drafts = client.get(reverse("frameworks:drafts", args=[KW])).content.decode()
    assert "zebras" in drafts

    response = client.post(reverse("frameworks:drafts", args=[KW]), {"note": "Clarified the definition."})
    new = FrameworkVersion.objects.filter(framework=item.framework).order_by("-number").first()
    assert new.number == before.number + 1
    assert response.status_code == 302
    assert response["Location"] == reverse("frameworks:version_diff", args=[KW, before.number, new.number])

    diff = client.get(response["Location"]).content.decode()
    assert "zebras" in diff
    assert old_definition[:40].replace("'", "&#x27;") in diff
    old_page = client.get(reverse("frameworks:version", args=[KW, before.number])).content.decode()
    assert old_definition[:40].replace("'", "&#x27;") in old_page and "zebras" not in old_page
    assert "zebras" in client.get(reverse("frameworks:item", args=[KW, CODE])).content.decode()
    assert not DraftChange.objects.exists()

    draft_event = AuditEvent.objects.get(action="framework_item.draft", object_id=str(item.identifier))
    assert draft_event.actor == editor and draft_event.before["definition"] == old_definition
    assert draft_event.after["definition"] == "An edited definition about zebras."
    assert AuditEvent.objects.filter(action="framework.publish", actor=editor).exists()
    assert AuditEvent.objects.filter(action="framework_version.publish", object_id=f"{KW}@{new.number}").exists()


def test_filling_a_gap_requires_a_source(client, editor):
    client.force_login(editor)
    url = reverse("frameworks:descriptor_add", args=[KW, CODE, "statewide-transformation"])
    assert client.get(url + "?kind=goal").status_code == 200
    response = client.post(url, {"kind": "goal", "text": "Every district innovates.", "confirmed": "on", "checked_on": "2026-11-22"})
    assert response.status_code == 200
    assert "A source is required" in response.content.decode() or "This field is required" in response.content.decode()
    assert not DraftChange.objects.exists()

    response = client.post(
        url, {"kind": "goal", "text": "Every district innovates.", "confirmed": "on", "sources": "https://example.org/s", "checked_on": "2026-11-22"}
    )
    assert response.status_code == 302
    client.post(reverse("frameworks:drafts", args=[KW]), {"note": "Filled a gap."})
    d = Descriptor.objects.get(item__code=CODE, item__framework__slug=KW, level__code="statewide-transformation", kind="goal")
    assert d.text == "Every district innovates." and d.sources == [{"url": "https://example.org/s"}]


def test_editor_edits_a_descriptor_and_can_discard_a_draft(client, editor):
    client.force_login(editor)
    d = Descriptor.objects.filter(item__framework__slug=KW, item__code=CODE).first()
    url = reverse("frameworks:descriptor_edit", args=[KW, d.identifier])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"text": "x", "sources": "not a url http://", "checked_on": "2026-11-22"})
    assert "Say what is not confirmed" in bad.content.decode()
    ok = client.post(url, {"text": "Edited text.", "confirmed": "on", "sources": "A printed citation, p. 4", "checked_on": "2026-11-22"})
    assert ok.status_code == 302
    draft = DraftChange.objects.get(target_identifier=d.identifier)
    assert draft.values["sources"] == [{"citation": "A printed citation, p. 4"}]
    client.post(reverse("frameworks:draft_discard", args=[KW, "descriptor", d.identifier]))
    assert not DraftChange.objects.exists()
    assert AuditEvent.objects.filter(action="framework_draft.discard").exists()
    d.refresh_from_db()
    assert d.text != "Edited text."


def test_publish_needs_a_note_and_drafts(client, editor):
    client.force_login(editor)
    response = client.post(reverse("frameworks:drafts", args=[KW]), {"note": "x"})
    assert response.status_code == 200  # nothing to publish: the page says so
    assert "There are no draft changes" in response.content.decode()


@pytest.mark.parametrize("role", ["state_admin", "district_lead", None])
def test_non_editors_get_403(client, role):
    user = person(role, state_agency("TX")) if role == "state_admin" else person(role) if role is None else None
    if role == "district_lead":
        from tests.factories import DistrictFactory  # noqa: PLC0415

        user = person(role, DistrictFactory())
    client.force_login(user)
    item = Item.objects.get(framework__slug=KW, code=CODE)
    d = Descriptor.objects.filter(item=item).first()
    for url in (
        reverse("frameworks:item_edit", args=[KW, CODE]),
        reverse("frameworks:descriptor_edit", args=[KW, d.identifier]),
        reverse("frameworks:descriptor_add", args=[KW, CODE, "exploration"]),
        reverse("frameworks:drafts", args=[KW]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"note": "x", "name": "Hacked"}).status_code == 403
    with pytest.raises(Exception):  # noqa: B017
        framework_item_update(actor=user, item=item, values={"name": "Hacked", "sources": [{"url": "https://x.org"}]})
    with pytest.raises(Exception):  # noqa: B017
        framework_publish(actor=user, fw=item.framework, note="x")
    assert not DraftChange.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("frameworks:item_edit", args=[KW, CODE]))
    assert response.status_code == 302 and "signin" in response["Location"]


def test_operator_can_edit(client):
    op = person(operator=True)
    client.force_login(op)
    assert client.get(reverse("frameworks:drafts", args=[KW])).status_code == 200
    assert "Edit this item" in client.get(reverse("frameworks:item", args=[KW, CODE])).content.decode()


def test_editor_edits_a_spotlight(client, editor):
    client.force_login(editor)
    example = Item.objects.get(framework__slug=KW, code="vision-for-student-success").examples.first()
    url = reverse("frameworks:example_edit", args=[KW, example.identifier])
    assert client.get(url).status_code == 200
    data = {"title": example.title, "summary": "A new summary about otters.", "confirmed": "on", "sources": "https://example.org/e", "checked_on": "2026-11-22"}
    assert client.post(url, data).status_code == 302
    assert "otters" in client.get(reverse("frameworks:drafts", args=[KW])).content.decode()
    client.post(reverse("frameworks:drafts", args=[KW]), {"note": "New summary."})
    example.refresh_from_db()
    assert example.summary == "A new summary about otters."
    assert AuditEvent.objects.filter(action="framework_example.draft", object_id=str(example.identifier)).exists()
