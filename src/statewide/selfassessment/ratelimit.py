"""Cache-based rate limit for respondent submissions: per client address and per link.

At most `LIMIT` saves per `WINDOW_SECONDS` for one (IP address, link token) pair. The key uses the
same client address rule as the sign-in limiter (`statewide.core.http.client_address`) and a hash
of the token, so tokens never appear in cache keys.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from statewide.core.http import client_address

LIMIT = 20
WINDOW_SECONDS = 600


def _key(request: HttpRequest, token: str) -> str:
    digest = hashlib.sha256(f"{client_address(request)}|{token}".encode()).hexdigest()[:32]
    return f"sa-submit:{digest}"


def hit(request: HttpRequest, token: str) -> bool:
    """Count one submission; False when the limit is exceeded (the caller answers 429)."""
    key = _key(request, token)
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        return True
    return count <= LIMIT
