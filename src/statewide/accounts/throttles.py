"""Rate limits of sign-in and password reset, on the one mechanism (`statewide.core.ratelimit`).

django-axes locks one account for one address after `SIGNIN_FAILURE_LIMIT` failures. This adds
what axes does not: a limit on failures from one address across all accounts (password
spraying), and a limit on password-reset e-mails per address and per e-mail address. Both key on
the one client-address rule (`statewide.core.http.client_address`), as axes does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from statewide.core.ratelimit import RateLimit

RESET_WINDOW_SECONDS = 3600


def _signin_failures() -> RateLimit:
    return RateLimit("signin-failures-by-address", settings.SIGNIN_ADDRESS_FAILURE_LIMIT, settings.SIGNIN_COOLOFF_SECONDS)


def signin_address_blocked(request: HttpRequest) -> bool:
    """Has this address failed too many sign-ins, across accounts, in the current period?"""
    return _signin_failures().exceeded_request(request)


@receiver(user_login_failed)
def _count_signin_failure(sender: Any, credentials: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        _signin_failures().hit_request(request)


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Count one reset request; False when the address or the e-mail address is over its hourly limit."""
    limit = settings.PASSWORD_RESET_LIMIT
    by_address = RateLimit("password-reset-by-address", limit, RESET_WINDOW_SECONDS).hit_request(request)
    by_email = RateLimit("password-reset-by-email", limit, RESET_WINDOW_SECONDS).hit(email.strip().lower())
    return by_address and by_email
