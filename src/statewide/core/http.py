"""Small request helpers shared by every module, among them the one client-address rule."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The caller's IP address: the one rule used by every rate limit and by django-axes.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies (each appending the address it received the
    request from to `X-Forwarded-For`), the client is the entry that many places from the end of
    that header: the address our outermost trusted proxy saw. Entries further left are written by
    the client and may be forged, so they are never used. With no trusted proxy (the default), or
    when the header is missing, too short or not an address, the connecting address (REMOTE_ADDR).
    """
    # A request built in code (the test client's force_login) has no address; PostgreSQL's inet
    # column in django-axes refuses a non-address, so such callers share the unspecified address.
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "") or "0.0.0.0"  # noqa: S104 - a value, not a bind
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    return _valid_ip(forwarded[-hops]) or remote


# Seconds a client is asked to wait (Retry-After) when the database is unreachable: a PostgreSQL
# restart or fail-over takes a few seconds, and each app server reconnects by itself
# (CONN_HEALTH_CHECKS) at its next request.
DATABASE_RETRY_AFTER = 5


def database_unavailable(exc: BaseException | None) -> bool:
    """True when `exc` says the database cannot be reached or dropped the connection (a restart, a
    fail-over, too many connections, a network cut): the request may succeed if sent again, so
    callers answer 503 with Retry-After instead of 500. Django wraps every driver error, at connect
    time too, so this is Django's OperationalError or InterfaceError (a closed connection)."""
    from django.db import InterfaceError, OperationalError  # noqa: PLC0415 - keep this module light

    return isinstance(exc, OperationalError | InterfaceError)
