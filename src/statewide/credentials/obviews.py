"""The 1EdTech Open Badges 3.0 service API (/ims/ob/v3p0/): discovery, an educator's credentials
and profile for a wallet holding their consent (OAuth 2.0 authorization code with PKCE), and
dynamic client registration."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from oauth2_provider.decorators import protected_resource

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
    """An error as the OB 3.0 API's imsx_StatusInfo."""
    return JsonResponse(
        {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": description,
            "imsx_codeMinor": {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": "TargetEndSystem", "imsx_codeMinorFieldValue": code}]},
        },
        status=status,
    )


@require_safe
def discovery(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.ob_openapi())


def _int(value: str | None, default: int) -> int | None:
    if value is None:
        return default
    return int(value) if value.isdigit() else None


@require_safe
@protected_resource(scopes=[SCOPE + "credential.readonly"])
def credentials(request: HttpRequest) -> HttpResponse:
    limit, offset = _int(request.GET.get("limit"), MAX_LIMIT), _int(request.GET.get("offset"), 0)
    since_text = request.GET.get("since")
    since = parse_datetime(since_text) if since_text else None
    if limit is None or offset is None or not 1 <= limit <= MAX_LIMIT or (since_text and since is None):
        return _status_info("invalid_selection_field", "limit (1-100), offset (0 or more) and since (ISO 8601) must be valid", 400)
    rows, total = selectors.wallet_credentials(getattr(request, "resource_owner", None), limit=limit, offset=offset, since=since)
    response = JsonResponse({"compactJwsString": [c.jwt for c in rows]})
    response["X-Total-Count"] = str(total)
    return response


@require_safe
@protected_resource(scopes=[SCOPE + "profile.readonly"])
def profile(request: HttpRequest) -> JsonResponse:
    user: Any = getattr(request, "resource_owner", None)
    return JsonResponse({"id": f"urn:uuid:{user.public_id}", "type": ["Profile"], "name": user.full_name or user.email, "email": user.email})


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
