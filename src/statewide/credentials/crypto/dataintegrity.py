"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa).

Canonical form: RDFC-1.0 (pyld's URDNA2015, the same algorithm) of the JSON-LD document expanded
with the shipped contexts only. Hash data = SHA-256(canonical proof config) || SHA-256(canonical
document); the signature is Ed25519 over it, encoded base58btc with the multibase ``z`` prefix.
The same steps verify the pre-recommendation name ``eddsa-2022`` and ``Ed25519Signature2020``.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from .documents import document_loader

CRYPTOSUITE = "eddsa-rdfc-2022"
EDDSA_SUITES = {"eddsa-rdfc-2022", "eddsa-2022"}


class CanonicalizationError(ValueError):
    """The document is not safe JSON-LD (a term is undefined, a context is missing, …)."""


def _safe_processor(dropped: list[str]) -> jsonld.JsonLdProcessor:
    return jsonld.JsonLdProcessor(on_property_dropped=lambda p: dropped.append(str(p)))


def canonicalize(document: dict[str, Any], *, loader=document_loader) -> str:
    """RDFC-1.0 canonical N-Quads; refuses terms the contexts do not define ("safe mode")."""
    dropped: list[str] = []
    processor = _safe_processor(dropped)
    try:
        expanded = processor.expand(document, {"documentLoader": loader})
        _check_types(expanded)
        nquads = processor.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": loader,
            },
        )
    except jsonld.JsonLdError as exc:
        raise CanonicalizationError(_jsonld_message(exc)) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # pyld fails this way on some invalid contexts
        raise CanonicalizationError(f"Invalid JSON-LD ({exc.__class__.__name__})") from exc
    if dropped:
        raise CanonicalizationError("Terms not defined by any context: " + ", ".join(sorted(set(dropped))))
    return nquads


def _jsonld_message(exc: jsonld.JsonLdError) -> str:
    parts = [str(getattr(exc, "message", exc)).split("\n")[0]]
    cause = exc.__cause__
    while cause is not None:
        parts.append(str(getattr(cause, "message", cause)).split("\n")[0])
        cause = cause.__cause__
    return "; ".join(parts)


def _check_types(node: Any) -> None:
    """Every @type must expand to an absolute IRI (relative types are undefined terms)."""
    if isinstance(node, list):
        for item in node:
            _check_types(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type" and "@value" not in node:
                for type_ in value if isinstance(value, list) else [value]:
                    if not isinstance(type_, str) or ":" not in type_ or " " in type_:
                        raise CanonicalizationError(f"Type not defined by any context: {type_}")
            elif key != "@value":
                _check_types(value)


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class HashData:
    document_canonical: str
    proof_canonical: str

    @property
    def value(self) -> bytes:
        return _sha256(self.proof_canonical) + _sha256(self.document_canonical)


def unsecured(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}


def proof_config_canonical(document: dict[str, Any], proof_options: dict[str, Any], *, loader=document_loader) -> str:
    """The canonical proof configuration: the proof without ``proofValue``, in the document's @context."""
    config = {k: v for k, v in proof_options.items() if k != "proofValue"}
    config["@context"] = document.get("@context")
    return canonicalize(config, loader=loader)


def hash_data(document: dict[str, Any], proof_options: dict[str, Any], *, loader=document_loader) -> HashData:
    return HashData(
        document_canonical=canonicalize(unsecured(document), loader=loader),
        proof_canonical=proof_config_canonical(document, proof_options, loader=loader),
    )


def sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
    loader=document_loader,
) -> dict[str, Any]:
    """Return a copy of ``document`` with an ``eddsa-rdfc-2022`` proof appended (``proof`` is a list)."""
    options = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    data = hash_data(document, options, loader=loader)
    proof = dict(options, proofValue="z" + base58.b58encode(private_key.sign(data.value)).decode("ascii"))
    signed = copy.deepcopy({k: v for k, v in document.items() if k != "proof"})
    existing = document.get("proof")
    proofs = [] if existing is None else (existing if isinstance(existing, list) else [existing])
    signed["proof"] = [*copy.deepcopy(proofs), proof]
    return signed


class ProofError(ValueError):
    pass


class TamperedError(ProofError):
    """The proof is well formed but a signature does not verify: the document or proof was changed."""


def check_proof_context(document: dict[str, Any], proof: dict[str, Any]) -> None:
    """A proof's own @context, when present, must be the start of the document's."""
    proof_context = proof.get("@context")
    if proof_context is None:
        return
    doc_context = document.get("@context")
    doc_list = doc_context if isinstance(doc_context, list) else [doc_context]
    proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
    if doc_list[: len(proof_list)] != proof_list:
        raise ProofError("The proof's @context does not match the document's")


def decode_proof_value(proof_value: Any) -> bytes:
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise ProofError("proofValue is not base58btc multibase")
    try:
        return base58.b58decode(proof_value[1:])
    except ValueError as exc:
        raise ProofError("proofValue is not base58btc") from exc


def verify_proof(
    document: dict[str, Any],
    proof: dict[str, Any],
    *,
    public_key: Any,
    loader=document_loader,
) -> None:
    """Raise ``ProofError`` (or ``CanonicalizationError``) unless ``proof`` signs ``document``."""
    kind = proof.get("type")
    if kind == "DataIntegrityProof":
        if proof.get("cryptosuite") not in EDDSA_SUITES:
            raise ProofError(f"Unsupported cryptosuite: {proof.get('cryptosuite')}")
    elif kind != "Ed25519Signature2020":
        raise ProofError(f"Unsupported proof type: {kind}")
    if not isinstance(public_key, Ed25519PublicKey):
        raise ProofError(f"{proof.get('cryptosuite') or kind} needs an Ed25519 key; the verification method is another kind")
    signature = decode_proof_value(proof.get("proofValue"))
    check_proof_context(document, proof)
    data = hash_data(document, proof, loader=loader)
    try:
        public_key.verify(signature, data.value)
    except InvalidSignature as exc:
        raise TamperedError("The signature does not verify") from exc
