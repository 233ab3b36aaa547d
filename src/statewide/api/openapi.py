"""The OpenAPI document says what the API does: every operation lists its error responses (the one
error envelope) and every `limit` parameter its range.

Routers declare their success responses; `StatewideAPI.get_openapi_schema` adds the rest here, in
one place, so a new router is documented the same way without repeating it:

- 400 (invalid input) on operations that take parameters or a body;
- 401 and 403 on every operation (signed-in callers and permissions; anonymous calls see public data);
- 404 on operations with any parameter or body (a path, a query such as `state=` or a body may name
  an object that does not exist or is not visible);
- 413 (request body too large) on operations with a body;
- 429 (rate limited) on operations that write (POST, PUT, PATCH, DELETE).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from statewide.api.errors import ErrorEnvelope
from statewide.api.pagination import MAX_LIMIT

ERROR_SCHEMA = "ErrorEnvelope"
ERROR_MEANINGS = {
    "400": _("Invalid input: `error.fields` names each field (or JSON path) and its problems."),
    "401": _("Sign-in or an API token is required."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("No such object, or not visible to you."),
    "413": _("The request body is larger than the limit."),
    "429": _("Too many requests: wait and try again."),
}
WRITES = {"post", "put", "patch", "delete"}


def _error_codes(method: str, operation: dict[str, Any]) -> list[str]:
    params = operation.get("parameters", [])
    has_body = "requestBody" in operation
    codes = ["401", "403"]
    if params or has_body:
        codes.extend(["400", "404"])
    if has_body:
        codes.append("413")
    if method in WRITES:
        codes.append("429")
    return sorted(codes)


def document_errors_and_limits(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses and the `limit` range to every operation of `schema` (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    envelope = ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in envelope.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(ERROR_SCHEMA, envelope)
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code in _error_codes(method, operation):
                responses.setdefault(code, {"description": str(ERROR_MEANINGS[code]), "content": {"application/json": {"schema": ref}}})
            for param in operation.get("parameters", []):
                if param.get("name") == "limit" and param.get("in") == "query":
                    param["schema"] = {**param.get("schema", {}), "minimum": 1, "maximum": MAX_LIMIT}
                    param.setdefault("description", str(_("How many to return, 1 to %(max)s.") % {"max": MAX_LIMIT}))
    return schema


class StatewideAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return document_errors_and_limits(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
