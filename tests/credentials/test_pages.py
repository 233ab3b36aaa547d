"""Pages and the JSON API: credential URLs, DID documents, status lists, verification (page and
API), downloads and baked images, the backpack, evidence and review, revocation."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statewide.credentials import keys
from statewide.credentials.crypto import baking, statuslist
from statewide.credentials.crypto.schema import schema_errors
from statewide.credentials.models import Credential, IssuerKey, Submission

from .setup import build_world, earn

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def credential(world):
    return earn(world)


def _login(client, user):
    client.force_login(user)


def test_credential_url_gives_json_to_machines_and_a_page_to_people(client, credential):
    url = reverse("credentials:credential", args=[credential.public_id])
    assert credential.document["id"].endswith(url)
    as_json = client.get(url, HTTP_ACCEPT="application/json")
    assert as_json.status_code == 200 and as_json.json() == credential.document
    page = client.get(url)
    assert page.status_code == 200 and b"Verified" in page.content and b"Texas Education Agency" in page.content


def test_did_document_and_status_lists_are_served(client, world, credential):
    did = client.get(reverse("credentials:did", args=[world.issuer.slug])).json()
    assert did["id"] == keys.issuer_did(world.issuer)
    assert did["verificationMethod"][0]["publicKeyMultibase"] == IssuerKey.objects.get(issuer=world.issuer).public_multibase
    listing = client.get(reverse("credentials:status_list", args=[world.issuer.slug, "revocation"])).json()
    assert listing["type"] == ["VerifiableCredential", "BitstringStatusListCredential"] and listing["proof"]
    suspension = client.get(reverse("credentials:status_list", args=[world.issuer.slug, "suspension"]))
    assert suspension.status_code == 200 and suspension.json()["credentialSubject"]["statusPurpose"] == "suspension"


def _served_bit(client, issuer, purpose: str, index: int) -> bool:
    listing = client.get(reverse("credentials:status_list", args=[issuer.slug, purpose])).json()
    return statuslist.get_bit(statuslist.decode(listing["credentialSubject"]["encodedList"]), index)


def test_suspension_is_published_and_our_verifier_says_suspended_until_lifted(client, world, credential):
    """Suspend: the served suspension list's bit flips, the credential page and the verify API say
    suspended; lift it: the bit clears and both say verified. The credential still names only its
    revocation entry and stays valid against 1EdTech's schema."""
    _login(client, world.admin)
    url = reverse("credentials:status_change", args=[credential.public_id])
    page_url = reverse("credentials:credential", args=[credential.public_id])
    index = credential.status_index
    assert not _served_bit(client, world.issuer, "suspension", index)
    assert client.post(url, {"action": "suspend", "reason": "Under review"}).status_code == 302
    assert _served_bit(client, world.issuer, "suspension", index) and not _served_bit(client, world.issuer, "revocation", index)
    page = client.get(page_url).content.decode()
    assert 'id="suspended"' in page and "verifiers elsewhere" in page and "Under review" in page
    assert '<h2 class="usa-alert__heading">Suspended</h2>' in page
    for body in (credential.document, credential.jwt):
        assert client.post("/api/v1/credentials/verify", {"credential": body}, content_type="application/json").json()["status"] == "suspended"
    pasted = client.post(reverse("credentials:verify"), {"credential": json.dumps(credential.document)}).content.decode()
    assert '<h2 class="usa-alert__heading">Suspended</h2>' in pasted
    assert schema_errors(Credential.objects.get(pk=credential.pk).document) == []  # unchanged: one credentialStatus
    assert client.post(url, {"action": "unsuspend", "reason": "Cleared"}).status_code == 302
    assert not _served_bit(client, world.issuer, "suspension", index)
    page = client.get(page_url).content.decode()
    assert 'id="suspended"' not in page and '<h2 class="usa-alert__heading">Verified</h2>' in page
    assert client.post("/api/v1/credentials/verify", {"credential": credential.document}, content_type="application/json").json()["status"] == "verified"


def test_verify_api_json_jwt_tampered_and_bad_input(client, credential):
    url = "/api/v1/credentials/verify"
    ok = client.post(url, {"credential": credential.document}, content_type="application/json").json()
    assert ok["status"] == "verified" and ok["issuer"]["name"] == "Texas Education Agency"
    assert {c["check"] for c in ok["checks"]} >= {"schema", "json-ld", "signature", "status", "not expired"}
    assert client.post(url, {"credential": credential.jwt}, content_type="application/json").json()["status"] == "verified"
    tampered = json.loads(json.dumps(credential.document))
    tampered["credentialSubject"]["achievement"]["name"] = "Something else"
    verdict = client.post(url, {"credential": tampered}, content_type="application/json").json()
    assert verdict["status"] == "tampered" and any(not c["passed"] and c["check"] == "signature" for c in verdict["checks"])
    for body in ({"credential": "not a jwt"}, {"credential": {"@context": 5}}, {"credential": []}):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code in (200, 400), response.content
        if response.status_code == 200:
            assert response.json()["status"] == "invalid"
    assert client.post(url, "{", content_type="application/json").status_code == 400


