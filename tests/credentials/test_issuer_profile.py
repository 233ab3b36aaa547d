"""Editing an issuer's profile after set-up: the page and the service, the image checked by its
content, the profile document and new credentials show the change, old credentials still verify."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from statewide.accounts.models import Role
from statewide.core.models import AuditEvent
from statewide.credentials import keys, selectors
from statewide.credentials.crypto.schema import schema_errors
from statewide.credentials.models import Issuer
from tests.factories import person, state_agency

from .setup import build_world, earn

pytestmark = pytest.mark.django_db


def _image(kind: str = "PNG", size: tuple[int, int] = (64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (22, 46, 81)).save(out, format=kind)
    return out.getvalue()


def _post(client, issuer: Issuer, image: SimpleUploadedFile | None = None, **fields: str):
    data: dict = {"name": issuer.name, "url": issuer.url, "email": issuer.email, "description": issuer.description} | fields
    if image is not None:
        data["image"] = image
    return client.post(reverse("credentials:issuer_edit", args=[issuer.slug]), data)


def test_state_admin_edits_the_profile_and_old_credentials_still_verify(client):
    world = build_world()
    old = earn(world)
    client.force_login(world.admin)
    page = client.get(reverse("credentials:issuer_edit", args=[world.issuer.slug]))
    assert page.status_code == 200 and b"Texas Education Agency" in page.content
    assert reverse("credentials:issuer_edit", args=[world.issuer.slug]).encode() in client.get(reverse("credentials:manage")).content
    png = SimpleUploadedFile("seal.png", _image(), content_type="image/png")
    response = _post(
        client,
        world.issuer,
        png,
        name="Texas Education Agency (TEA)",
        url="https://tea.texas.gov/about",
        email="badges@tea.example",
        description="The state agency.",
    )
    assert response.status_code == 302, response.content
    profile = client.get(reverse("credentials:issuer_profile", args=[world.issuer.slug])).json()
    assert profile["name"] == "Texas Education Agency (TEA)" and profile["email"] == "badges@tea.example"
    assert profile["url"] == "https://tea.texas.gov/about" and profile["description"] == "The state agency."
    assert profile["id"] == keys.issuer_did(world.issuer) and profile["type"] == ["Profile"]
    image = client.get(profile["image"]["id"].removeprefix("http://127.0.0.1:8000"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content == _image()
    # The old credential keeps the profile it was signed with and still verifies; a new one shows the new profile.
    assert old.document["issuer"]["name"] == "Texas Education Agency"
    assert selectors.credential_verify(old.document).verified and selectors.credential_verify(old.jwt).verified
    new = earn(build_world())  # another micro-credential of the same issuer
    assert new.document["issuer"]["name"] == "Texas Education Agency (TEA)" and new.document["issuer"]["image"]["type"] == "Image"
    assert schema_errors(new.document) == []
    verdict = selectors.credential_verify(new.document)
    assert verdict.verified, verdict.as_dict()
    event = AuditEvent.objects.get(action="issuer.update")
    assert event.before["name"] == "Texas Education Agency" and event.after["name"] == "Texas Education Agency (TEA)" and event.after["image"] == "image/png"
    # A JPEG replaces the PNG; "remove" drops it.
    assert _post(client, world.issuer, SimpleUploadedFile("seal.jpg", _image("JPEG"), content_type="image/jpeg")).status_code == 302
    world.issuer.refresh_from_db()
    assert world.issuer.image_type == "image/jpeg"
    assert _post(client, world.issuer, remove_image="on").status_code == 302
    assert "image" not in client.get(reverse("credentials:issuer_profile", args=[world.issuer.slug])).json()
    assert client.get(reverse("credentials:issuer_image", args=[world.issuer.slug])).status_code == 404


def test_the_image_is_checked_by_its_content_and_fields_get_errors(client):
    world = build_world()
    client.force_login(world.admin)
    disguised = SimpleUploadedFile("seal.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", content_type="image/png")
    bad = _post(client, world.issuer, disguised)
    assert bad.status_code == 400 and "image" in bad.context["form"].errors
    truncated = SimpleUploadedFile("seal.png", _image()[:60], content_type="image/png")
    assert "image" in _post(client, world.issuer, truncated).context["form"].errors
    huge = SimpleUploadedFile("seal.png", _image(size=(3000, 10)), content_type="image/png")
    assert "image" in _post(client, world.issuer, huge).context["form"].errors
    fields = _post(client, world.issuer, name="", url="javascript:alert(1)", email="not-an-address")
    assert fields.status_code == 400 and set(fields.context["form"].errors) >= {"name", "url", "email"}
    world.issuer.refresh_from_db()
    assert world.issuer.name == "Texas Education Agency" and not world.issuer.image_type
    assert not AuditEvent.objects.filter(action="issuer.update").exists()


def test_only_the_states_admins_edit_its_issuer(client):
    world = build_world()
    url = reverse("credentials:issuer_edit", args=[world.issuer.slug])
    other_admin = person(Role.STATE_ADMIN, state_agency("NH"))
    for who in (world.educator, world.assessor, other_admin):
        client.force_login(who)
        assert client.get(url).status_code == 404
        assert _post(client, world.issuer, name="Hijacked").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # sign in first
    world.issuer.refresh_from_db()
    assert world.issuer.name == "Texas Education Agency"
    assert client.get(reverse("credentials:issuer_profile", args=["no-such-issuer"])).status_code == 404
