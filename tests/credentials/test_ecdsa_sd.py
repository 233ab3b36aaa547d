"""``ecdsa-sd-2023`` derived proofs: two documents signed elsewhere verify, and each kind of
tampering fails the ``signature`` check with a message that names the cryptosuite and the part.

Documents: 1EdTech's validator fixture ``sd/derivedcredential.json`` (no mandatory statements, one
blank node) and the W3C "Data Integrity ECDSA Cryptosuites v1.0" test vector
``TestVectors/ecdsa-sd-2023/derivedRevealDocument.json`` (w3c/vc-di-ecdsa, commit a721435;
14 mandatory statements, six blank nodes), copied in ``vectors/``.
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.credentials.crypto import dataintegrity, ecdsa_sd, multikey
from statewide.credentials.crypto.verify import FragmentKeyResolver, Verdict, verify

from . import sd_derive
from .conftest import FIXTURES, read_json

BADGE = read_json(FIXTURES / "sd" / "derivedcredential.json")
W3C = read_json(Path(__file__).parent / "vectors" / "ecdsa-sd-2023-derived-reveal.json")


def proof_of(document: dict[str, Any]) -> dict[str, Any]:
    proof = document["proof"]
    return proof[0] if isinstance(proof, list) else proof


def components(document: dict[str, Any]) -> list[Any]:
    value = proof_of(document)["proofValue"][1:]
    return cbor2.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))[3:])


def with_components(document: dict[str, Any], parts: list[Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    encoded = base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + cbor2.dumps(parts)).rstrip(b"=").decode()
    proof_of(changed)["proofValue"] = "u" + encoded
    return changed


def flip(data: bytes, at: int = 10) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def check(document: dict[str, Any]) -> Verdict:
    expect = "badge" if "OpenBadgeCredential" in document["type"] else "any"
    return verify(document, keys=FragmentKeyResolver(), expect=expect)


def signature_message(verdict: Verdict) -> str:
    (found,) = [c for c in verdict.checks if c.name == "signature"]
    assert not found.passed, verdict.as_dict()
    assert found.message.startswith("ecdsa-sd-2023: "), found.message
    return found.message


@pytest.mark.parametrize(("document", "disclosed", "mandatory"), [(BADGE, 15, 0), (W3C, 6, 14)], ids=["1edtech", "w3c"])
def test_derived_documents_verify_and_name_the_cryptosuite(document, disclosed, mandatory):
    verdict = check(document)
    assert verdict.verified, verdict.as_dict()
    (found,) = [c for c in verdict.checks if c.name == "signature"]
    assert found.message == f"ecdsa-sd-2023: base signature and {disclosed} selectively disclosed statements verify ({mandatory} mandatory)"


def test_a_changed_disclosed_value_fails_its_statement_signature():
    changed = copy.deepcopy(BADGE)
    changed["credentialSubject"]["achievement"]["name"] = "Leadership"
    verdict = check(changed)
    assert verdict.status == "tampered"
    message = signature_message(verdict)
    assert "signature of disclosed statement" in message and '"Leadership"' in message


def test_a_changed_mandatory_value_fails_the_base_signature():
    changed = copy.deepcopy(W3C)
    changed["credentialSubject"]["sailNumber"] = "Mars101"
    verdict = check(changed)
    assert verdict.status == "tampered"
    assert "the base signature does not verify" in signature_message(verdict)


def test_changed_proof_options_fail_the_base_signature():
    changed = copy.deepcopy(BADGE)
    proof_of(changed)["created"] = "2011-01-01T19:23:24Z"
    assert "the base signature does not verify" in signature_message(check(changed))


def test_a_changed_statement_signature_fails():
    parts = components(BADGE)
    parts[2][2] = flip(parts[2][2])
    verdict = check(with_components(BADGE, parts))
    assert verdict.status == "tampered"
    assert "the signature of disclosed statement 3 does not verify" in signature_message(verdict)


def test_a_changed_base_signature_fails():
    parts = components(W3C)
    parts[0] = flip(parts[0])
    verdict = check(with_components(W3C, parts))
    assert verdict.status == "tampered"
    assert "the base signature does not verify" in signature_message(verdict)


def test_another_ephemeral_key_fails_the_base_signature():
    parts = components(BADGE)
    parts[1] = components(W3C)[1]
    assert "the base signature does not verify" in signature_message(check(with_components(BADGE, parts)))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda idx: idx[:-1], "6 signatures for 7 selectively disclosed statements"),  # one fewer mandatory
        (lambda idx: [*idx[:-1], 3], "the base signature does not verify"),  # another statement made mandatory
        (lambda idx: [*idx, 99], "mandatory index 99 is out of range (20 statements)"),
        (lambda idx: [*idx, idx[0]], "a mandatory index is repeated"),
    ],
    ids=["removed", "replaced", "out-of-range", "repeated"],
)
def test_changed_mandatory_indexes_fail(change, expected):
    parts = components(W3C)
    parts[4] = change(parts[4])
    if expected.startswith("the base"):
        assert 3 not in components(W3C)[4]
    verdict = check(with_components(W3C, parts))
    assert verdict.status == "tampered"
    assert expected in signature_message(verdict)


def test_changed_label_maps_fail():
    parts = components(W3C)
    labels = parts[3]
    swapped = {**labels, 0: labels[1], 1: labels[0]}
    message = signature_message(check(with_components(W3C, [*parts[:3], swapped, parts[4]])))
    assert "does not verify" in message
    missing = {k: v for k, v in labels.items() if k != 2}
    message = signature_message(check(with_components(W3C, [*parts[:3], missing, parts[4]])))
    assert "the label map has no label for blank node _:c14n2" in message
    altered = {**labels, 0: flip(labels[0], 0)}
    assert "does not verify" in signature_message(check(with_components(W3C, [*parts[:3], altered, parts[4]])))


@settings(max_examples=12, deadline=None)
@given(index=st.integers(0, 14), at=st.integers(0, 63))
def test_any_flipped_bit_in_any_statement_signature_fails(index, at):
    parts = components(BADGE)
    parts[2][index] = flip(parts[2][index], at)
    assert f"signature of disclosed statement {index + 1} does not verify" in signature_message(check(with_components(BADGE, parts)))


def test_the_issuer_key_must_be_the_signers_p256_key():
    other = multikey.key_from_did_key(proof_of(W3C)["verificationMethod"])
    with pytest.raises(dataintegrity.TamperedError, match="base signature"):
        ecdsa_sd.verify_proof(BADGE, proof_of(BADGE), public_key=other)
    ed25519 = multikey.decode_public("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
    with pytest.raises(dataintegrity.ProofError, match="must be a P-256 key"):
        ecdsa_sd.verify_proof(BADGE, proof_of(BADGE), public_key=ed25519)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("z" + "1" * 20, "not multibase base64url"),
        ("u" + base64.urlsafe_b64encode(ecdsa_sd.BASE_HEADER + cbor2.dumps([])).decode().rstrip("="), "is a base proof"),
        ("u" + base64.urlsafe_b64encode(b"\x00\x01\x02abc").decode().rstrip("="), "header d9 5d 01"),
        ("u" + base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + b"\xff\xff").decode().rstrip("="), "not valid CBOR"),
        ("u" + base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + cbor2.dumps([b"x" * 64])).decode().rstrip("="), "five components"),
    ],
)
def test_malformed_proof_values_are_invalid_not_tampered(value, expected):
    changed = copy.deepcopy(BADGE)
    proof_of(changed)["proofValue"] = value
    verdict = check(changed)
    assert verdict.status == "invalid"
    assert expected in signature_message(verdict)


def test_p256_multikeys_decode_and_ed25519_still_does():
    key = multikey.decode_multikey("zDnaekGZTbQBerwcehBSXLqAg6s55hVEBms1zFy89VHXtJSa9")
    assert key.curve.name == "secp256r1"  # type: ignore[union-attr]
    assert multikey.key_from_did_key("did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP").curve.name == "secp256r1"  # type: ignore[union-attr]
    assert multikey.decode_multikey("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK") == multikey.decode_public(
        "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    )
    with pytest.raises(multikey.KeyFormatError):
        multikey.p256_from_multicodec(multikey.P256_PUB_PREFIX + b"\x05" + b"\x00" * 32)
    with pytest.raises(multikey.KeyFormatError):
        multikey.decode_public("zDnaekGZTbQBerwcehBSXLqAg6s55hVEBms1zFy89VHXtJSa9")


@pytest.fixture
def p256_badge():
    """1EdTech's badge, issued by a P-256 did:key (so the product's key resolver accepts the key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    document = {k: v for k, v in copy.deepcopy(BADGE).items() if k != "proof"}
    document["issuer"]["id"] = sd_derive.p256_did_key(key.public_key())
    return sd_derive.derive_all(document, issuer_key=key, mandatory=[2, 3, 5])


