"""Test helper: an ``ecdsa-sd-2023`` derived proof that discloses every statement, made directly
(what a holder's derivation yields when nothing is withheld), so the product's own key resolver can
be exercised with a P-256 ``did:key`` issuer. It follows W3C "Data Integrity ECDSA Cryptosuites
v1.0" §3.4 independently of the verifier's relabelling code; the verifier itself is checked against
1EdTech's and W3C's documents in test_ecdsa_sd.py. Not product code: we do not issue this suite."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any

import base58
import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from statewide.credentials.crypto import dataintegrity, ecdsa_sd, multikey


def p256_multikey(key: ec.EllipticCurvePublicKey) -> bytes:
    return multikey.P256_PUB_PREFIX + key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)


def p256_did_key(key: ec.EllipticCurvePublicKey) -> str:
    return "did:key:z" + base58.b58encode(p256_multikey(key)).decode("ascii")


def _raw_signature(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def derive_all(
    document: dict[str, Any], *, issuer_key: ec.EllipticCurvePrivateKey, mandatory: list[int], created: str = "2026-01-01T00:00:00Z"
) -> dict[str, Any]:
    did = p256_did_key(issuer_key.public_key())
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": ecdsa_sd.CRYPTOSUITE,
        "created": created,
        "verificationMethod": f"{did}#{did.removeprefix('did:key:')}",
        "proofPurpose": "assertionMethod",
    }
    canonical = dataintegrity.canonicalize(dataintegrity.unsecured(document))
    hmac_key = bytes(range(32))
    labels = {m: hmac.new(hmac_key, m.encode(), hashlib.sha256).digest() for m in set(re.findall(r"_:(c14n\d+)", canonical))}
    nquads = sorted(
        re.sub(r"_:(c14n\d+)", lambda m: "_:u" + base64.urlsafe_b64encode(labels[m[1]]).rstrip(b"=").decode(), line) + "\n" for line in canonical.splitlines()
    )
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    public = p256_multikey(ephemeral.public_key())
    proof_hash = hashlib.sha256(dataintegrity.proof_config_canonical(document, proof).encode()).digest()
    mandatory_hash = hashlib.sha256("".join(nquads[i] for i in mandatory).encode()).digest()
    parts = [
        _raw_signature(issuer_key, proof_hash + public + mandatory_hash),
        public,
        [_raw_signature(ephemeral, nq.encode()) for i, nq in enumerate(nquads) if i not in mandatory],
        {int(label.removeprefix("c14n")): value for label, value in labels.items()},
        mandatory,
    ]
    value = base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + cbor2.dumps(parts)).rstrip(b"=").decode()
    return {**dataintegrity.unsecured(document), "proof": [{**proof, "proofValue": "u" + value}]}
