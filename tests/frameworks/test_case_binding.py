"""CASE 1.0 as 1EdTech's REST binding describes it: every response is checked against the
definitions of 1EdTech's swagger (case-v1p0/swagger.json), every endpoint of the binding exists,
and methods other than GET get 405 (not a CSRF 403).

The swagger builds the out-of-package types with `allOf` over a package type that forbids extra
properties, which no JSON Schema validator can satisfy as written; `_flatten` merges each `allOf`
into one object with the union of properties and required names, keeping `additionalProperties:
false`, which is what the binding means.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker

from statewide.frameworks.case.documents import derived, item_type_identifier
from statewide.frameworks.models import Framework, Item, ItemKind

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO.parent / "shared/standards/case-v1p0/swagger.json"
SHIPPED = Path(__file__).with_name("case-v1p0-swagger.json")  # a copy, for checkouts without ../shared
ROOT = "/ims/case/v1p0"

pytestmark = pytest.mark.django_db


def _swagger() -> dict[str, Any]:
    return json.loads((PUBLISHED if PUBLISHED.exists() else SHIPPED).read_text())


def _flatten(definitions: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(definitions)
    for schema in out.values():
        if "allOf" not in schema:
            continue
        properties: dict[str, Any] = {}
        required: list[str] = []
        for part in schema.pop("allOf"):
            if "$ref" in part:
                part = definitions[part["$ref"].rsplit("/", 1)[1]]
            properties |= part.get("properties", {})
            required += part.get("required", [])
        schema.update({"type": "object", "properties": properties, "required": sorted(set(required)), "additionalProperties": False})
    return out


def _errors(body: Any, path_template: str) -> list[str]:
    swagger = _swagger()
    schema = dict(swagger["paths"][path_template]["get"]["responses"]["200"]["schema"])
    schema["definitions"] = _flatten(swagger["definitions"])
    schema["$ref"] = schema["$ref"]
    validator = Draft4Validator(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)][:10]


def test_the_shipped_copy_is_the_published_swagger():
    if not PUBLISHED.exists():
        pytest.skip("the published standard is not next to this checkout")
    assert json.loads(SHIPPED.read_text()) == json.loads(PUBLISHED.read_text())


def _urls() -> list[tuple[str, str]]:
    """(path template of the swagger, a URL of ours that answers it) for every endpoint with data."""
    kw = Framework.objects.get(slug="kw-spf-2019")
    inacol = Framework.objects.get(slug="inacol-promising-2016")
    item = Item.objects.filter(framework=inacol, links_out__isnull=False).first()
    assert item is not None
    link = item.links_out.first()
    assert link is not None
    return [
        ("/CFDocuments", f"{ROOT}/CFDocuments"),
        ("/CFDocuments/{sourcedId}", f"{ROOT}/CFDocuments/{kw.identifier}"),
        ("/CFPackages/{sourcedId}", f"{ROOT}/CFPackages/{kw.identifier}"),
        ("/CFPackages/{sourcedId}", f"{ROOT}/CFPackages/{inacol.identifier}"),
        ("/CFItems/{sourcedId}", f"{ROOT}/CFItems/{item.identifier}"),
        ("/CFAssociations/{sourcedId}", f"{ROOT}/CFAssociations/{link.identifier}"),
        ("/CFAssociations/{sourcedId}", f"{ROOT}/CFAssociations/{derived(item.identifier, 'isChildOf')}"),
        ("/CFItemAssociations/{sourcedId}", f"{ROOT}/CFItemAssociations/{item.identifier}"),
        ("/CFRubrics/{sourcedId}", f"{ROOT}/CFRubrics/{derived(kw.identifier, 'rubric')}"),
        ("/CFItemTypes/{sourcedId}", f"{ROOT}/CFItemTypes/{item_type_identifier(ItemKind.CONDITION)}"),
    ]


def test_every_response_matches_the_binding(client):
    problems = {}
    for template, url in _urls():
        response = client.get(url)
        assert response.status_code == 200, url
        if errors := _errors(response.json(), template):
            problems[url] = errors
    assert not problems, json.dumps(problems, indent=1)


def test_package_members_carry_only_package_properties(client):
    kw = Framework.objects.get(slug="kw-spf-2019")
    package = client.get(f"{ROOT}/CFPackages/{kw.identifier}").json()
    assert "CFPackageURI" not in package["CFDocument"]
    assert all("CFDocumentURI" not in i for i in package["CFItems"])
    assert all("CFDocumentURI" not in a for a in package["CFAssociations"])
    # Outside the package the same objects link their package and document.
    document = client.get(f"{ROOT}/CFDocuments/{kw.identifier}").json()
    assert document["CFPackageURI"]["identifier"] == str(kw.identifier)
    item = client.get(f"{ROOT}/CFItems/{package['CFItems'][0]['identifier']}").json()
    assert item["CFDocumentURI"]["identifier"] == str(kw.identifier)


def test_status_dates_are_dates(client):
    kw = Framework.objects.get(slug="kw-spf-2019")
    document = client.get(f"{ROOT}/CFDocuments/{kw.identifier}").json()
    assert document["statusStartDate"] == f"{kw.year:04d}-01-01"
    assert "statusEndDate" not in document or len(document["statusEndDate"]) == 10


def test_every_item_type_uri_resolves(client):
    for fw in Framework.objects.all():
        package = client.get(f"{ROOT}/CFPackages/{fw.identifier}").json()
        for cf_item in package["CFItems"]:
            uri = cf_item["CFItemTypeURI"]["uri"]
            response = client.get(uri.split("testserver", 1)[-1])
            assert response.status_code == 200, uri
            assert response.json()["CFItemTypes"][0]["identifier"] == cf_item["CFItemTypeURI"]["identifier"]


@pytest.mark.parametrize("collection", ["CFItemTypes", "CFConcepts", "CFSubjects", "CFLicenses", "CFAssociationGroupings"])
def test_definition_endpoints_exist_and_answer_unknown_ids_in_the_case_format(client, collection):
    for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response = client.get(f"{ROOT}/{collection}/{bad}")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        body = response.json()
        assert body["imsx_codeMajor"] == "failure"
        assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"
        assert not _status_errors(body)


def _status_errors(body: Any) -> list[str]:
    swagger = _swagger()
    schema = {"$ref": "#/definitions/imsx_StatusInfo.Type", "definitions": _flatten(swagger["definitions"])}
    return [e.message for e in Draft4Validator(schema).iter_errors(body)]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_wrong_methods_get_405_not_403(method):
    from django.test import Client  # noqa: PLC0415

    csrf_client = Client(enforce_csrf_checks=True)
    kw = Framework.objects.get(slug="kw-spf-2019")
    for url in (f"{ROOT}/CFDocuments", f"{ROOT}/CFPackages/{kw.identifier}", f"{ROOT}/CFItemTypes/{item_type_identifier(ItemKind.CONDITION)}"):
        response = getattr(csrf_client, method)(url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert response["Allow"] == "GET, HEAD"