def test_the_verify_api_and_page_accept_a_p256_did_key_issuer_and_catch_tampering(db, client, p256_badge):
    url = "/api/v1/credentials/verify"
    ok = client.post(url, {"credential": p256_badge}, content_type="application/json").json()
    assert ok["status"] == "verified", ok
    assert {
        "check": "signature",
        "passed": True,
        "message": "ecdsa-sd-2023: base signature and 12 selectively disclosed statements verify (3 mandatory)",
    } in ok["checks"]
    page = client.post(reverse("credentials:verify"), {"credential": json.dumps(p256_badge)})
    assert page.status_code == 200 and b"Verified" in page.content and b"ecdsa-sd-2023" in page.content
    tampered = copy.deepcopy(p256_badge)
    tampered["credentialSubject"]["achievement"]["description"] = "Something else"
    verdict = client.post(url, {"credential": tampered}, content_type="application/json").json()
    assert verdict["status"] == "tampered"
    assert any(c["check"] == "signature" and not c["passed"] and "ecdsa-sd-2023: " in c["message"] for c in verdict["checks"])
    # The product never trusts a key merely named in the credential (1EdTech's fragment convention).
    foreign = client.post(url, {"credential": BADGE}, content_type="application/json").json()
    assert foreign["status"] == "invalid"


@settings(max_examples=60, deadline=None)
@given(
    payload=st.binary(max_size=300)
    | st.recursive(st.none() | st.integers() | st.binary(max_size=70), lambda inner: st.lists(inner, max_size=6), max_leaves=20).map(cbor2.dumps)
)
def test_any_proof_value_payload_is_read_or_refused_with_a_proof_error(payload):
    value = "u" + base64.urlsafe_b64encode(ecdsa_sd.DERIVED_HEADER + payload).rstrip(b"=").decode()
    try:
        derived = ecdsa_sd.parse_derived_proof_value(value)
    except dataintegrity.ProofError as exc:
        assert str(exc).startswith("ecdsa-sd-2023: ")
    else:
        assert len(derived.base_signature) == 64 and len(derived.public_key) == 35


def test_relabelling_renames_blank_nodes_only_and_sorts():
    canonical = '<http://a> <http://b> "x _:c14n0 y" .\n_:c14n0 <http://b> _:c14n1 _:c14n1 .\n'
    assert ecdsa_sd.relabel(canonical, {"c14n0": "uZZ", "c14n1": "uAA"}) == [
        '<http://a> <http://b> "x _:c14n0 y" .\n',
        "_:uZZ <http://b> _:uAA _:uAA .\n",
    ]
