"""A lost database connection is a 503 with Retry-After, never a 500 (the end-to-end proof, with a real
PostgreSQL restarted under load, is test_pg_restart.py; this checks both handlers on every run)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from statewide.api.v1 import api
from statewide.web.views import server_error

pytestmark = pytest.mark.django_db


def _request(path: str) -> object:
    request = RequestFactory().get(path)
    request.request_id = "req-12345678"  # type: ignore[attr-defined]
    request.user = AnonymousUser()  # type: ignore[attr-defined]
    return request


@pytest.mark.parametrize("error", [OperationalError("connection to server failed: Connection refused"), InterfaceError("connection already closed")])
def test_pages_and_api_answer_503_with_retry_after(error: Exception) -> None:
    try:
        raise error
    except Exception:  # Django calls the 500 handler inside its except block
        page = server_error(_request("/tracker/"))
        api_page = server_error(_request("/api/v1/policies/"))
    assert page.status_code == 503 and page["Retry-After"] == "5" and page["Cache-Control"] == "no-store"
    assert "Service temporarily unavailable" in page.content.decode()
    assert api_page.status_code == 503 and json.loads(api_page.content)["error"]["code"] == "unavailable"

    response = api.on_exception(_request("/api/v1/policies/"), error)
    body = json.loads(response.content)["error"]
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert body["code"] == "unavailable" and body["request_id"] == "req-12345678"


def test_other_errors_stay_500() -> None:
    try:
        raise ValueError("a bug")
    except ValueError:
        page = server_error(_request("/tracker/"))
    assert page.status_code == 500 and not page.has_header("Retry-After")
    assert api.on_exception(_request("/api/v1/policies/"), ValueError("a bug")).status_code == 500
