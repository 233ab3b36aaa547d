"""VC-JWT as in W3C VC-JOSE-COSE: a compact JWS whose payload is the credential itself.

Header: ``alg`` EdDSA, ``kid`` the verification method, ``typ`` ``vc+jwt``, ``cty`` ``vc``.
Reading also accepts the older VC 1.1 JWT shape (credential under the ``vc`` claim).
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, OKPKey
from joserfc.util import urlsafe_b64decode

ALGORITHMS = ["EdDSA", "Ed25519", "RS256", "ES256"]


class _Registry(jws.JWSRegistry):
    max_header_length = 8192  # a header may embed an RSA "jwk"
    max_payload_length = 1_000_000


REGISTRY = _Registry(algorithms=ALGORITHMS, strict_check_header=False)


class JwtError(ValueError):
    pass


def looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and all(parts[:2]) and "{" not in text


def sign(credential: dict[str, Any], *, private_key: Ed25519PrivateKey, kid: str) -> str:
    header = {"alg": "EdDSA", "kid": kid, "typ": "vc+jwt", "cty": "vc"}
    payload = json.dumps(credential, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc flags "EdDSA" after RFC 9864; VC-JOSE-COSE still names it
        return jws.serialize_compact(header, payload, OKPKey.import_key(private_key), registry=REGISTRY)


def unverified_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload without checking the signature (to find the key and the issuer)."""
    try:
        head, body, _sig = token.strip().split(".")
        header = json.loads(urlsafe_b64decode(head.encode("ascii")))
        payload = json.loads(urlsafe_b64decode(body.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise JwtError("Not a compact JWS") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise JwtError("JWS header and payload must be JSON objects")
    return header, payload


def credential_of(payload: dict[str, Any]) -> dict[str, Any]:
    """The credential in a VC-JWT payload (VC 2.0: the payload; VC 1.1: the ``vc`` claim)."""
    vc = payload.get("vc")
    return vc if isinstance(vc, dict) else payload


def verify(token: str, *, public_key: Any) -> dict[str, Any]:
    """Check the signature with ``public_key`` (Ed25519 or P-256 key, or a JWK dict); return the payload."""
    if isinstance(public_key, Ed25519PublicKey):
        key: Any = OKPKey.import_key(public_key)
    elif isinstance(public_key, EllipticCurvePublicKey):
        key = ECKey.import_key(public_key)
    elif isinstance(public_key, dict):
        key = KeySet.import_key_set({"keys": [public_key]}).keys[0]
    else:
        key = public_key
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = jws.deserialize_compact(token.strip(), key, registry=REGISTRY)
    except (JoseError, ValueError) as exc:
        raise JwtError(f"The JWT signature does not verify ({exc.__class__.__name__})") from exc
    try:
        payload = json.loads(obj.payload)
    except ValueError as exc:
        raise JwtError("The JWT payload is not JSON") from exc
    if not isinstance(payload, dict):
        raise JwtError("The JWT payload is not a JSON object")
    return payload
