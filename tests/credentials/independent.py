"""A verifier we did not write: Oxigraph (Rust) parses the JSON-LD and canonicalizes with
RDFC-1.0, PyNaCl (libsodium) checks the Ed25519 signature, PyJWT checks VC-JWTs.
Only the contexts are shared (inlined from the shipped copies; Oxigraph loads no URLs)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import base58
import jwt
import pyoxigraph as ox
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nacl.signing import VerifyKey

from statewide.credentials.crypto.documents import context_document


def _inline(document: dict[str, Any]) -> dict[str, Any]:
    context = document["@context"]
    items = context if isinstance(context, list) else [context]
    return {**document, "@context": [context_document(c)["@context"] if isinstance(c, str) else c for c in items]}


def canonical(document: dict[str, Any]) -> str:
    dataset = ox.Dataset(ox.parse(json.dumps(_inline(document)), ox.RdfFormat.JSON_LD))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line))


def verify_data_integrity(credential: dict[str, Any], public_key: bytes) -> bool:
    """True when the (single) eddsa-rdfc-2022 proof verifies."""
    (proof,) = credential["proof"]
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured["@context"]
    data = hashlib.sha256(canonical(config).encode()).digest() + hashlib.sha256(canonical(unsecured).encode()).digest()
    try:
        VerifyKey(public_key).verify(data, base58.b58decode(proof["proofValue"][1:]))
    except Exception:
        return False
    return True


def verify_jwt(token: str, public_key: bytes) -> dict[str, Any]:
    return jwt.decode(token, Ed25519PublicKey.from_public_bytes(public_key), algorithms=["EdDSA"], options={"verify_aud": False})
