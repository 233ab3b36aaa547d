"""The cryptographic core: 1EdTech's eddsa-rdfc-2022 vector byte for byte, tampering, VC-JWT,
an independent verifier, Bitstring Status List and baking."""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.credentials.crypto import baking, dataintegrity, multikey, statuslist, vcjwt
from statewide.credentials.crypto.schema import schema_errors
from statewide.credentials.crypto.verify import FragmentKeyResolver, verify

from . import independent
from .conftest import FIXTURES, VECTOR_DIR


@pytest.fixture(scope="module")
def signed(vector):
    key = multikey.private_from_seed(bytes.fromhex(vector["privateKeyHex"]))
    options = vector["proofOptions"]
    return dataintegrity.sign(vector["unsignedCredential"], private_key=key, verification_method=options["verificationMethod"], created=options["created"])


def test_vector_canonical_forms_and_hashes(vector):
    data = dataintegrity.hash_data(vector["unsignedCredential"], vector["proofOptions"])
    assert data.document_canonical == (VECTOR_DIR / "document-canon.nq").read_text()
    assert data.proof_canonical == (VECTOR_DIR / "proof-canon.nq").read_text()
    assert data.value.hex() == vector["expected"]["proofHashHex"] + vector["expected"]["documentHashHex"]


def test_vector_proof_value_byte_for_byte(vector, signed):
    key = multikey.private_from_seed(bytes.fromhex(vector["privateKeyHex"]))
    assert multikey.encode_public(key.public_key()) == vector["publicKeyMultibase"]
    proof = signed["proof"][0]
    assert proof["proofValue"] == vector["expected"]["proofValue"]
    assert dataintegrity.decode_proof_value(proof["proofValue"]).hex() == vector["expected"]["signatureHex"]
    assert proof == {**vector["proofOptions"], "proofValue": vector["expected"]["proofValue"]}


def test_signed_vector_is_schema_valid_and_verifies(vector, signed):
    assert schema_errors(signed) == []
    verdict = verify(signed, keys=FragmentKeyResolver(), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert verdict.verified, verdict.as_dict()
    assert {c.name for c in verdict.checks} >= {"parse", "data model", "type", "schema", "json-ld", "signature", "not expired"}


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "proof":
                continue
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))
    else:
        yield prefix


def _set(doc, path, value):
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _tamper(value):
    return value + "x" if isinstance(value, str) else not value if isinstance(value, bool) else str(value) + "1"


def _get(doc, path):
    for part in path:
        doc = doc[part]
    return doc


@pytest.mark.parametrize("field", ["every leaf"])
def test_tampering_with_any_field_fails(signed, field):
    for path in _paths(signed):
        if path[:1] == ("@context",):
            continue
        changed = copy.deepcopy(signed)
        _set(changed, path, _tamper(_get(changed, path)))
        verdict = verify(changed, keys=FragmentKeyResolver(), now=datetime(2026, 1, 1, tzinfo=UTC))
        assert not verdict.verified, path


