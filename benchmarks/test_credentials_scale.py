"""Micro-credentials at scale. Run with `make bench`.

1. Query budgets with generated educators and credentials: 500,000 educators and 1,000,000
   credentials by default (`CREDENTIALS_BENCH_EDUCATORS`, `CREDENTIALS_BENCH_CREDENTIALS` to
   change); rows are bulk inserted, credentials are unsigned placeholders (listed and counted,
   never verified). Asserts the same budgets as tests/credentials/test_query_budgets.py.
2. Verification throughput: our verifier (JSON-LD expansion, RDFC-1.0, schema, Ed25519) and the
   VC-JWT path against raw Ed25519 verification of the same bytes. Prints the figures; asserts
   only that each path verifies.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from benchmarks.harness import HEADER, measure
from statewide.accounts.models import Membership, Role, User
from statewide.core.bulk import bulk_insert
from statewide.credentials.crypto import dataintegrity, vcjwt
from statewide.credentials.crypto.multikey import encode_public
from statewide.credentials.crypto.verify import FragmentKeyResolver, verify
from statewide.credentials.models import Credential
from tests.credentials import test_query_budgets as budgets
from tests.credentials.setup import build_world
from tests.factories import DistrictFactory

EDUCATORS = int(os.environ.get("CREDENTIALS_BENCH_EDUCATORS", "500000"))
CREDENTIALS = int(os.environ.get("CREDENTIALS_BENCH_CREDENTIALS", "1000000"))
CHUNK = 50_000


def _generate(world) -> None:  # type: ignore[no-untyped-def]
    districts = [DistrictFactory(state="TX") for _ in range(50)]
    for start in range(0, EDUCATORS, CHUNK):
        n = min(CHUNK, EDUCATORS - start)
        bulk_insert(User, [User(email=f"bench-{start + i}@example.org", full_name=f"Educator {start + i}") for i in range(n)])
    ids = list(User.objects.filter(email__startswith="bench-").order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), CHUNK):
        bulk_insert(
            Membership, [Membership(user_id=u, organisation=districts[(start + i) % 50], role=Role.EDUCATOR) for i, u in enumerate(ids[start : start + CHUNK])]
        )
    for start in range(0, CREDENTIALS, CHUNK):
        n = min(CHUNK, CREDENTIALS - start)
        rows = [
            Credential(
                issuer=world.issuer,
                version=world.version,
                recipient_id=ids[(start + i) % len(ids)],
                district=districts[(start + i) % 50],
                name=world.version.name,
                status_index=10 + start + i,  # beyond one list's size: placeholders, never flipped
                valid_from=dt.datetime(2020 + (start + i) % 7, 1 + (start + i) % 12, 1, tzinfo=dt.UTC),
                document={"id": "placeholder"},
                jwt="placeholder",
            )
            for i in range(n)
        ]
        bulk_insert(Credential, rows)


@pytest.mark.django_db
def test_credentials_query_budgets_at_scale(client, capsys):  # type: ignore[no-untyped-def]
    world = build_world()
    _generate(world)
    client.force_login(world.admin)
    rows = [
        (measure(client, "issued credentials page", reverse("credentials:issued")), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "issued credentials page, revoked filter", reverse("credentials:issued") + "?status=revoked"), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "API credentials, first 100", "/api/v1/credentials?limit=100"), budgets.API_LIST_BUDGET),
        (measure(client, "growth dashboard (TX)", reverse("credentials:growth", args=["TX"])), budgets.GROWTH_BUDGET),
    ]
    with capsys.disabled():
        print(f"\n{EDUCATORS:,} educators, {CREDENTIALS:,} credentials\n{HEADER}")
        for m, _budget in rows:
            print(m.row())
    for m, budget in rows:
        assert m.status == 200 and m.queries <= budget, m.row()


def test_verification_throughput_against_raw_ed25519(capsys):  # type: ignore[no-untyped-def]
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    issuer = "https://issuer.example.org/issuers/1"
    method = f"{issuer}#{encode_public(key.public_key())}"
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "https://issuer.example.org/credentials/1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Bench issuer"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Bench badge",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example.org/a/1",
                "type": ["Achievement"],
                "name": "Bench",
                "description": "Bench",
                "criteria": {"narrative": "Bench"},
            },
        },
    }
    signed = dataintegrity.sign(credential, private_key=key, verification_method=method, created="2026-01-01T00:00:00Z")
    token = vcjwt.sign(credential, private_key=key, kid=method)
    message = b"x" * 64
    signature = key.sign(message)
    public = key.public_key()
    n = 50

    def rate(fn) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        for _ in range(n):
            fn()
        return n / (time.perf_counter() - start)

    raw = rate(lambda: public.verify(signature, message))
    di = rate(lambda: verify(signed, keys=FragmentKeyResolver()))
    jwt = rate(lambda: verify(token, keys=FragmentKeyResolver()))
    assert verify(signed, keys=FragmentKeyResolver()).verified and verify(token, keys=FragmentKeyResolver()).verified
    with capsys.disabled():
        print(f"\nverifications per second: raw Ed25519 {raw:,.0f}; Data Integrity (full verifier) {di:,.1f}; VC-JWT (full verifier) {jwt:,.1f}")
