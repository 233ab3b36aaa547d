"""Small request helpers shared by every module."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The caller's IP address as the sign-in rate limiter sees it (one rule for every rate limit)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "unknown"
