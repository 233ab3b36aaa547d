"""Open Badges 3.0 / Verifiable Credentials 2.0 cryptography, with no Django dependency.

- ``documents``: the offline JSON-LD document loader over the contexts shipped in ``contexts/``.
- ``multikey``: Ed25519 (``z6Mk…``) and P-256 (``zDn…``) keys as Multikey, and ``did:key``.
- ``dataintegrity``: ``eddsa-rdfc-2022`` Data Integrity proofs (RDFC-1.0 canonicalization).
- ``ecdsa_sd``: verification of ``ecdsa-sd-2023`` derived (selective disclosure) proofs.
- ``vcjwt``: VC-JOSE-COSE compact JWS (EdDSA).
- ``schema``: 1EdTech's JSON Schema for OpenBadgeCredential.
- ``datamodel``: VC Data Model 2.0 rules (shapes JSON Schema does not express).
- ``statuslist``: Bitstring Status List encode/decode.
- ``baking``: OB 3.0 baked PNG and SVG images.
- ``verify``: the verifier that reports each check.
"""
