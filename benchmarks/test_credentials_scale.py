"""Micro-credentials at scale. Run with `make bench` (not part of `make test`).

1. Query budgets and times with generated educators and credentials: 500,000 educators and
   1,000,000 credentials by default (`CREDENTIALS_BENCH_EDUCATORS`, `CREDENTIALS_BENCH_CREDENTIALS`
   to change). Meant for PostgreSQL (`DATABASE_URL`; `core.bulk` streams the rows with COPY there;
   on SQLite it falls back to `bulk_create`). Rows are plain tuples (`bulk_insert_rows`), no model
   instances; credentials are unsigned placeholders (listed and counted, never verified), about 1 %
   revoked and 5 % expired, over 50 districts and seven years. Asserts the same named budgets as
   tests/credentials/test_query_budgets.py and prints the table, with the time each step took.
2. Verification throughput: our verifier (JSON-LD expansion, RDFC-1.0, schema, Ed25519) and the
   VC-JWT path against raw Ed25519 verification of the same bytes. Prints the figures; asserts
   only that each path verifies.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.harness import HEADER, measure
from statewide.accounts.models import Membership, Role, User
from statewide.core.bulk import JsonText, bulk_insert_rows, paused_gc
from statewide.core.keyset import encode
from statewide.credentials.crypto import dataintegrity, vcjwt
from statewide.credentials.crypto.multikey import encode_public
from statewide.credentials.crypto.verify import FragmentKeyResolver, verify
from statewide.credentials.models import Credential, GrowthTally
from statewide.credentials.services import growth_tally_rebuild
from tests.credentials import bulkdata
from tests.credentials import test_query_budgets as budgets
from tests.credentials.setup import build_world, earn
from tests.factories import DistrictFactory

EDUCATORS = int(os.environ.get("CREDENTIALS_BENCH_EDUCATORS", "500000"))
CREDENTIALS = int(os.environ.get("CREDENTIALS_BENCH_CREDENTIALS", "1000000"))
DISTRICTS = 50
CHUNK = 100_000
PLACEHOLDER = JsonText('{"id": "placeholder"}')


def _chunks(total: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, CHUNK):
        yield start, min(CHUNK, total - start)


def _generate(world) -> tuple[list[int], dict[str, float]]:  # type: ignore[no-untyped-def]
    """Educators (with memberships) and credentials, bulk inserted; the seconds each step took."""
    timings: dict[str, float] = {}
    districts = [DistrictFactory(state="TX").pk for _ in range(DISTRICTS)]
    clock = time.perf_counter()
    ids: list[int] = []
    with paused_gc():
        for start, n in _chunks(EDUCATORS):
            rows = ((f"bench-{start + i}@example.org", f"Educator {start + i}", "!") for i in range(n))
            ids += bulk_insert_rows(User, ["email", "full_name", "password"], rows, returning_pks=True)
        timings["educators"] = time.perf_counter() - clock
        clock = time.perf_counter()
        for start, n in _chunks(len(ids)):
            rows = ((ids[start + i], districts[(start + i) % DISTRICTS], Role.EDUCATOR) for i in range(n))
            bulk_insert_rows(Membership, ["user_id", "organisation_id", "role"], rows)
        timings["memberships"] = time.perf_counter() - clock
        clock = time.perf_counter()
        now = dt.datetime.now(dt.UTC)
        columns = [
            "issuer_id",
            "version_id",
            "recipient_id",
            "district_id",
            "name",
            "status_index",
            "valid_from",
            "valid_until",
            "revoked_at",
            "document",
            "jwt",
        ]
        for start, n in _chunks(CREDENTIALS):
            rows = []
            for i in range(start, start + n):
                valid_from = dt.datetime(2020 + i % 7, 1 + i % 12, 1 + i % 28, tzinfo=dt.UTC)
                expired = i % 20 == 3  # about 5 %
                rows.append(
                    (
                        world.issuer.pk,
                        world.version.pk,
                        ids[i % len(ids)],
                        districts[i % DISTRICTS],
                        world.version.name,
                        10 + i,  # beyond one list's size: placeholders, never flipped
                        valid_from,
                        now - dt.timedelta(days=1 + i % 300) if expired else None,
                        valid_from + dt.timedelta(days=30) if i % 100 == 7 else None,  # about 1 % revoked
                        PLACEHOLDER,
                        "placeholder",
                    )
                )
            bulk_insert_rows(Credential, columns, rows)
        timings["credentials"] = time.perf_counter() - clock
    clock = time.perf_counter()
    growth_tally_rebuild()  # the rows above skipped the services that keep the growth dashboard's tallies
    timings["growth tallies"] = time.perf_counter() - clock
    clock = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (User, Membership, Credential, GrowthTally):
                cursor.execute(f"ANALYZE {model._meta.db_table}")  # what autovacuum would do after a load this size
    timings["analyze"] = time.perf_counter() - clock
    return ids, timings


def _explain(client, urls: list[str]) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL's plan and timing of each query that took 50 ms or more (CREDENTIALS_BENCH_EXPLAIN=1)."""
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        for query in captured.captured_queries:
            if float(query["time"]) < 0.05 or not query["sql"].startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + query["sql"])
                plan = "\n    ".join(row[0] for row in cursor.fetchall())
            print(f"\n{url} ({float(query['time']) * 1000:,.0f} ms): {query['sql'][:300]}\n    {plan}")


