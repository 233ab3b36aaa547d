"""API authentication: a personal token (Authorization: Bearer sw_…) for scripts, the session for the browser.

Every endpoint runs with this auth. It never refuses by itself: anonymous callers get the public
view of the data, exactly as on the pages. Session callers must send the CSRF token on writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from statewide.accounts.services import api_token_user

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _csrf_failed(request: HttpRequest) -> bool:
    check = CsrfViewMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    check.process_request(request)
    return check.process_view(request, None, (), {}) is not None  # type: ignore[arg-type]


class SessionOrToken(HttpBearer):
    openapi_description = "Personal API token from your account page (`Authorization: Bearer sw_…`). Browsers use the session cookie instead."

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.partition(" ")
            user = api_token_user(raw.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                raise AuthenticationError
            request.user = user
            request.api_user = user  # type: ignore[attr-defined]
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and _csrf_failed(request):
                raise AuthenticationError
            request.api_user = user  # type: ignore[attr-defined]
            return user
        request.api_user = AnonymousUser()  # type: ignore[attr-defined]
        return request.api_user  # type: ignore[attr-defined]

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover - __call__ handles it
        return api_token_user(token)


def require_user(request: HttpRequest) -> Any:
    """The signed-in caller, or a 401 in the error envelope."""
    user = getattr(request, "api_user", None)
    if user is None or not user.is_authenticated:
        raise AuthenticationError
    return user
