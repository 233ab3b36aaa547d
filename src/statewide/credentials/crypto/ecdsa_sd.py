"""Verification of ``ecdsa-sd-2023`` derived proofs (W3C Data Integrity ECDSA Cryptosuites v1.0, §3.4).

A holder derives a selectively disclosed credential from the issuer's base proof. The derived
``proofValue`` is multibase base64url (``u``) of the header ``d9 5d 01`` and a CBOR array:
the issuer's base signature, the ephemeral public key (P-256 Multikey bytes), one signature per
disclosed non-mandatory N-Quad, the compressed label map and the indexes of the mandatory N-Quads.

To verify: canonicalize the disclosed document with RDFC-1.0 (the same canonicalization as
``eddsa-rdfc-2022``), rename each canonical blank node with the label map (back to the issuer's
HMAC-derived labels) and sort; the N-Quads at the mandatory indexes are hashed (SHA-256 of their
concatenation). The base signature (issuer's P-256 key) covers SHA-256(canonical proof options) ||
ephemeral key || mandatory hash; each other N-Quad is signed with the ephemeral key. All signatures
are ECDSA P-256 with SHA-256, encoded as raw r||s. Base proofs (header ``d9 5d 00``) are the
holder's and are not verified here; nor is issuing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pyld.jsonld import JsonLdError, JsonLdProcessor

from . import dataintegrity
from .documents import document_loader
from .multikey import KeyFormatError, p256_from_multicodec

CRYPTOSUITE = "ecdsa-sd-2023"
DERIVED_HEADER = b"\xd9\x5d\x01"
BASE_HEADER = b"\xd9\x5d\x00"


def _error(message: str) -> dataintegrity.ProofError:
    return dataintegrity.ProofError(f"{CRYPTOSUITE}: {message}")


def _tampered(message: str) -> dataintegrity.TamperedError:
    return dataintegrity.TamperedError(f"{CRYPTOSUITE}: {message}")


@dataclass(frozen=True)
class DerivedProof:
    base_signature: bytes
    public_key: bytes  # Multikey bytes of the ephemeral P-256 key (0x80 0x24 + compressed point)
    signatures: list[bytes]
    label_map: dict[str, str]  # canonical label (c14nN) -> the issuer's label (u…)
    mandatory_indexes: list[int]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def parse_derived_proof_value(proof_value: Any) -> DerivedProof:
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise _error("proofValue is not multibase base64url ('u' prefix)")
    body = proof_value[1:]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _error("proofValue is not base64url") from exc
    if raw.startswith(BASE_HEADER):
        raise _error("proofValue is a base proof, which only the holder receives; a verifier needs a derived proof")
    if not raw.startswith(DERIVED_HEADER):
        raise _error("proofValue does not start with the derived-proof header d9 5d 01")
    try:
        components = cbor2.loads(raw[len(DERIVED_HEADER) :])
    except (cbor2.CBORError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise _error("proofValue is not valid CBOR") from exc
    if not isinstance(components, list) or len(components) != 5:
        raise _error("proofValue must hold five components")
    base_signature, public_key, signatures, compressed, indexes = components
    if not isinstance(base_signature, bytes) or len(base_signature) != 64:
        raise _error("the base signature must be 64 bytes")
    if not isinstance(public_key, bytes) or len(public_key) != 35:
        raise _error("the ephemeral public key must be 35 bytes (P-256 Multikey)")
    if not isinstance(signatures, list) or not all(isinstance(s, bytes) and len(s) == 64 for s in signatures):
        raise _error("signatures must be a list of 64-byte signatures")
    if not isinstance(compressed, dict) or not all(
        isinstance(k, int) and not isinstance(k, bool) and k >= 0 and isinstance(v, bytes) for k, v in compressed.items()
    ):
        raise _error("the label map must map integers to bytes")
    if not isinstance(indexes, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in indexes):
        raise _error("the mandatory indexes must be a list of integers")
    label_map = {f"c14n{k}": "u" + _b64url(v) for k, v in compressed.items()}
    return DerivedProof(base_signature, public_key, signatures, label_map, indexes)


def relabel(canonical_nquads: str, label_map: dict[str, str]) -> list[str]:
    """Canonical N-Quads with each blank node renamed by ``label_map``, sorted (one string a line)."""

    def rename(term: dict[str, Any]) -> dict[str, Any]:
        if term.get("type") != "blank node":
            return term
        label = str(term["value"]).removeprefix("_:")
        if label not in label_map:
            raise _tampered(f"the label map has no label for blank node _:{label}: the proof does not verify")
        return {**term, "value": "_:" + label_map[label]}

    lines = []
    for line in canonical_nquads.splitlines():
        if "_:" not in line:  # no blank node: the canonical line as it is
            lines.append(line + "\n")
            continue
        try:
            parsed = JsonLdProcessor.parse_nquads(line + "\n")
        except JsonLdError as exc:
            raise _error(f"a canonical statement cannot be read: {line[:80]}") from exc
        for graph, triples in parsed.items():
            for triple in triples:
                renamed = {part: rename(triple[part]) for part in ("subject", "predicate", "object")}
                graph_name = None if graph == "@default" else rename({"type": "blank node" if graph.startswith("_:") else "IRI", "value": graph})["value"]
                lines.append(JsonLdProcessor.to_nquad(renamed, graph_name))
    return sorted(lines)


@dataclass(frozen=True)
class VerifyData:
    proof_hash: bytes
    mandatory_hash: bytes
    non_mandatory: list[str]


def create_verify_data(document: dict[str, Any], proof: dict[str, Any], derived: DerivedProof, *, loader=document_loader) -> VerifyData:
    proof_hash = hashlib.sha256(dataintegrity.proof_config_canonical(document, proof, loader=loader).encode("utf-8")).digest()
    nquads = relabel(dataintegrity.canonicalize(dataintegrity.unsecured(document), loader=loader), derived.label_map)
    indexes = derived.mandatory_indexes
    if len(set(indexes)) != len(indexes):
        raise _tampered("a mandatory index is repeated: the proof does not verify")
    outside = [i for i in indexes if not 0 <= i < len(nquads)]
    if outside:
        raise _tampered(f"mandatory index {outside[0]} is out of range ({len(nquads)} statements): the proof does not verify")
    chosen = set(indexes)
    mandatory = "".join(nq for i, nq in enumerate(nquads) if i in chosen)
    return VerifyData(
        proof_hash=proof_hash,
        mandatory_hash=hashlib.sha256(mandatory.encode("utf-8")).digest(),
        non_mandatory=[nq for i, nq in enumerate(nquads) if i not in chosen],
    )


def _ecdsa_ok(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        key.verify(der, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def verify_proof(document: dict[str, Any], proof: dict[str, Any], *, public_key: Any, loader=document_loader) -> str:
    """Raise ``ProofError`` (``TamperedError`` when a signature fails) or ``CanonicalizationError``
    unless ``proof`` is a valid ``ecdsa-sd-2023`` derived proof of ``document`` by ``public_key``;
    return what was verified, in words."""
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise _error("the proof must be a DataIntegrityProof with cryptosuite ecdsa-sd-2023")
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or not isinstance(public_key.curve, ec.SECP256R1):
        raise _error("the issuer's verification method must be a P-256 key")
    dataintegrity.check_proof_context(document, proof)
    derived = parse_derived_proof_value(proof.get("proofValue"))
    try:
        ephemeral = p256_from_multicodec(derived.public_key)
    except KeyFormatError as exc:
        raise _error(f"the ephemeral public key is unreadable ({exc})") from exc
    data = create_verify_data(document, proof, derived, loader=loader)
    if len(derived.signatures) != len(data.non_mandatory):
        raise _tampered(f"{len(derived.signatures)} signatures for {len(data.non_mandatory)} selectively disclosed statements: the proof does not verify")
    if not _ecdsa_ok(public_key, derived.base_signature, data.proof_hash + derived.public_key + data.mandatory_hash):
        raise _tampered("the base signature does not verify (the proof options, the mandatory statements or the ephemeral key were changed)")
    for number, (signature, nquad) in enumerate(zip(derived.signatures, data.non_mandatory, strict=True), start=1):
        if not _ecdsa_ok(ephemeral, signature, nquad.encode("utf-8")):
            shown = nquad.strip() if len(nquad) <= 160 else nquad[:157] + "…"
            raise _tampered(f"the signature of disclosed statement {number} does not verify: {shown}")
    mandatory = len(derived.mandatory_indexes)
    return f"{CRYPTOSUITE}: base signature and {len(data.non_mandatory)} selectively disclosed statements verify ({mandatory} mandatory)"