@pytest.mark.django_db
def test_credentials_query_budgets_at_scale(client, capsys):  # type: ignore[no-untyped-def]
    world = build_world()
    signed = earn(world)  # one real, signed credential (its page verifies it)
    ids, timings = _generate(world)
    one_educator = User.objects.get(pk=ids[len(ids) // 2])
    bearer = bulkdata.bearer(one_educator, f"{settings.OB_SCOPE}credential.readonly")
    issued = reverse("credentials:issued")
    # The cursor "Next" gives on page 399 (its last row: the 9,975th active credential, newest first).
    active = Credential.objects.filter(revoked_at__isnull=True).exclude(valid_until__lt=dt.datetime.now(dt.UTC)).order_by("-valid_from", "-id")
    deep = encode(list(active.values_list("valid_from", "id")[399 * 25 - 1]))
    client.force_login(world.admin)
    rows = [
        (measure(client, "issued credentials page", issued), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "issued credentials page, revoked filter", issued + "?status=revoked"), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "issued credentials page, expired filter", issued + "?status=expired"), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "issued credentials page 400 (active)", issued + f"?status=active&after={deep}"), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "issued credentials page 400, Previous", issued + f"?status=active&before={deep}"), budgets.ISSUED_PAGE_BUDGET),
        (measure(client, "API credentials, first 100", "/api/v1/credentials?limit=100"), budgets.API_LIST_BUDGET),
        (measure(client, "API credentials, revoked, first 100", "/api/v1/credentials?limit=100&status=revoked"), budgets.API_LIST_BUDGET),
        (measure(client, "growth dashboard (TX)", reverse("credentials:growth", args=["TX"])), budgets.GROWTH_BUDGET),
        (measure(client, "credential page (verifies it)", reverse("credentials:credential", args=[signed.public_id])), budgets.CREDENTIAL_PAGE_BUDGET),
        (measure(client, "catalog", reverse("credentials:catalog")), budgets.CATALOG_BUDGET),
    ]
    client.force_login(world.assessor)
    rows.append((measure(client, "review queue", reverse("credentials:review_queue")), budgets.REVIEW_QUEUE_BUDGET))
    client.force_login(one_educator)
    rows.append((measure(client, "backpack of one educator", reverse("credentials:backpack")), budgets.BACKPACK_BUDGET))
    client.logout()
    client.defaults["HTTP_AUTHORIZATION"] = bearer
    rows.append((measure(client, "OB 3.0 GET /credentials (one educator)", "/ims/ob/v3p0/credentials"), budgets.OB_CREDENTIALS_BUDGET))
    client.defaults.pop("HTTP_AUTHORIZATION")
    if os.environ.get("CREDENTIALS_BENCH_EXPLAIN"):
        client.force_login(world.admin)
        with capsys.disabled():
            _explain(client, [issued, issued + f"?status=active&after={deep}", "/api/v1/credentials?limit=100", reverse("credentials:growth", args=["TX"])])
    with capsys.disabled():
        steps = ", ".join(f"{name} {seconds:,.0f} s" for name, seconds in timings.items())
        print(f"\n{EDUCATORS:,} educators, {CREDENTIALS:,} credentials on {connection.vendor}; generation: {steps}\n{HEADER} {'budget':>7}")
        for m, budget in rows:
            print(f"{m.row()} {budget:>7}")
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
