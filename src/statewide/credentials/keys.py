"""Issuer keys and identities: Ed25519 keys encrypted at rest, did:web DIDs, DID documents and
OB 3.0 Profiles. Pure functions over model instances (no queries)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from statewide.credentials.crypto.multikey import decode_public, encode_public, public_key_bytes

if TYPE_CHECKING:
    from statewide.credentials.models import Issuer, IssuerKey

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


class KeyDecryptionError(Exception):
    """The private key cannot be decrypted with the configured secret (it changed?)."""


def fernet_for(secret: str) -> Fernet:
    """The Fernet of a CREDENTIALS_KEY_SECRET value; empty: derived from SECRET_KEY (development only).
    A value that is not a Fernet key raises ValueError."""
    if secret:
        return Fernet(secret.encode("ascii"))
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"statewide credentials issuer keys").derive(settings.SECRET_KEY.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> Fernet:
    return fernet_for(getattr(settings, "CREDENTIALS_KEY_SECRET", ""))


def reencrypt(encrypted: bytes, *, old_secret: str) -> bytes:
    """A private key encrypted under ``old_secret`` (or already under the current one), encrypted
    under the current CREDENTIALS_KEY_SECRET. Raises KeyDecryptionError if neither opens it."""
    try:
        return MultiFernet([_fernet(), fernet_for(old_secret)]).rotate(encrypted)
    except InvalidToken as exc:
        raise KeyDecryptionError("The issuer key opens with neither the old nor the current secret") from exc


def new_key_pair() -> tuple[Ed25519PrivateKey, str, bytes]:
    """A fresh key: the private key, its Multikey public form, and the encrypted private bytes."""
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return private, encode_public(private.public_key()), _fernet().encrypt(raw)


def private_key_of(key: IssuerKey) -> Ed25519PrivateKey:
    try:
        raw = _fernet().decrypt(bytes(key.private_encrypted))
    except InvalidToken as exc:
        raise KeyDecryptionError("The issuer key cannot be decrypted with CREDENTIALS_KEY_SECRET") from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


def decode_public_raw(multibase: str) -> bytes:
    return public_key_bytes(decode_public(multibase))


def site_host() -> str:
    return urlsplit(settings.SITE_URL).netloc


def issuer_did(issuer: Issuer) -> str:
    """did:web of an issuer: did:web:<host, ':' as %3A>:credentials:issuers:<slug>."""
    return f"did:web:{quote(site_host(), safe='')}:credentials:issuers:{issuer.slug}"


def issuer_slug_from_did(did: str) -> str | None:
    """The slug when ``did`` is one of this site's issuer DIDs, else None."""
    parts = did.split(":")
    if len(parts) != 6 or parts[:2] != ["did", "web"] or parts[3:5] != ["credentials", "issuers"]:
        return None
    if unquote(parts[2]) != site_host():
        return None
    return parts[5]


def verification_method(issuer: Issuer, key: IssuerKey) -> str:
    return f"{issuer_did(issuer)}#{key.public_multibase}"


def did_document(issuer: Issuer, keys: list[IssuerKey]) -> dict[str, Any]:
    """The DID document served at /credentials/issuers/<slug>/did.json: every key, old ones too."""
    did = issuer_did(issuer)
    methods = [{"id": f"{did}#{k.public_multibase}", "type": "Multikey", "controller": did, "publicKeyMultibase": k.public_multibase} for k in keys]
    return {
        "@context": DID_CONTEXT,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def profile(issuer: Issuer) -> dict[str, Any]:
    """The issuer as an OB 3.0 Profile (embedded in every credential it issues)."""
    data: dict[str, Any] = {"id": issuer_did(issuer), "type": ["Profile"], "name": issuer.name}
    if issuer.url:
        data["url"] = issuer.url
    if issuer.email:
        data["email"] = issuer.email
    if issuer.description:
        data["description"] = issuer.description
    if issuer.image_type:
        data["image"] = {"id": f"{settings.SITE_URL}/credentials/issuers/{issuer.slug}/image", "type": "Image", "caption": issuer.name}
    return data
