"""Our OpenAPI document is right: distinct schema names, errors and limits documented, and
schemathesis finds no 5xx and no response that differs from the document (bounded examples)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from ninja import Schema

import statewide.api
from statewide.api import accounts, assessments, errors, frameworks, pagination, places, policies, selfassessment
from statewide.api.pagination import MAX_LIMIT
from statewide.api.v1 import api

MAX_EXAMPLES = 10  # per operation: the whole run stays well under a minute


def test_schema_names_are_distinct():
    """django-ninja names a component after its class: two classes of one name overwrite each other."""
    seen: dict[str, str] = {}
    modules = [importlib.import_module(f"statewide.api.{m.name}") for m in pkgutil.iter_modules(statewide.api.__path__)]
    assert {accounts, assessments, errors, frameworks, pagination, places, policies, selfassessment} <= set(modules)
    for module in modules:
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Schema) and obj is not Schema and obj.__module__ == module.__name__:
                assert name not in seen, f"{name} is defined in {seen[name]} and {module.__name__}"
                seen[name] = module.__name__
    assert {"QuizConditionOut", "CampaignConditionOut"} <= set(seen)


def test_quiz_and_self_assessment_results_use_their_own_condition_schemas():
    doc = api.get_openapi_schema()
    schemas = doc["components"]["schemas"]
    assert schemas["ResultOut"]["properties"]["conditions"]["items"]["$ref"].endswith("/QuizConditionOut")
    assert schemas["ResultsOut"]["properties"]["conditions"]["items"]["$ref"].endswith("/CampaignConditionOut")
    assert "phase" in schemas["QuizConditionOut"]["properties"] and "consensus" in schemas["CampaignConditionOut"]["properties"]


def test_errors_and_limits_are_documented():
    doc = api.get_openapi_schema()
    envelope = "#/components/schemas/ErrorEnvelope"
    limits = 0
    for path, item in doc["paths"].items():
        for method, op in item.items():
            responses = {str(k): v for k, v in op["responses"].items()}
            for code in ("401", "403"):
                assert responses[code]["content"]["application/json"]["schema"]["$ref"] == envelope, (method, path, code)
            if "{" in path:
                assert "404" in responses, (method, path)
            if "requestBody" in op:
                assert {"400", "413"} <= set(responses), (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "429" in responses, (method, path)
            for p in op.get("parameters", []):
                if p["name"] == "limit":
                    limits += 1
                    assert p["schema"]["minimum"] == 1 and p["schema"]["maximum"] == MAX_LIMIT, (method, path)
    assert limits >= 5


def test_api_matches_its_openapi_document(db):
    """Every operation, MAX_EXAMPLES generated requests each (anonymous caller): no 5xx, every
    status code documented, every body as documented. Failures are collected and listed together."""
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    operations = 0
    calls: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def run(case: Any) -> None:
            response = case.call_and_validate()
            calls.append(response.status_code)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations >= 20 and len(calls) >= 3 * operations, (operations, len(calls))
    assert not any(code >= 500 for code in calls)
    assert not failures, "\n\n".join(failures)
