"""The 1EdTech Open Badges 3.0 service API (/ims/ob/v3p0/): discovery, an educator's credentials
and profile for a wallet holding their consent (OAuth 2.0 authorization code with PKCE), read and
write (upsertCredential, putProfile), each operation behind its own scope; and dynamic client
registration. No or a bad token: 401; a token without the operation's scope: 403."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from oauth2_provider.oauth2_backends import get_oauthlib_core

from statewide.core.errors import ApplicationError
from statewide.core.jsondata import parse_json
from statewide.core.permissions import ANONYMOUS_ACTOR
from statewide.credentials import selectors, services

SCOPE = settings.OB_SCOPE
MAX_LIMIT = 100


def _scopes() -> list[str]:
    provider: Any = getattr(settings, "OAUTH2_PROVIDER", {})
    return [str(name) for name in provider["SCOPES"]]


def _status_info(code: str, description: str, status: int) -> JsonResponse:
    """An error as the OB 3.0 API's imsx_StatusInfo (``code``: a value of its code-minor vocabulary)."""
    return JsonResponse(
        {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": description,
            "imsx_codeMinor": {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": "TargetEndSystem", "imsx_codeMinorFieldValue": code}]},
        },
        status=status,
    )


View = Callable[..., HttpResponse]


def _scoped(scope: str) -> Callable[[View], View]:
    """The resource server's check (RFC 6750 §3.1): no, expired or unknown token is 401; a valid
    token without ``scope`` is 403 (insufficient_scope); either way with an imsx_StatusInfo body."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
            if not valid:
                response = _status_info("unauthorizedrequest", "A valid access token is required.", 401)
                response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
                return response
            if not oauth_request.access_token.allow_scopes([scope]):
                response = _status_info("forbidden", f"The access token lacks the scope {scope}.", 403)
                response["WWW-Authenticate"] = f'Bearer error="insufficient_scope", scope="{scope}"'
                return response
            request.resource_owner = oauth_request.user  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _owner(request: HttpRequest) -> Any:
    return getattr(request, "resource_owner", None)


@require_safe
def discovery(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.ob_openapi())


def _int(value: str | None, default: int) -> int | None:
    if value is None:
        return default
    return int(value) if value.isdigit() else None


def _since(text: str) -> dt.datetime | None:
    """`since` as an aware UTC time; None if it is not a valid ISO 8601 date-time. Taken to UTC, so an
    offset PostgreSQL does not store (beyond ±15:59, which ISO 8601's syntax allows) is no 500; a time
    without an offset is in the site's time zone, as Django reads it."""
    try:
        value = parse_datetime(text)
        if value is None:
            return None
        return timezone.make_aware(value) if value.tzinfo is None else value.astimezone(dt.UTC)
    except (ValueError, OverflowError):  # well-formed but impossible (month 13), or beyond year 1-9999 in UTC
        return None


def _credentials_list(request: HttpRequest) -> HttpResponse:
    limit, offset = _int(request.GET.get("limit"), MAX_LIMIT), _int(request.GET.get("offset"), 0)
    since_text = request.GET.get("since")
    since = _since(since_text) if since_text else None
    if limit is None or offset is None or not 1 <= limit <= MAX_LIMIT or (since_text and since is None):
        return _status_info("invalid_query_parameter", "limit (1-100), offset (0 or more) and since (ISO 8601) must be valid", 400)
    page = selectors.wallet_credentials(_owner(request), limit=limit, offset=offset, since=since)
    body = {
        "credential": [h.document for h in page.held if not h.jwt],
        "compactJwsString": [c.jwt for c in page.issued] + [h.jwt for h in page.held if h.jwt],
    }
    response = JsonResponse(body)
    response["X-Total-Count"] = str(page.total)
    return response


def _credential_upsert(request: HttpRequest) -> HttpResponse:
    content_type = request.content_type or ""
    try:
        upserted = services.held_credential_upsert(actor=_owner(request), body=request.body, content_type=content_type)
    except ApplicationError as exc:
        return _status_info("invalid_data", json.dumps(exc.fields or {"credential": [exc.message]}), 400)
    status = 201 if upserted.created else 200
    if content_type == "text/plain":  # the response body is the credential in the request
        return HttpResponse(request.body.decode("utf-8").strip(), content_type="text/plain", status=status)
    return HttpResponse(request.body, content_type="application/json", status=status)


def _resource(read: View, read_scope: str, write: View, write_scope: str, write_method: str) -> View:
    """One OB 3.0 resource: GET reads (``read_scope``), ``write_method`` writes (``write_scope``).
    CSRF does not apply: a bearer-token API (no cookie is read), called by wallets, not browsers."""
    scoped_read, scoped_write = _scoped(read_scope)(read), _scoped(write_scope)(write)

    @csrf_exempt
    @require_http_methods(["GET", "HEAD", write_method])
    def view(request: HttpRequest) -> HttpResponse:
        return scoped_write(request) if request.method == write_method else scoped_read(request)

    return view


def _profile_read(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.wallet_profile(_owner(request)))


def _profile_update(request: HttpRequest) -> HttpResponse:
    try:
        user = services.wallet_profile_update(actor=_owner(request), body=request.body)
    except ApplicationError as exc:
        return _status_info("invalid_data", json.dumps(exc.fields or {"profile": [exc.message]}), 400)
    return JsonResponse(selectors.wallet_profile(user))


# getCredentials and upsertCredential; getProfile and putProfile.
credentials = _resource(_credentials_list, SCOPE + "credential.readonly", _credential_upsert, SCOPE + "credential.upsert", "POST")
profile = _resource(_profile_read, SCOPE + "profile.readonly", _profile_update, SCOPE + "profile.update", "PUT")


@csrf_exempt  # a machine-to-machine JSON endpoint (RFC 7591); no cookie is read
@require_http_methods(["POST"])
def register(request: HttpRequest) -> JsonResponse:
    try:
        body: Any = parse_json(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "invalid_client_metadata", "error_description": "The body must be a JSON object."}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"error": "invalid_client_metadata", "error_description": "The body must be a JSON object."}, status=400)
    uris = body.get("redirect_uris")
    try:
        application, secret = services.oauth_client_register(
            actor=ANONYMOUS_ACTOR,
            client_name=str(body.get("client_name", "")),
            redirect_uris=uris if isinstance(uris, list) else [],
            scope=str(body.get("scope", "")),
            client_uri=str(body.get("client_uri", "")),
        )
    except ApplicationError as exc:
        return JsonResponse({"error": "invalid_client_metadata", "error_description": json.dumps(exc.fields)}, status=400)
    return JsonResponse(
        {
            "client_id": application.client_id,
            "client_secret": secret,
            "client_name": application.name,
            "redirect_uris": application.redirect_uris.split(),
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
            "scope": " ".join(_scopes()),
            "client_id_issued_at": int(application.created.timestamp()),
            "client_secret_expires_at": 0,
        },
        status=201,
    )
