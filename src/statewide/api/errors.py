"""One error envelope for every API error:

{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"answers.0.choice": ["..."]},
           "request_id": "..."}}
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny
from pydantic import Field

from statewide.core.errors import ApplicationError
from statewide.core.http import DATABASE_RETRY_AFTER, database_unavailable
from statewide.core.jsondata import parse_json

logger = logging.getLogger("statewide.api")


class ErrorBody(Schema):
    status: int
    code: str
    message: str
    fields: dict[str, list[str]] = {}
    request_id: str = ""


class ErrorEnvelope(Schema):
    error: ErrorBody


# Optimistic locking (core.concurrency) in a request body: `version: ExpectedVersion = None`; the
# operation lists `409: ErrorEnvelope` (someone saved since you read: nothing changes).
ExpectedVersion = Annotated[
    int | None,
    Field(ge=0, le=2**31 - 1, description="The version you read. If the record was saved since, nothing changes and the answer is 409 with what changed."),
]


def error_envelope(request: HttpRequest, *, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "fields": fields or {},
            "request_id": getattr(request, "request_id", ""),
        }
    }


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # Ninja prefixes locations with where the value came from ("body", "query", "path") and the
    # parameter name; callers care about the field itself.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "form", "header", "cookie"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "data", "filters", "body"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


class SafeJsonParser(Parser):
    """Request bodies read with `core.jsondata.parse_json` (depth-limited); ninja turns a failure into a 400."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        return parse_json(request.body)  # type: ignore[no-any-return]


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> HttpResponse:
        return api.create_response(request, error_envelope(request, status=status, code=code, message=message, fields=fields), status=status)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_field_name(err.get("loc", ())), []).append(str(err.get("msg", _("Invalid value."))))
        return respond(request, 400, "invalid", _("Some values are not valid."), fields)

    @api.exception_handler(ApplicationError)
    def _application(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        # an edit conflict (core.concurrency.EditConflict: someone saved since you read) is 409; a file the
        # storage refused (core.uploads.StorageUnavailable) 507 when it is full, 503 otherwise
        status = getattr(exc, "http_status", None) or (409 if exc.code == "conflict" else 400)
        return respond(request, status, exc.code, exc.message, exc.fields)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "unauthenticated", _("Sign in, or send a valid API token (Authorization: Bearer …)."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, "forbidden", str(exc) or _("You do not have permission to do this."))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return respond(
            request,
            413,
            "too_large",
            ngettext("The request body is larger than %(n)d byte.", "The request body is larger than %(n)d bytes.", limit) % {"n": limit},
        )

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {
            400: "bad_request",
            413: "too_large",
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            429: "rate_limited",
        }
        return respond(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc.message))

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if database_unavailable(exc):  # a PostgreSQL restart or fail-over: send it again shortly
            logger.warning("Database unavailable (request %s): %s", getattr(request, "request_id", ""), exc)
            response = respond(
                request, 503, "unavailable", _("The database is briefly unavailable (a restart). Try again in a few seconds; a write may need checking first.")
            )
            response["Retry-After"] = str(DATABASE_RETRY_AFTER)
            return response
        logger.exception("Unhandled API error (request %s)", getattr(request, "request_id", ""))
        return respond(request, 500, "server_error", _("An unexpected error happened. It has been logged."))
