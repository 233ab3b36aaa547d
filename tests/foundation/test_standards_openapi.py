"""Our CASE and Open Badges 3.0 endpoints checked by schemathesis against 1EdTech's own descriptions
(`../shared/standards`, else the repository's identical copies: CASE 1.0's swagger.json, Open
Badges 3.0's openapi.json), not ours: every
operation, MAX_EXAMPLES generated requests each (derandomized, so a run is repeatable), plus one
request per CASE operation with an identifier that exists. It fails on any 5xx, on a status code
the description does not list, and on a body or header that contradicts it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import ignored_auth
from schemathesis.specs.openapi.checks import positive_data_acceptance

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO.parent / "shared" / "standards"
# Without ../shared, the copies the repository keeps (identical: the first test checks it).
COPIES = {
    STANDARDS / "case-v1p0" / "swagger.json": REPO / "tests/frameworks/case-v1p0-swagger.json",
    STANDARDS / "openbadges-v3p0" / "openapi.json": REPO / "src/statewide/credentials/crypto/schemas/ob-v3p0-openapi.json",
}
CASE, OB = (published if published.exists() else copy for published, copy in COPIES.items())
MAX_EXAMPLES = 10  # per operation

pytestmark = pytest.mark.django_db
# Public operations answer without a token (ignored_auth), and a body that fits the description may
# still break a rule of ours (positive_data_acceptance): then a documented 4xx, still checked.
EXCLUDED = [ignored_auth, positive_data_acceptance]


def test_the_repositorys_copies_are_1edtechs_documents() -> None:
    for published, copy in COPIES.items():
        if not published.exists():
            pytest.skip("../shared/standards is not next to this checkout")
        assert json.loads(copy.read_text(encoding="utf-8")) == json.loads(published.read_text(encoding="utf-8")), copy


@contextmanager
def _wsgi() -> Iterator[Any]:
    """The real WSGI application. Its handler closes "old" database connections at each request, which
    would close the test's own transaction (on PostgreSQL, a connection inside a transaction is not
    in autocommit, so it counts as unusable): Django's test client turns that off for its requests,
    and so does this, for the run (after any test-client request, which turns it back on)."""
    from django.core import signals  # noqa: PLC0415
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415
    from django.db import close_old_connections  # noqa: PLC0415

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _merge_all_of(raw: dict[str, Any]) -> int:
    """CASE 1.0's swagger.json extends a type with `allOf: [{$ref: base}, {extra properties}]` where
    both parts say `additionalProperties: false`: read literally, no object satisfies both (each part
    forbids the other's properties), though the standard's intent (and its JSON Schema for packages)
    is one object with the properties of both. Merge each such `allOf` into that one object (in the
    copy read here; ../shared is never written). Returns how many were merged."""
    definitions = raw.get("definitions", {})
    merged = 0
    for definition in definitions.values():
        parts = definition.get("allOf")
        if not parts:
            continue
        properties: dict[str, Any] = {}
        required: list[str] = []
        for part in parts:
            part = definitions[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
            assert "allOf" not in part, "nested allOf"
            properties |= part.get("properties", {})
            required += [r for r in part.get("required", []) if r not in required]
        definition.pop("allOf")
        definition.update({"type": "object", "properties": properties, "required": required, "additionalProperties": False})
        merged += 1
    return merged


def _load(path: Path, app: Any, *, server: str | None = None) -> Any:
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("swagger"):
        assert _merge_all_of(raw) == 3
    if server:  # the description's server is example.org: point it at this site
        raw["servers"] = [{"url": server}]
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    return schema


def _fuzz(schema: Any, headers: dict[str, str], extra: dict[str, list[dict[str, Any]]] | None = None) -> tuple[int, list[int], list[str]]:
    failures: list[str] = []
    calls: list[int] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def run(case: Any) -> None:
            response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
            calls.append(response.status_code)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
        for params in (extra or {}).get(operation.path, []):
            try:
                response = operation.Case(path_parameters=params).call_and_validate(headers=headers, excluded_checks=EXCLUDED)
                calls.append(response.status_code)
                assert response.status_code == 200, (operation.path, params, response.status_code)
            except Exception as exc:
                failures.append(f"{operation.method.upper()} {operation.path} {params}: {str(exc)[:1500]}")
    return operations, calls, failures


def test_case_endpoints_match_1edtechs_description() -> None:
    from statewide.frameworks.models import Framework, Item  # noqa: PLC0415

    framework = Framework.objects.filter(items__isnull=False).distinct().first()
    assert framework is not None, "the reference framework packs are loaded for every test run"
    item = Item.objects.filter(framework=framework).first()
    assert item is not None
    doc, it = str(framework.identifier), str(item.identifier)
    existing = {
        "/CFDocuments/{sourcedId}": [{"sourcedId": doc}],
        "/CFPackages/{sourcedId}": [{"sourcedId": doc}],
        "/CFItems/{sourcedId}": [{"sourcedId": it}],
        "/CFItemAssociations/{sourcedId}": [{"sourcedId": it}],
    }
    with _wsgi() as app:
        operations, calls, failures = _fuzz(_load(CASE, app), {}, existing)
    print(f"\nCASE 1.0 against 1EdTech's swagger.json: {operations} operations, {len(calls)} requests, statuses {sorted(set(calls))}")
    assert operations == 12 and len(calls) >= 3 * operations, (operations, len(calls))
    assert not any(code >= 500 for code in calls)
    assert not failures, "\n\n".join(failures)


def test_open_badges_service_matches_1edtechs_openapi(client: Any) -> None:
    from tests.credentials.setup import build_world, earn  # noqa: PLC0415
    from tests.credentials.test_ob_api import _token  # noqa: PLC0415

    world = build_world()
    earn(world)
    scopes = " ".join(f"{settings.OB_SCOPE}{s}" for s in ("credential.readonly", "credential.upsert", "profile.readonly", "profile.update"))
    bearer = _token(client, world.educator, scopes)["HTTP_AUTHORIZATION"]
    with _wsgi() as app:
        schema = _load(OB, app, server="/ims/ob/v3p0")
        results = [_fuzz(schema, headers) for headers in ({}, {"Authorization": bearer})]  # anonymous, then a wallet the educator consented to
    operations = results[0][0]
    calls = [c for _o, cs, _f in results for c in cs]
    failures = [f for _o, _c, fs in results for f in fs]
    print(f"\nOpen Badges 3.0 against 1EdTech's openapi.json: {operations} operations x 2 callers, {len(calls)} requests, statuses {sorted(set(calls))}")
    assert operations >= 4 and 200 in calls and len(calls) >= 2 * operations
    assert not any(code >= 500 for code in calls)
    assert not failures, "\n\n".join(failures)
