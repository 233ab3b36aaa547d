"""The one rate-limit mechanism: fixed-window counters in the cache, keyed on hashed parts.

Declare a limit once, next to the code it protects::

    QUIZ_RESULTS = RateLimit("quiz-results", limit=60, window_seconds=3600)
    if not QUIZ_RESULTS.hit(client_address(request)):
        ...  # answer 429

Keys are hashed, so e-mail addresses and link tokens never appear in the cache. Every limit that
depends on who is calling keys on `statewide.core.http.client_address`, the one client-address
rule (django-axes uses it too). The cache is shared by all app servers in production (the
database cache), so limits hold across processes.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from statewide.core.http import client_address


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window_seconds: int

    def _key(self, parts: tuple[str, ...]) -> str:
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
        window = int(time.time() // self.window_seconds)
        return f"ratelimit:{self.name}:{window}:{digest}"

    def count(self, *parts: str) -> int:
        """Hits counted so far in the current window."""
        return int(cache.get(self._key(parts), 0))

    def exceeded(self, *parts: str) -> bool:
        """Is the limit already used up (without counting a hit)?"""
        return self.count(*parts) >= self.limit

    def hit(self, *parts: str) -> bool:
        """Count one hit; False when it goes over the limit (the caller refuses, usually with 429)."""
        key = self._key(parts)
        if cache.add(key, 1, self.window_seconds):
            return self.limit >= 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window_seconds)
            count = 1
        return count <= self.limit

    def hit_request(self, request: HttpRequest, *parts: str) -> bool:
        """`hit` keyed on the caller's address (and any further parts, e.g. a link token)."""
        return self.hit(client_address(request), *parts)

    def exceeded_request(self, request: HttpRequest, *parts: str) -> bool:
        return self.exceeded(client_address(request), *parts)
