"""Sign-in, rate limiting, password reset, API tokens and CSRF."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from statewide.accounts.models import ApiToken
from statewide.core.models import AuditEvent
from statewide.settings import base
from tests.factories import TEST_PASSWORD, person


@pytest.mark.django_db
def test_sign_in_with_email_and_password_is_audited(client):
    user = person(email="Someone@Example.org".lower())
    response = client.post("/account/signin/", {"username": "someone@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/my-work/"
    assert AuditEvent.objects.filter(action="user.signin", actor=user).exists()


@pytest.mark.django_db
def test_wrong_password_gets_a_clear_message(client):
    person(email="someone@example.org")
    html = client.post("/account/signin/", {"username": "someone@example.org", "password": "wrong"}).content.decode()
    assert "do not match an account" in html


@pytest.mark.django_db
def test_sign_in_is_rate_limited_after_repeated_failures(client, settings):
    person(email="target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/signin/", {"username": "target@example.org", "password": "guess"})
    locked = client.post("/account/signin/", {"username": "target@example.org", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = person(email="forgetful@example.org")
    client.post("/account/password-reset/", {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/account/password-reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a-much-better-passphrase-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(user.public_id)).exists()


@pytest.mark.django_db
def test_api_token_lifecycle(client):
    user = person(email="script-owner@example.org")
    client.force_login(user)
    html = client.post("/account/", {"name": "nightly export"}).content.decode()
    raw = re.search(r'<code id="new-token">(sw_[^<]+)</code>', html).group(1)
    token = ApiToken.objects.get(user=user)
    assert raw not in token.key_hash and token.prefix == raw[:10]

    script = Client()
    me = script.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["email"] == "script-owner@example.org"
    assert script.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer sw_wrong").status_code == 401

    client.post(f"/account/tokens/{token.public_id}/revoke/")
    assert script.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["error"]["code"] == "unauthenticated"
    assert AuditEvent.objects.filter(action__in=["api_token.create", "api_token.revoke"]).count() == 2


@pytest.mark.django_db
def test_someone_elses_token_cannot_be_revoked(client):
    owner, other = person(), person()
    client.force_login(owner)
    client.post("/account/", {"name": "mine"})
    token = ApiToken.objects.get(user=owner)
    client.force_login(other)
    assert client.post(f"/account/tokens/{token.public_id}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_forms_are_csrf_protected():
    user = person()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post("/account/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_signout_needs_post(client):
    client.force_login(person())
    assert client.get("/account/signout/").status_code == 405
    assert client.post("/account/signout/").status_code == 302
