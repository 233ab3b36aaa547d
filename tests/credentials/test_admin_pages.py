"""Administration pages: set up an issuer, rotate its key, author, publish and re-version a
micro-credential, through the services, with field errors and permission checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statewide.accounts.models import Role
from statewide.core.audit import AuditEvent
from statewide.credentials.models import Issuer, IssuerKey, MicroCredentialVersion
from statewide.frameworks.models import Item
from tests.factories import person, state_agency

from .setup import SECTIONS, build_world

pytestmark = pytest.mark.django_db

RUBRIC_TEXT = "plan | Plan | A lesson plan. | required\nreflection | Reflection | What changed. | optional"


def _form(items: list[Item], **extra: str) -> dict:
    data = {k: v for k, v in SECTIONS.items() if k != "rubric"} | {"rubric": RUBRIC_TEXT, "validity_days": "365"}
    return data | {"alignments": [str(i.pk) for i in items]} | extra


def test_state_admin_sets_up_the_agency_as_issuer_and_rotates_its_key(client):
    sea = state_agency("NH")
    admin = person(Role.STATE_ADMIN, sea)
    client.force_login(admin)
    manage = client.get(reverse("credentials:manage"))
    assert manage.status_code == 200 and reverse("credentials:issuer_create").encode() in manage.content
    url = reverse("credentials:issuer_create")
    bad = client.post(url, {"organisation": sea.pk, "name": "NH\x00DOE", "url": "javascript:alert(1)"})
    assert bad.status_code == 400 and not Issuer.objects.filter(organisation=sea).exists()
    assert set(bad.context["form"].errors) >= {"name", "url"}
    other = state_agency("VT")
    foreign = client.post(url, {"organisation": other.pk, "name": "Vermont"})
    assert foreign.status_code == 400 and "organisation" in foreign.context["form"].errors
    assert client.post(url, {"organisation": sea.pk, "name": "New Hampshire DOE", "slug": "nh-doe"}).status_code == 302
    issuer = Issuer.objects.get(organisation=sea)
    old = IssuerKey.objects.get(issuer=issuer, is_active=True)
    did_before = client.get(reverse("credentials:did", args=[issuer.slug])).json()
    assert client.post(reverse("credentials:issuer_rotate", args=[issuer.slug])).status_code == 302
    new = IssuerKey.objects.get(issuer=issuer, is_active=True)
    assert new.pk != old.pk
    did = client.get(reverse("credentials:did", args=[issuer.slug])).json()
    assert len(did["verificationMethod"]) == len(did_before["verificationMethod"]) + 1
    assert AuditEvent.objects.filter(action="issuer.rotate_key").exists()
    page = client.get(reverse("credentials:manage"))
    assert new.public_multibase[:10].encode() in page.content
    # Someone else's state: the key cannot be rotated, the issuer cannot be created.
    tx = build_world()
    assert client.post(reverse("credentials:issuer_rotate", args=[tx.issuer.slug])).status_code == 404
    client.force_login(tx.educator)
    assert client.get(reverse("credentials:manage")).status_code == 403
    assert client.post(url, {"organisation": sea.pk, "name": "x"}).status_code == 403


def test_author_publish_and_edit_a_published_micro_credential(client):
    world = build_world()
    items = list(Item.objects.filter(kind="condition").order_by("id")[:3])
    client.force_login(world.admin)
    create = reverse("credentials:version_create")
    page = client.get(create)
    assert page.status_code == 200 and items[0].name.encode() in page.content
    bad = client.post(create, _form(items, issuer=str(world.issuer.pk), slug="mastery", rubric="plan", competency="", name="x\x07"))
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) >= {"rubric", "competency", "name"}
    assert "Line 1" in bad.context["form"].errors["rubric"][0]
    taken = client.post(create, _form(items, issuer=str(world.issuer.pk), slug=world.version.micro_credential.slug))
    assert taken.status_code == 400 and "slug" in taken.context["form"].errors
    made = client.post(create, _form(items[:2], issuer=str(world.issuer.pk), slug="mastery"))
    assert made.status_code == 302
    draft = MicroCredentialVersion.objects.get(micro_credential__slug="mastery")
    assert draft.status == "draft" and draft.rubric[1] == {"code": "reflection", "name": "Reflection", "description": "What changed.", "required": False}
    assert list(draft.alignments.order_by("id")) == items[:2] and draft.validity_days == 365
    edit = reverse("credentials:version_edit", args=[draft.public_id])
    assert client.post(edit, _form(items[2:], name="Mastery pacing")).status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Mastery pacing" and list(draft.alignments.all()) == items[2:]
    assert client.get(reverse("credentials:catalog_detail", args=[draft.public_id])).status_code == 200  # the admin sees the draft
    client.post(reverse("credentials:version_publish", args=[draft.public_id]))
    draft.refresh_from_db()
    assert draft.status == "published"
    # A published version never changes: a POST to it changes nothing; "start a new version" makes a draft.
    client.post(edit, _form(items, name="Changed"))
    draft.refresh_from_db()
    assert draft.name == "Mastery pacing"
    new = client.post(reverse("credentials:version_new_draft", args=[draft.public_id]))
    second = MicroCredentialVersion.objects.get(micro_credential=draft.micro_credential, number=2)
    assert new["Location"] == reverse("credentials:version_edit", args=[second.public_id]) and second.status == "draft"
    assert second.name == "Mastery pacing" and list(second.alignments.all()) == items[2:]
    again = client.post(reverse("credentials:version_new_draft", args=[draft.public_id]))
    assert again["Location"] == new["Location"]  # the existing draft, not a third version
    client.post(reverse("credentials:version_publish", args=[second.public_id]))
    draft.refresh_from_db()
    assert draft.status == "retired"
    work = client.get(reverse("web:my_work"))
    assert reverse("credentials:manage").encode() in work.content


def test_content_editor_drafts_but_does_not_publish_and_others_are_refused(client):
    world = build_world()
    editor = person(Role.CONTENT_EDITOR)
    client.force_login(editor)
    assert client.post(reverse("credentials:version_create"), _form([], issuer=str(world.issuer.pk), slug="editor-draft")).status_code == 302
    draft = MicroCredentialVersion.objects.get(micro_credential__slug="editor-draft")
    page = client.get(reverse("credentials:version_edit", args=[draft.public_id]))
    assert page.status_code == 200 and reverse("credentials:version_publish", args=[draft.public_id]).encode() not in page.content
    assert client.post(reverse("credentials:version_publish", args=[draft.public_id])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
    work = client.get(reverse("web:my_work"))
    assert draft.name.encode() in work.content
    client.force_login(world.assessor)
    assert client.get(reverse("credentials:version_edit", args=[draft.public_id])).status_code == 404
    assert client.get(reverse("credentials:version_create")).status_code == 403


MANAGE_PAGE_BUDGET = 16  # session, user, principal, policies, issuers + active keys, agencies, versions count + page


def test_manage_page_query_budget_does_not_grow_with_the_catalog(client, django_assert_max_num_queries):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from statewide.core.permissions import SYSTEM  # noqa: PLC0415
    from statewide.credentials import services  # noqa: PLC0415

    world = build_world()
    client.force_login(world.admin)
    url = reverse("credentials:manage")
    client.get(url)  # warm the session and content-version caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(12):
        services.micro_credential_create(actor=SYSTEM, issuer=world.issuer, slug=f"budget-{n}", **SECTIONS)
    services.issuer_key_rotate(actor=SYSTEM, issuer=world.issuer)
    with django_assert_max_num_queries(MANAGE_PAGE_BUDGET), CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.status_code == 200 and len(page.context["page"].object_list) == 13
    assert len(large) == len(small)
