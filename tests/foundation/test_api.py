"""The API shell: OpenAPI, docs, one error envelope, cursor pagination, auth."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils.text import slugify

from statewide.accounts.services import api_token_create
from statewide.places.models import Organisation
from tests.factories import DistrictFactory, person

DISTRICT_LIST_API_QUERIES = 2


def assert_envelope(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fields", "request_id"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["request_id"] == response["X-Request-ID"]
    return body["error"]


@pytest.mark.django_db
def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/districts/" in spec["paths"] and "/api/v1/me" in spec["paths"]
    index = client.get("/api/v1/docs")
    assert index.status_code == 200
    sections = {op.get("tags", ["other"])[0] for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)}
    for tag in sections:  # every section of the document has its page, linked from the index
        url = f"/api/v1/docs/{slugify(tag)}/"
        assert url in index.content.decode()
        page = client.get(url)
        assert page.status_code == 200
        for path, item in spec["paths"].items():
            for op in item.values():
                if isinstance(op, dict) and op.get("tags", ["other"])[0] == tag:
                    assert f"<code>{path}</code>" in page.content.decode()
                    for ref in re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(op)):  # the schemas it uses are on the page
                        assert f'id="schema-{ref}"' in page.content.decode()
    assert client.get("/api/v1/docs/no-such-section/").status_code == 404


@pytest.mark.django_db
def test_unknown_route_and_object_use_the_envelope(client):
    assert_envelope(client.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_envelope(client.get("/api/v1/districts/0000000"), 404, "not_found")


@pytest.mark.django_db
def test_validation_errors_name_the_field(client):
    error = assert_envelope(client.get("/api/v1/districts/?limit=5000"), 400, "invalid")
    assert "limit" in error["fields"]
    error = assert_envelope(client.get("/api/v1/districts/?cursor=not-a-cursor"), 400, "invalid")
    assert "cursor" in error["fields"]
    error = assert_envelope(client.get("/api/v1/districts/?limit=abc"), 400, "invalid")
    assert "limit" in error["fields"]


@pytest.mark.django_db
def test_me_needs_a_caller(client):
    assert_envelope(client.get("/api/v1/me"), 401, "unauthenticated")


@pytest.mark.django_db
def test_cursor_pagination_walks_every_district_once(client, django_assert_max_num_queries):
    DistrictFactory.create_batch(130, state="TX")
    DistrictFactory.create_batch(3, state="NH")
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/v1/districts/?state=TX&limit=50" + (f"&cursor={cursor}" if cursor else "")
        with django_assert_max_num_queries(DISTRICT_LIST_API_QUERIES):
            body = client.get(url).json()
        seen += [d["leaid"] for d in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 130
    assert {d["state"] for d in client.get("/api/v1/districts/?state=NH").json()["items"]} == {"NH"}
    names = [Organisation.objects.get(nces_leaid=x).name for x in seen]
    assert names == sorted(names)


@pytest.mark.django_db
def test_public_ids_not_database_keys(client):
    d = DistrictFactory(state="TX")
    body = client.get(f"/api/v1/districts/{d.nces_leaid}").json()
    assert body["leaid"] == d.nces_leaid and "id" not in body


@pytest.mark.django_db
def test_session_writes_need_csrf_token_writes_do_not():
    user = person()
    token, raw = api_token_create(actor=user, name="a")
    other, _ = api_token_create(actor=user, name="b")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert_envelope(browser.delete(f"/api/v1/tokens/{token.public_id}"), 401, "unauthenticated")
    browser.get("/account/")  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    assert browser.delete(f"/api/v1/tokens/{token.public_id}", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    script = Client(enforce_csrf_checks=True)
    assert script.delete(f"/api/v1/tokens/{other.public_id}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401  # token a was revoked
    _token3, raw3 = api_token_create(actor=user, name="c")
    assert script.delete(f"/api/v1/tokens/{other.public_id}", HTTP_AUTHORIZATION=f"Bearer {raw3}").status_code == 204
