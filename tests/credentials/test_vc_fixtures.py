"""W3C VC Data Model 2.0 test inputs: issue each one (our issuer refuses what is malformed), then
verify what was issued. ``-ok`` inputs must verify; ``-fail`` inputs must be refused at issue or
rejected at verification; ``-fail-or-inject`` get the VC context injected or are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from statewide.credentials.crypto import dataintegrity, datamodel
from statewide.credentials.crypto.documents import VC_V2, make_loader
from statewide.credentials.crypto.multikey import encode_public
from statewide.credentials.crypto.verify import FragmentKeyResolver, verify

from .conftest import VC_FIXTURES, read_json

# The suite's examples context (not shipped with the product: tests only).
LOADER = make_loader({"https://www.w3.org/ns/credentials/examples/v2": {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}})
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
ISSUER = "https://issuer.example.org/issuers/1"
METHOD = f"{ISSUER}#{encode_public(KEY.public_key())}"

CASES = sorted(p.relative_to(VC_FIXTURES).as_posix() for p in VC_FIXTURES.rglob("credential-*.json")) + sorted(
    p.relative_to(VC_FIXTURES).as_posix() for p in (VC_FIXTURES / "names-and-descriptions").glob("issuer-*.json")
)


def issue(document: dict) -> dict:
    """The suite's issuer: fills in the issuer, injects the base context, refuses bad shapes."""
    document = dict(document)
    context = document.get("@context")
    if context is None:
        document["@context"] = [VC_V2]
    elif isinstance(context, list) and context and context[0] != VC_V2:
        document["@context"] = [VC_V2, *context]
    document.setdefault("issuer", ISSUER)
    if isinstance(document["issuer"], dict) and "id" not in document["issuer"]:
        document["issuer"] = {**document["issuer"], "id": ISSUER}
    dates = {"PAST DATE": "2020-01-01T00:00:00Z", "FUTURE DATE": "2030-01-01T00:00:00Z"}
    for key in ("validFrom", "validUntil"):
        if document.get(key) in dates:
            document[key] = dates[document[key]]
    found = datamodel.problems(document)
    if found:
        raise ValueError(found)
    document.pop("proof", None)  # a well-formed incoming proof is replaced by the issuer's own
    issuer = document["issuer"]
    issuer_id = issuer["id"] if isinstance(issuer, dict) else issuer
    method = f"{issuer_id}#{encode_public(KEY.public_key())}"
    return dataintegrity.sign(document, private_key=KEY, verification_method=method, created="2026-01-01T00:00:00Z", loader=LOADER)


@pytest.mark.parametrize("name", CASES)
def test_vc_data_model_input(name):
    document = read_json(VC_FIXTURES / name)
    should_pass = name.endswith(("-ok.json", "-fail-or-inject.json"))
    try:
        issued = issue(document)
    except (ValueError, dataintegrity.CanonicalizationError) as exc:
        assert not should_pass, f"{name} refused at issue: {exc}"
        return
    verdict = verify(issued, keys=FragmentKeyResolver(), expect="any", loader=LOADER, unknown_status="warn", now=datetime(2026, 6, 1, tzinfo=UTC))
    # The suite checks the data model and the proof; a validity window in the past or future is
    # "validation", which our verdict reports separately (expired / not yet valid).
    accepted = verdict.status in ("verified", "expired", "not_yet_valid")
    if should_pass:
        assert accepted, [c.as_dict() for c in verdict.failed()]
    else:
        assert not accepted, f"{name} was issued and verified"
