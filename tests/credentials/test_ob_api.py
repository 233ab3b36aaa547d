"""The Open Badges 3.0 service API end to end with a registered client: dynamic registration,
authorization code with PKCE and the educator's consent, token, then credentials and profile."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from statewide.credentials import selectors

from . import independent
from .setup import build_world, earn

pytestmark = pytest.mark.django_db
REDIRECT = "https://wallet.example.org/callback"
SCOPES = f"{settings.OB_SCOPE}credential.readonly {settings.OB_SCOPE}profile.readonly"


def _register(client) -> dict:
    response = client.post(
        "/ims/ob/v3p0/register", {"client_name": "Example wallet", "redirect_uris": [REDIRECT], "scope": SCOPES}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_discovery_names_this_sites_oauth_endpoints(client):
    document = client.get("/ims/ob/v3p0/discovery").json()
    flow = document["components"]["securitySchemes"]["OAuth2ACG"]["flows"]["authorizationCode"]
    assert flow["authorizationUrl"].endswith("/oauth/authorize/") and flow["x-imssf-registrationUrl"].endswith("/ims/ob/v3p0/register")
    assert document["servers"][0]["url"].endswith("/ims/ob/v3p0")


def test_wallet_fetches_an_educators_credentials_with_consent(client):
    world = build_world()
    credential = earn(world)
    registered = _register(client)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    query = {
        "response_type": "code",
        "client_id": registered["client_id"],
        "redirect_uri": REDIRECT,
        "scope": SCOPES,
        "state": "xyz",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    assert client.get("/oauth/authorize/", query).status_code == 302  # sign in first
    client.force_login(world.educator)
    consent = client.get("/oauth/authorize/", query)
    assert consent.status_code == 200 and b"Example wallet" in consent.content
    approved = client.post("/oauth/authorize/", {**query, "allow": "Authorize", "redirect_uri": REDIRECT})
    assert approved.status_code == 302
    redirect = urlsplit(approved["Location"])
    params = parse_qs(redirect.query)
    assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == REDIRECT and params["state"] == ["xyz"]
    client.logout()
    basic = base64.b64encode(f"{registered['client_id']}:{registered['client_secret']}".encode()).decode()
    token_body = {"grant_type": "authorization_code", "code": params["code"][0], "redirect_uri": REDIRECT, "code_verifier": verifier}
    wrong = client.post("/oauth/token/", {**token_body, "code_verifier": "x" * 50}, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert wrong.status_code == 400
    token = client.post("/oauth/token/", token_body, HTTP_AUTHORIZATION=f"Basic {basic}").json()
    assert "access_token" in token, token
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token['access_token']}"}
    listing = client.get("/ims/ob/v3p0/credentials", **bearer)
    assert listing.status_code == 200 and listing["X-Total-Count"] == "1"
    (jws,) = listing.json()["compactJwsString"]
    assert jws == credential.jwt and selectors.credential_verify(jws).verified
    public = bytes.fromhex(selectors.keys.decode_public_raw(credential.document["proof"][0]["verificationMethod"].split("#")[1]).hex())
    assert independent.verify_jwt(jws, public)["id"] == credential.document["id"]
    profile = client.get("/ims/ob/v3p0/profile", **bearer).json()
    assert profile["type"] == ["Profile"] and profile["email"] == world.educator.email
    assert client.get("/ims/ob/v3p0/credentials").status_code in (401, 403)
    assert client.get("/ims/ob/v3p0/credentials?limit=0", **bearer).status_code == 400


def test_registration_refuses_bad_metadata(client):
    for body in ({"client_name": "x"}, {"client_name": "x", "redirect_uris": ["javascript:alert(1)"]}, {"redirect_uris": [REDIRECT]}):
        assert client.post("/ims/ob/v3p0/register", body, content_type="application/json").status_code == 400
    assert client.post("/ims/ob/v3p0/register", "[1", content_type="application/json").status_code == 400
