"""Ed25519 public keys as Multikey (multicodec 0xed01, base58btc ``z``) and did:key."""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class KeyFormatError(ValueError):
    pass


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def encode_public(key: Ed25519PublicKey | bytes) -> str:
    raw = key if isinstance(key, bytes) else public_key_bytes(key)
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + raw).decode("ascii")


def decode_public(multibase: str) -> Ed25519PublicKey:
    if not multibase.startswith("z"):
        raise KeyFormatError("Multikey must be base58btc ('z' prefix)")
    try:
        data = base58.b58decode(multibase[1:])
    except ValueError as exc:
        raise KeyFormatError("Multikey is not base58btc") from exc
    if len(data) != 34 or not data.startswith(ED25519_PUB_PREFIX):
        raise KeyFormatError("Multikey is not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def private_from_seed(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed[:32])


def did_key(key: Ed25519PublicKey) -> str:
    return "did:key:" + encode_public(key)


def key_from_did_key(did: str) -> Ed25519PublicKey:
    body = did.removeprefix("did:key:").split("#", 1)[0]
    return decode_public(body)
