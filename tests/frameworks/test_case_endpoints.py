"""CASE 1.0: every content pack as a valid CFPackage, the provider endpoints, import and round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from jsonschema import Draft7Validator, FormatChecker

from statewide.accounts.models import Role
from statewide.assessments.models import Instrument
from statewide.core.jobs import BACKGROUND_IMPORT_BYTES
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.frameworks.case.documents import derived
from statewide.frameworks.loader import frameworks_load_packs
from statewide.frameworks.models import Framework, Item
from statewide.frameworks.packs import CONTENT_DIR
from tests.factories import DistrictFactory, person

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO.parent / "shared/standards/case-v1p0"  # the published standard, next to the checkout
# Every framework pack that ships (links-only packs have no framework), so a new pack is checked too.
SLUGS = sorted(d["framework"]["slug"] for d in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in CONTENT_DIR.glob("*.yaml")) if "framework" in d)
PACKAGE_QUERIES = 8
DOCUMENTS_QUERIES = 2


def shared_schema() -> dict[str, Any]:
    path = STANDARDS / "cfpackage-schema.json"
    if not path.exists():  # without ../shared, fall back to the copy the product ships (tested identical below)
        path = REPO / "src/statewide/frameworks/case/cfpackage-schema.json"
    return json.loads(path.read_text())


def package_of(client, slug: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    fw = Framework.objects.get(slug=slug)
    response = client.get(f"/ims/case/v1p0/CFPackages/{fw.identifier}")
    assert response.status_code == 200
    return response.json()


def without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k != "lastChangeDateTime"}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def test_shipped_schema_is_the_published_one():
    shipped = json.loads((REPO / "src/statewide/frameworks/case/cfpackage-schema.json").read_text())
    assert shipped == shared_schema()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_every_content_pack_is_a_valid_cfpackage(client, slug):
    package = package_of(client, slug)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(shared_schema(), format_checker=FormatChecker()).iter_errors(package)]
    assert errors == []
    assert package["CFItems"] and all(
        a["associationType"] in {"isChildOf", "isRelatedTo", "exactMatchOf", "isPartOf", "precedes"} for a in package["CFAssociations"]
    )


@pytest.mark.django_db
def test_kw_package_content_and_rubric(client, django_assert_max_num_queries):
    fw = Framework.objects.get(slug="kw-spf-2019")
    with django_assert_max_num_queries(PACKAGE_QUERIES):
        package = client.get(f"/ims/case/v1p0/CFPackages/{fw.identifier}").json()
    doc = package["CFDocument"]
    assert doc["identifier"] == str(fw.identifier) and doc["creator"] == "KnowledgeWorks" and doc["version"] == "2nd edition"
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert items["vision-for-student-success"]["CFItemType"] == "Policy condition"
    assert "Source: " in items["vision-for-student-success"]["notes"] and "Checked on: 2026-11-22" in items["vision-for-student-success"]["notes"]
    assert "Unconfirmed" in items["twelfth-condition-unconfirmed"]["notes"]
    rubric = package["CFRubrics"][0]
    assert len(rubric["CFRubricCriteria"]) == 12  # one criterion per condition
    levels = rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [lv["quality"] for lv in levels] == ["Exploration", "Replication", "Statewide transformation"]
    assert levels[0]["description"].startswith(("Goal: ", "Support action: ", "Strategic question: "))
    assert levels[2]["description"] == "Not yet published in this pack."  # never invented


@pytest.mark.django_db
def test_identifiers_are_stable_across_reloads(client):
    before = package_of(client, "inacol-promising-2016")
    frameworks_load_packs(actor=SYSTEM, force=True)
    after = package_of(client, "inacol-promising-2016")
    ids = lambda p: sorted([i["identifier"] for i in p["CFItems"]] + [a["identifier"] for a in p["CFAssociations"]])  # noqa: E731
    assert ids(before) == ids(after)


@pytest.mark.django_db
def test_each_endpoint_answers_and_unknown_ids_are_404_in_the_case_status_format(client, django_assert_max_num_queries):
    fw = Framework.objects.get(slug="inacol-promising-2016")
    item = Item.objects.filter(framework=fw, links_out__isnull=False).first()
    assert item is not None
    with django_assert_max_num_queries(DOCUMENTS_QUERIES):
        docs = client.get("/ims/case/v1p0/CFDocuments").json()["CFDocuments"]
    assert {d["title"] for d in docs} >= {"Promising State Policies for Personalized Learning"} or len(docs) == 5
    assert len(client.get("/ims/case/v1p0/CFDocuments?limit=2&offset=1").json()["CFDocuments"]) == 2
    assert client.get("/ims/case/v1p0/CFDocuments?limit=0").status_code == 400
    past_the_end = client.get("/ims/case/v1p0/CFDocuments?offset=1000")  # CASE's CFDocumentSet holds at least one document
    assert past_the_end.status_code == 404 and past_the_end.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"
    assert client.get(f"/ims/case/v1p0/CFDocuments/{fw.identifier}").json()["identifier"] == str(fw.identifier)
    assert client.get(f"/ims/case/v1p0/CFItems/{item.identifier}").json()["humanCodingScheme"] == item.code
    link = item.links_out.first()
    assert link is not None
    assert client.get(f"/ims/case/v1p0/CFAssociations/{link.identifier}").json()["destinationNodeURI"]["identifier"] == str(link.target.identifier)
    child = client.get(f"/ims/case/v1p0/CFAssociations/{derived(item.identifier, 'isChildOf')}").json()
    assert child["associationType"] == "isChildOf"
    pair = client.get(f"/ims/case/v1p0/CFItemAssociations/{item.identifier}").json()
    assert pair["CFItem"]["identifier"] == str(item.identifier) and len(pair["CFAssociations"]) >= 2
    kw = Framework.objects.get(slug="kw-spf-2019")
    assert client.get(f"/ims/case/v1p0/CFRubrics/{derived(kw.identifier, 'rubric')}").json()["CFRubricCriteria"]
    for path in ("CFDocuments", "CFPackages", "CFItems", "CFAssociations", "CFItemAssociations", "CFRubrics"):
        for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
            response = client.get(f"/ims/case/v1p0/{path}/{bad}")
            assert response.status_code == 404, path
            body = response.json()
            assert body["imsx_codeMajor"] == "failure" and body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_round_trip_export_import_export_is_equal(client, slug):
    editor = person(Role.CONTENT_EDITOR)
    first = package_of(client, slug)
    Instrument.objects.filter(framework__slug=slug).delete()  # the quiz built on the framework protects it
    Framework.objects.filter(slug=slug).delete()
    client.force_login(editor)
    body = json.dumps(first)
    response = client.post(f"/api/v1/frameworks/import-case?slug={slug}", body, content_type="application/json")
    # A package over 64 KB is imported by the background queue (run at once by the tests' backend).
    assert response.status_code == (202 if len(body.encode()) > BACKGROUND_IMPORT_BYTES else 201), response.content
    if response.status_code == 202:
        assert client.get(response.json()["url"]).json()["status"] == "succeeded"
    second = package_of(client, slug)
    assert without_times(second) == without_times(first)
    assert AuditEvent.objects.filter(action="framework.import_case", actor=editor).exists()


@pytest.mark.django_db
def test_invalid_packages_list_every_problem_and_write_nothing(client):
    client.force_login(person(Role.CONTENT_EDITOR))
    package = package_of(client, "ccsso-iln-attributes")
    before = (Framework.objects.count(), Item.objects.count())
    # Same identifiers as an existing framework: refused.
    duplicate = client.post("/api/v1/frameworks/import-case?slug=copy", json.dumps(package), content_type="application/json")
    assert duplicate.status_code == 400 and any("already exists" in p for p in duplicate.json()["error"]["fields"]["package"])
    broken = json.loads(json.dumps(package))
    del broken["CFDocument"]["title"]
    broken["CFItems"][1]["identifier"] = "not-a-uuid"
    broken["CFAssociations"][0]["associationType"] = "isFriendOf"
    problems = client.post("/api/v1/frameworks/import-case", json.dumps(broken), content_type="application/json").json()["error"]["fields"]["package"]
    assert any(p.startswith("CFDocument:") and "title" in p for p in problems)
    assert any(p.startswith("CFItems/1/identifier") for p in problems)
    assert any(p.startswith("CFAssociations/0/associationType") for p in problems)
    assert client.post("/api/v1/frameworks/import-case", b"{not json", content_type="application/json").status_code == 400
    assert (Framework.objects.count(), Item.objects.count()) == before


@pytest.mark.django_db
def test_only_content_editors_import(client):
    package = package_of(client, "ccsso-iln-attributes")
    Framework.objects.filter(slug="ccsso-iln-attributes").delete()
    body = json.dumps(package)
    assert client.post("/api/v1/frameworks/import-case", body, content_type="application/json").status_code == 401
    client.force_login(person(Role.EDUCATOR, DistrictFactory()))
    assert client.post("/api/v1/frameworks/import-case", body, content_type="application/json").status_code == 403
    assert client.get("/frameworks/import-case/").status_code == 403
    assert not Framework.objects.filter(slug="ccsso-iln-attributes").exists()


@pytest.mark.django_db
def test_upload_page_and_cli(client, tmp_path, capsys):
    package = package_of(client, "aurora-local-capacity-2016")
    Framework.objects.filter(slug="aurora-local-capacity-2016").delete()
    client.force_login(person(Role.CONTENT_EDITOR))
    assert "CASE 1.0 package" in client.get("/frameworks/import-case/").content.decode()
    bad = client.post("/frameworks/import-case/", {"file": _upload("bad.json", b"[1, 2")})
    assert bad.status_code == 400 and "The file is not JSON." in bad.content.decode()
    ok = client.post("/frameworks/import-case/", {"file": _upload("p.json", json.dumps(package).encode()), "slug": "aurora-capacity"})
    assert ok.status_code == 302 and ok["Location"] == "/frameworks/aurora-capacity/"
    # The CLI refuses the same package again, naming the problem.
    path = tmp_path / "p.json"
    path.write_text(json.dumps(package))
    person(operator=True)
    with pytest.raises(Exception, match="already exists"):
        call_command("import_case", str(path), "--slug", "again")


def _upload(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile(name, content, content_type="application/json")


@pytest.mark.django_db
def test_large_upload_is_imported_as_a_background_job(client):
    from statewide.core.jobs import BACKGROUND_IMPORT_BYTES  # noqa: PLC0415
    from statewide.core.models import Job, JobStatus  # noqa: PLC0415

    package = package_of(client, "aurora-local-capacity-2016")
    Framework.objects.filter(slug="aurora-local-capacity-2016").delete()
    body = json.dumps(package, indent=2).encode()
    body += b" " * max(0, BACKGROUND_IMPORT_BYTES + 1 - len(body))  # whitespace keeps it valid JSON
    client.force_login(person(Role.CONTENT_EDITOR))
    response = client.post("/frameworks/import-case/", {"file": _upload("big.json", body), "slug": "kw-copy"})
    job = Job.objects.get(kind="frameworks.import_case")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.public_id}/"
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.next_url == "/frameworks/kw-copy/" and Framework.objects.filter(slug="kw-copy").exists()
    again = client.post("/frameworks/import-case/", {"file": _upload("big.json", body), "slug": "kw-copy"})
    failed = Job.objects.exclude(pk=job.pk).get()
    assert failed.status == JobStatus.FAILED and failed.attempts == 1
    assert "already exists" in client.get(again["Location"]).content.decode()
