"""Public keys as Multikey (base58btc ``z`` + multicodec prefix) and did:key.

Ed25519 (multicodec 0xed01, ``z6Mk…``) is what this platform issues with; P-256 (multicodec
0x1200, compressed SEC1 point, ``zDn…``) is read so ``ecdsa-sd-2023`` proofs of other issuers verify.
"""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
P256_PUB_PREFIX = b"\x80\x24"  # varint of multicodec 0x1200 (p256-pub)

PublicKey = Ed25519PublicKey | ec.EllipticCurvePublicKey


class KeyFormatError(ValueError):
    pass


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def encode_public(key: Ed25519PublicKey | bytes) -> str:
    raw = key if isinstance(key, bytes) else public_key_bytes(key)
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + raw).decode("ascii")


def _multibase_bytes(multibase: str) -> bytes:
    if not multibase.startswith("z"):
        raise KeyFormatError("Multikey must be base58btc ('z' prefix)")
    try:
        return base58.b58decode(multibase[1:])
    except ValueError as exc:
        raise KeyFormatError("Multikey is not base58btc") from exc


def decode_public(multibase: str) -> Ed25519PublicKey:
    data = _multibase_bytes(multibase)
    if len(data) != 34 or not data.startswith(ED25519_PUB_PREFIX):
        raise KeyFormatError("Multikey is not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def p256_from_multicodec(data: bytes) -> ec.EllipticCurvePublicKey:
    """A P-256 key from its multicodec bytes (0x80 0x24 + the 33-byte compressed point)."""
    if len(data) != 35 or not data.startswith(P256_PUB_PREFIX):
        raise KeyFormatError("Multikey is not a compressed P-256 public key")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data[2:])
    except ValueError as exc:
        raise KeyFormatError("Multikey is not a point on P-256") from exc


def decode_multikey(multibase: str) -> PublicKey:
    """An Ed25519 or P-256 public key from its Multikey."""
    data = _multibase_bytes(multibase)
    if data.startswith(P256_PUB_PREFIX):
        return p256_from_multicodec(data)
    return decode_public(multibase)


def private_from_seed(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed[:32])


def did_key(key: Ed25519PublicKey) -> str:
    return "did:key:" + encode_public(key)


def key_from_did_key(did: str) -> PublicKey:
    body = did.removeprefix("did:key:").split("#", 1)[0]
    return decode_multikey(body)