def test_verification_page_paste_and_baked_images(client, credential):
    page = client.post(reverse("credentials:verify"), {"credential": credential.jwt})
    assert page.status_code == 200 and b"Verified" in page.content
    png = client.get(reverse("credentials:download", args=[credential.public_id, "png"]))
    assert json.loads(baking.unbake(png.content)) == credential.document
    upload = SimpleUploadedFile("badge.png", png.content, content_type="image/png")
    page = client.post(reverse("credentials:verify"), {"image": upload})
    assert b"Verified" in page.content
    svg = client.get(reverse("credentials:download", args=[credential.public_id, "svg"]))
    page = client.post(reverse("credentials:verify"), {"image": SimpleUploadedFile("badge.svg", svg.content, content_type="image/svg+xml")})
    assert b"Verified" in page.content
    empty = client.post(reverse("credentials:verify"), {})
    assert empty.status_code == 400 and b"Paste a credential" in empty.content


def test_backpack_downloads_and_linkedin(client, world, credential):
    _login(client, world.educator)
    backpack = client.get(reverse("credentials:backpack"))
    assert credential.name.encode() in backpack.content
    page = client.get(reverse("credentials:credential", args=[credential.public_id]))
    assert b"https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page.content
    jwt = client.get(reverse("credentials:download", args=[credential.public_id, "jwt"]))
    assert jwt.content.decode() == credential.jwt


def test_evidence_review_and_revoke_through_pages(client, world):
    _login(client, world.educator)
    start = client.post(reverse("credentials:start", args=[world.version.public_id]))
    submission = Submission.objects.get(educator=world.educator)
    assert start.status_code == 302
    url = reverse("credentials:submission", args=[submission.public_id])
    bad = client.post(url, {"evidence_text": "x", "evidence_links": "javascript:alert(1)", "submit": "1"})
    assert bad.status_code == 400
    client.post(
        url, {"evidence_text": "My plan.", "evidence_links": "https://example.org/plan", "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4 x"), "submit": "1"}
    )
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.files.count() == 1
    client.logout()
    _login(client, world.assessor)
    assert world.version.name.encode() in client.get(reverse("credentials:review_queue")).content
    review = reverse("credentials:review", args=[submission.public_id])
    assert client.post(review, {"score_plan": "met", "feedback": ""}).status_code == 400
    client.post(review, {"score_plan": "met", "score_reflection": "met", "feedback": "Good"})
    credential = Credential.objects.get(submission=submission)
    client.logout()
    _login(client, world.admin)
    issued = client.get(reverse("credentials:issued"))
    assert credential.name.encode() in issued.content
    change = reverse("credentials:status_change", args=[credential.public_id])
    assert client.post(change, {"action": "revoke", "reason": ""}).status_code == 400
    client.post(change, {"action": "revoke", "reason": "Plagiarized evidence"})
    assert b"Revoked" in client.get(reverse("credentials:credential", args=[credential.public_id])).content
    assert credential.name.encode() in client.get(reverse("credentials:issued") + "?status=revoked").content
    assert credential.name.encode() not in client.get(reverse("credentials:issued") + "?status=active").content


def test_status_change_needs_permission(client, world, credential):
    _login(client, world.educator)
    response = client.post(reverse("credentials:status_change", args=[credential.public_id]), {"action": "revoke", "reason": "x"})
    assert response.status_code == 403


def test_api_list_filters(client, world, credential):
    _login(client, world.admin)
    all_items = client.get("/api/v1/credentials").json()["items"]
    assert [i["id"] for i in all_items] == [str(credential.public_id)]
    assert client.get("/api/v1/credentials?status=revoked").json()["items"] == []
    assert client.get("/api/v1/credentials?status=bogus").status_code == 400
    client.logout()
    assert client.get("/api/v1/credentials").status_code == 401


def test_private_keys_never_appear_in_responses(client, world, credential):
    secrets = []
    for key in IssuerKey.objects.filter(issuer=world.issuer):
        from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

        raw = keys.private_key_of(key).private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        secrets += [raw.hex(), base64.urlsafe_b64encode(raw).decode().rstrip("="), base64.b64encode(raw).decode(), bytes(key.private_encrypted).decode()]
    _login(client, world.admin)
    urls = [
        reverse("credentials:credential", args=[credential.public_id]),
        reverse("credentials:did", args=[world.issuer.slug]),
        reverse("credentials:status_list", args=[world.issuer.slug, "revocation"]),
        reverse("credentials:issued"),
        "/api/v1/credentials",
    ] + [reverse("credentials:download", args=[credential.public_id, k]) for k in ("json", "jwt", "png", "svg")]
    for url in urls:
        body = client.get(url).content
        for secret in secrets:
            assert secret.encode() not in body, url
