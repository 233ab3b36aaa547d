"""VC Data Model 2.0 rules that JSON Schema and JSON-LD expansion do not catch by themselves."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from .documents import VC_V1, VC_V2

URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
# XML Schema dateTimeStamp-ish (the suite also accepts a missing offset)
DATETIME_RE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
TYPED = ("evidence", "credentialStatus", "termsOfUse", "refreshService", "credentialSchema", "proof")
LANGUAGE_KEYS = {"@value", "@language", "@direction"}


def is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(URL_RE.match(value))


def parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not DATETIME_RE.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def is_vc_v1(credential: dict[str, Any]) -> bool:
    context = credential.get("@context")
    return isinstance(context, list) and bool(context) and context[0] == VC_V1


def _language_problems(path: str, value: Any) -> list[str]:
    problems = []
    for item in _as_list(value):
        if isinstance(item, dict) and not set(item) <= LANGUAGE_KEYS:
            problems.append(f"{path}: a language value may only have @value, @language and @direction")
        elif not isinstance(item, dict | str):
            problems.append(f"{path}: must be text or a language value")
    return problems


def problems(credential: Any, *, require_issuer: bool = True) -> list[str]:
    """Every rule broken, as ``"$.path: message"``; empty when the shape is a VC."""
    if not isinstance(credential, dict):
        return ["$: a credential must be a JSON object"]
    found: list[str] = []
    context = credential.get("@context")
    if not isinstance(context, list) or not context:
        found.append("$['@context']: must be a list whose first item is the VC context")
    else:
        if context[0] not in (VC_V2, VC_V1):
            found.append(f"$['@context'][0]: must be {VC_V2}")
        for i, item in enumerate(context):
            if not (is_url(item) or isinstance(item, dict)):
                found.append(f"$['@context'][{i}]: must be a URL or a context object")
    types = credential.get("type")
    if types is None:
        found.append("$.type: required")
    elif not all(isinstance(t, str) for t in _as_list(types)) or "VerifiableCredential" not in _as_list(types):
        found.append("$.type: must include VerifiableCredential")
    if "id" in credential and not is_url(credential["id"]):
        found.append("$.id: must be one URL")
    issuer = credential.get("issuer")
    if issuer is None and (require_issuer or "issuer" in credential):
        found.append("$.issuer: required (a URL or an object with an id)")
    elif issuer is not None:
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        if not is_url(issuer_id):
            found.append("$.issuer: the issuer's id must be a URL")
        if isinstance(issuer, dict):
            for key in ("name", "description"):
                if key in issuer:
                    found += _language_problems(f"$.issuer.{key}", issuer[key])
    subjects = credential.get("credentialSubject")
    if subjects is None:
        found.append("$.credentialSubject: required")
    else:
        for i, subject in enumerate(_as_list(subjects)):
            if not isinstance(subject, dict) or not subject:
                found.append(f"$.credentialSubject[{i}]: must be an object with at least one claim")
            elif "id" in subject and not is_url(subject["id"]):
                found.append(f"$.credentialSubject[{i}].id: must be one URL")
    for key in ("name", "description"):
        if key in credential:
            found += _language_problems(f"$.{key}", credential[key])
    for key in TYPED:
        for i, item in enumerate(_as_list(credential.get(key, []))):
            path = f"$.{key}[{i}]"
            if not isinstance(item, dict):
                found.append(f"{path}: must be an object")
                continue
            kinds = item.get("type")
            if kinds is None or not all(isinstance(t, str) for t in _as_list(kinds)):
                found.append(f"{path}.type: required text")
            if "id" in item and not is_url(item["id"]):
                found.append(f"{path}.id: must be one URL")
            if key == "credentialSchema" and "id" not in item:
                found.append(f"{path}.id: required")
    valid_from = credential.get("validFrom", credential.get("issuanceDate"))
    valid_until = credential.get("validUntil", credential.get("expirationDate"))
    start = parse_datetime(valid_from) if valid_from is not None else None
    end = parse_datetime(valid_until) if valid_until is not None else None
    if valid_from is not None and start is None:
        found.append("$.validFrom: must be an XML Schema date-time")
    if valid_until is not None and end is None:
        found.append("$.validUntil: must be an XML Schema date-time")
    if start and end and end < start:
        found.append("$.validUntil: must not be before validFrom")
    return found
