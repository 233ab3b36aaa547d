"""Offline JSON-LD document loader: only the contexts shipped with the package are ever loaded."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXT_DIR = Path(__file__).parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
STATUS_LIST_V1 = "https://www.w3.org/ns/credentials/status/v1"

# URL -> shipped file (copies of the publishers' documents; see contexts/SOURCES.md)
CONTEXTS: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    VC_V1: "credentials-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.jsonld",
    STATUS_LIST_V1: "vc-bitstring-status-list-v1.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0-context-legacy.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld": "ob-v3p0-context-legacy.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
}


class UnknownContextError(Exception):
    """A document referred to a context we do not ship (we never fetch one)."""


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((CONTEXT_DIR / name).read_text(encoding="utf-8"))


def context_document(url: str) -> dict[str, Any]:
    name = CONTEXTS.get(url)
    if name is None:
        raise UnknownContextError(url)
    return _load(name)


def make_loader(extra: dict[str, dict[str, Any]] | None = None):
    """A pyld document loader over the shipped contexts (plus ``extra`` URL -> document)."""

    def loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if extra and url in extra:
            document = extra[url]
        else:
            try:
                document = context_document(url)
            except UnknownContextError as exc:
                raise jsonld.JsonLdError(
                    f"Context not available offline: {url}",
                    "jsonld.LoadDocumentError",
                    code="loading document failed",
                ) from exc
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return loader


document_loader = make_loader()