@pytest.mark.parametrize("field", ["created", "verificationMethod", "proofPurpose", "proofValue"])
def test_tampering_with_the_proof_fails(signed, field):
    changed = copy.deepcopy(signed)
    proof = changed["proof"][0]
    proof[field] = proof[field][:-2] + ("A" if proof[field][-2] != "A" else "B") + proof[field][-1]
    verdict = verify(changed, keys=FragmentKeyResolver(), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert not verdict.verified
    assert verdict.status in ("tampered", "invalid")


def test_an_added_undefined_property_fails(signed):
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["achievement"]["notATerm"] = "x"
    verdict = verify(changed, keys=FragmentKeyResolver(), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert not verdict.verified


def test_independent_verifier_accepts_what_we_sign_and_agrees_on_the_vector(vector, signed):
    assert independent.canonical(vector["unsignedCredential"]) == (VECTOR_DIR / "document-canon.nq").read_text()
    public = bytes.fromhex(vector["publicKeyHex"])
    assert independent.verify_data_integrity(signed, public)
    changed = copy.deepcopy(signed)
    changed["name"] = "Teamwork Badge (edited)"
    assert not independent.verify_data_integrity(changed, public)


def test_vc_jwt_round_trip_and_independent_check(vector):
    key = multikey.private_from_seed(bytes.fromhex(vector["privateKeyHex"]))
    credential = vector["unsignedCredential"]
    token = vcjwt.sign(credential, private_key=key, kid=vector["verificationMethod"])
    header, payload = vcjwt.unverified_parts(token)
    assert header == {"alg": "EdDSA", "kid": vector["verificationMethod"], "typ": "vc+jwt", "cty": "vc"}
    assert payload == credential
    assert independent.verify_jwt(token, bytes.fromhex(vector["publicKeyHex"])) == credential
    verdict = verify(token, keys=FragmentKeyResolver(), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert verdict.verified and verdict.format == "jwt", verdict.as_dict()


def test_tampered_jwt_fails(vector):
    key = multikey.private_from_seed(bytes.fromhex(vector["privateKeyHex"]))
    token = vcjwt.sign(vector["unsignedCredential"], private_key=key, kid=vector["verificationMethod"])
    head, body, sig = token.split(".")
    forged = dict(vector["unsignedCredential"], name="Forged")
    forged_body = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    for bad in (f"{head}.{forged_body}.{sig}", f"{head}.{body}.{sig[:-4]}AAAA"):
        verdict = verify(bad, keys=FragmentKeyResolver(), now=datetime(2026, 1, 1, tzinfo=UTC))
        assert verdict.status == "tampered", verdict.as_dict()


def test_status_list_fixture_decodes_with_bit_23_set():
    listing = json.loads((FIXTURES / "bit-string-list" / "testlist").read_text())
    bits = statuslist.decode(listing["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == statuslist.MIN_ENTRIES
    assert [i for i in range(len(bits) * 8) if statuslist.get_bit(bits, i)] == [23]


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=statuslist.MIN_ENTRIES - 1), max_size=30))
def test_status_list_round_trip(indexes):
    bits = statuslist.empty()
    for i in indexes:
        statuslist.set_bit(bits, i, True)
    decoded = statuslist.decode(statuslist.encode(bits))
    assert {i for i in indexes if statuslist.get_bit(decoded, i)} == indexes
    for i in list(indexes)[:5]:
        statuslist.set_bit(bits, i, False)
        assert not statuslist.get_bit(bits, i)


def test_baking_png_and_svg_round_trip(signed):
    text = json.dumps(signed)
    png = (FIXTURES / "simple-json.png").read_bytes()
    baked = baking.bake_png(png, text)
    assert json.loads(baking.unbake(baked)) == signed
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4" cx="5" cy="5"/></svg>'
    assert json.loads(baking.unbake(baking.bake_svg(svg, text).encode())) == signed
    assert baking.unbake(baking.bake_svg(svg, "a.b.c").encode()) == "a.b.c"


def test_bad_images_are_refused():
    with pytest.raises(baking.BakingError):
        baking.unbake(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\x00" * 4)
    with pytest.raises(baking.BakingError):
        baking.unbake(b"<svg><unclosed></svg>")


def test_an_issuer_whose_one_status_is_suspension_is_read_as_suspended():
    """Our verifier reads a suspension entry wherever a credential names one (another issuer may
    choose suspension as its one status); it reads only the entries the credential names."""
    key = multikey.private_from_seed(bytes(range(32)))
    issuer = "https://issuer.example.org/issuers/1"
    method = f"{issuer}#{multikey.encode_public(key.public_key())}"
    list_url = "https://issuer.example.org/status/suspension"
    bits = statuslist.empty()
    statuslist.set_bit(bits, 7, True)
    listing = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": "suspension", "encodedList": statuslist.encode(bits)},
    }
    signed_list = dataintegrity.sign(listing, private_key=key, verification_method=method, created="2026-01-01T00:00:00Z")

    def badge(index: int) -> dict:
        entry = {
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "suspension",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        }
        unsigned = {
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": f"https://issuer.example.org/credentials/{index}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": issuer, "type": ["Profile"], "name": "Example issuer"},
            "validFrom": "2026-01-01T00:00:00Z",
            "name": "Example badge",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://issuer.example.org/a/1",
                    "type": ["Achievement"],
                    "name": "A",
                    "description": "A",
                    "criteria": {"narrative": "A"},
                },
            },
            "credentialStatus": entry,
        }
        return dataintegrity.sign(unsigned, private_key=key, verification_method=method, created="2026-01-01T00:00:00Z")

    fetch = {list_url: signed_list}.__getitem__
    assert schema_errors(badge(7)) == []
    assert verify(badge(7), keys=FragmentKeyResolver(), statuses=fetch).status == "suspended"
    assert verify(badge(8), keys=FragmentKeyResolver(), statuses=fetch).verified
