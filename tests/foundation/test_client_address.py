"""The one client-address rule behind proxies, and the one rate-limit mechanism it feeds."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from statewide.core.http import client_address
from statewide.core.ratelimit import RateLimit
from statewide.selfassessment import services as sa_services
from tests.factories import TEST_PASSWORD, person
from tests.selfassessment import factories as sa

NGINX = "127.0.0.1"


def _request(remote: str = "10.0.0.9", forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.9"),  # no trusted proxy: the header is the client's to forge, ignored
        (0, None, "10.0.0.9"),
        (1, "203.0.113.5", "203.0.113.5"),  # one proxy appended the client's address
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged entry to the left is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.1.1.1", "203.0.113.5"),  # two hops: the outer proxy's view
        (2, "203.0.113.5", "10.0.0.9"),  # shorter than the trusted chain: not through our proxies
        (1, "not-an-address", "10.0.0.9"),
        (1, "", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_honours_exactly_the_trusted_hops(settings, hops, forwarded, expected):  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = hops
    assert client_address(_request(forwarded=forwarded)) == expected


def test_axes_uses_the_same_function(settings):  # type: ignore[no-untyped-def]
    from axes.helpers import get_client_ip_address  # noqa: PLC0415

    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(remote=NGINX, forwarded="6.6.6.6, 198.51.100.7")
    assert get_client_ip_address(request) == client_address(request) == "198.51.100.7"


def test_rate_limit_counts_per_key_and_refuses_over_the_limit(db):  # type: ignore[no-untyped-def]
    limit = RateLimit("unit", limit=2, window_seconds=60)
    assert [limit.hit("a"), limit.hit("a"), limit.hit("a")] == [True, True, False]
    assert limit.exceeded("a") and not limit.exceeded("b")
    assert limit.hit("b")


def _join_statuses(client: Client, headers: list[dict[str, str]]) -> list[int]:
    """Start a self-assessment through one group link once per set of request headers."""
    url = f"/where-to-begin/self-assessment/join/{sa.campaign().groups.first().token}/"
    return [client.post(url, **h).status_code for h in headers]


@pytest.mark.django_db
def test_behind_one_proxy_two_clients_get_separate_limits(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    second = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    limit = sa_services.SUBMISSION_LIMIT.limit
    # The first client uses up its limit; another client behind the same nginx is not limited by it.
    assert _join_statuses(client, [first] * (limit + 1) + [second]) == [302] * limit + [429, 302]


@pytest.mark.django_db
def test_spoofed_forwarded_for_is_ignored_without_trusted_proxies(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = 0
    limit = sa_services.SUBMISSION_LIMIT.limit
    forged = [{"HTTP_X_FORWARDED_FOR": f"198.51.100.{i}"} for i in range(limit + 1)]
    # A fresh forged address each time does not escape the limit of the connecting address.
    assert _join_statuses(client, forged) == [302] * limit + [429]


@pytest.mark.django_db
def test_behind_one_proxy_a_lockout_is_one_clients_not_everyones(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXY_COUNT = 1
    person(email="target@example.org")
    attacker = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/signin/", {"username": "target@example.org", "password": "guess"}, **attacker)
    assert client.post("/account/signin/", {"username": "target@example.org", "password": TEST_PASSWORD}, **attacker).status_code == 429
    owner = Client()
    response = owner.post(
        "/account/signin/", {"username": "target@example.org", "password": TEST_PASSWORD}, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_is_rate_limited(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    person(email="forgetful@example.org")
    statuses = [client.post("/account/password-reset/", {"email": "forgetful@example.org"}).status_code for _ in range(16)]
    assert statuses == [302] * settings.PASSWORD_RESET_LIMIT + [429] * (16 - settings.PASSWORD_RESET_LIMIT)
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT
    assert "Too many password-reset requests" in client.post("/account/password-reset/", {"email": "other@example.org"}).content.decode()


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_address_across_addresses(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    person(email="forgetful@example.org")
    for i in range(settings.PASSWORD_RESET_LIMIT + 3):
        client.post("/account/password-reset/", {"email": "Forgetful@example.org"}, REMOTE_ADDR=f"198.51.100.{i}")
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_refused(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 6
    victim = person(email="victim@example.org")
    for i in range(6):  # one guess per account: axes' per-account limit never triggers
        client.post("/account/signin/", {"username": f"user{i}@example.org", "password": "Spring2026!"})
    refused = client.post("/account/signin/", {"username": victim.email, "password": TEST_PASSWORD})
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # Another address is not affected.
    assert Client().post("/account/signin/", {"username": victim.email, "password": TEST_PASSWORD}, REMOTE_ADDR="198.51.100.9").status_code == 302
