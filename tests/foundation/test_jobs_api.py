"""Large imports over the API go through the one background queue: 202, then `GET /api/v1/jobs/{id}`
shows status, progress and the result or the errors; who sees a job is one policy rule."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client, override_settings

from statewide.accounts.models import Role
from statewide.core.jobs import BACKGROUND_IMPORT_BYTES, ProgressWriter, job_enqueue, job_list
from statewide.core.models import Job, JobStatus
from statewide.frameworks.models import Framework
from statewide.policies.demo import load_policy_types
from statewide.policies.io import COLUMNS, policy_records_import
from statewide.policies.models import PolicyRecord, PolicyType
from tests.factories import person, state_agency
from tests.frameworks.test_case_endpoints import package_of

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROW = ",TX,Record {n},pilot-grant,statute,,,,in_effect,,2015-01-01,,,,,day,,A summary long enough to pad the file {n},https://example.org/{n},,true,,\n"


def _csv(rows: int, bad_line: int | None = None) -> bytes:
    lines = [",".join(COLUMNS) + "\n"] + [ROW.format(n=n) for n in range(rows)]
    if bad_line is not None:  # line numbers count the header as line 1
        lines[bad_line - 1] = lines[bad_line - 1].replace("2015-01-01", "not-a-date")
    return "".join(lines).encode()


def _big_csv(bad_line: int | None = None) -> bytes:
    rows = BACKGROUND_IMPORT_BYTES // len(ROW) + 10
    data = _csv(rows, bad_line)
    assert len(data) > BACKGROUND_IMPORT_BYTES
    return data


@pytest.fixture
def policy_types(transactional_db: Any) -> None:
    if not PolicyType.objects.exists():
        load_policy_types()


def _post_csv(client: Client, data: bytes) -> Any:
    return client.post("/api/v1/policies/import?format=csv", data, content_type="text/csv")


# the worker closes database connections after each task: no test transaction may wrap it
@pytest.mark.django_db(transaction=True)
def test_a_large_policy_import_answers_202_and_the_worker_imports_it(client: Client, policy_types: None) -> None:
    admin, colleague = person(Role.STATE_ADMIN, state_agency("TX")), person(Role.STATE_ADMIN, state_agency("TX"))
    outsider = person(Role.STATE_ADMIN, state_agency("FL"))
    data = _big_csv()
    client.force_login(admin)
    with override_settings(TASKS=DB_TASKS):
        response = _post_csv(client, data)
        assert response.status_code == 202, response.content
        body = response.json()
        job = Job.objects.get(public_id=body["id"])
        assert body["status"] == "queued" and response["Location"] == body["url"] and body["url"].endswith(f"/api/v1/jobs/{job.public_id}")
        assert body["page"].endswith(f"/jobs/{job.public_id}/")
        assert not PolicyRecord.objects.exists(), "nothing is imported inside the request"
        queued = client.get(f"/api/v1/jobs/{job.public_id}").json()
        assert queued["status"] == "queued" and queued["finished"] is False and queued["state"] == "TX"
        call_command("worker", "--batch")
    rows = data.count(b"\n") - 1
    assert PolicyRecord.objects.filter(jurisdiction__usps="TX").count() == rows
    done = client.get(f"/api/v1/jobs/{job.public_id}").json()
    assert done["status"] == "succeeded" and done["finished"] is True and done["percent"] == 100
    assert done["result"]["created"] == rows and done["fields"] == {} and done["error"] == ""
    # Checked and written: the progress counts each row twice and ends complete.
    assert done["done"] == done["total"] == 2 * rows and done["stage"] == ""
    # Another admin of Texas sees the state's import (page, API, My work); Florida's admin does not.
    client.force_login(colleague)
    assert client.get(f"/api/v1/jobs/{job.public_id}").status_code == 200
    assert client.get(f"/jobs/{job.public_id}/").status_code == 200
    assert job.label in client.get("/my-work/").content.decode()
    client.force_login(outsider)
    missing = client.get(f"/api/v1/jobs/{job.public_id}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get(f"/jobs/{job.public_id}/").status_code == 404
    assert job.label not in client.get("/my-work/").content.decode()
    client.logout()
    assert client.get(f"/api/v1/jobs/{job.public_id}").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_bad_large_import_fails_with_line_numbers_and_writes_nothing(client: Client, policy_types: None) -> None:
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    with override_settings(TASKS=DB_TASKS):
        job_id = _post_csv(client, _big_csv(bad_line=7)).json()["id"]
        call_command("worker", "--batch")
    failed = client.get(f"/api/v1/jobs/{job_id}").json()
    assert failed["status"] == "failed" and failed["attempts"] == 1, "bad input is not retried"
    assert list(failed["fields"]) == ["line 7"] and "enacted_on" in failed["fields"]["line 7"][0]
    assert "nothing was imported" in failed["error"] and failed["result"] == {}
    assert not PolicyRecord.objects.exists()


@pytest.mark.django_db
def test_large_import_checks_what_it_can_at_once_and_small_ones_stay_synchronous(client: Client) -> None:
    load_policy_types()
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    wrong = client.post("/api/v1/policies/import?format=xml", _big_csv(), content_type="text/csv")
    assert wrong.status_code == 400 and "format" in wrong.json()["error"]["fields"]
    not_utf8 = _post_csv(client, b"\xff\xfe" + _big_csv())
    assert not_utf8.status_code == 400 and "file" in not_utf8.json()["error"]["fields"]
    nul = _post_csv(client, _big_csv().replace(b"Record 1,", b"Record\x001,"))
    assert nul.status_code == 400
    assert not Job.objects.exists()
    client.force_login(person())
    assert _post_csv(client, _big_csv()).status_code == 403 and not Job.objects.exists()
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    small = _post_csv(client, _csv(3))
    assert small.status_code == 200 and small.json()["created"] == 3 and not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_large_case_import_runs_in_the_worker_and_reports_json_paths(client: Client) -> None:
    package = package_of(client, "aurora-local-capacity-2016")
    body = json.dumps(package, indent=2).encode()
    body += b" " * max(0, BACKGROUND_IMPORT_BYTES + 1 - len(body))  # whitespace keeps it valid JSON
    client.force_login(person(Role.CONTENT_EDITOR))
    with override_settings(TASKS=DB_TASKS):
        duplicate = client.post("/api/v1/frameworks/import-case?slug=aurora-copy", body, content_type="application/json")
        assert duplicate.status_code == 202, duplicate.content
        call_command("worker", "--batch")
    failed = client.get(duplicate.json()["url"]).json()
    assert failed["status"] == "failed" and any(p.startswith("CFDocument/identifier:") for p in failed["fields"]["package"])
    assert not Framework.objects.filter(slug="aurora-copy").exists()
    Framework.objects.filter(slug="aurora-local-capacity-2016").delete()
    with override_settings(TASKS=DB_TASKS):
        accepted = client.post("/api/v1/frameworks/import-case?slug=aurora-copy", body, content_type="application/json")
        call_command("worker", "--batch")
    done = client.get(accepted.json()["url"]).json()
    assert done["status"] == "succeeded" and done["result"]["slug"] == "aurora-copy" and done["done"] == done["total"] > 1
    assert Framework.objects.filter(slug="aurora-copy").exists()


@pytest.mark.django_db
def test_the_write_phase_reports_progress_batch_by_batch() -> None:
    load_policy_types()
    seen: list[tuple[int, int, str]] = []
    policy_records_import(actor=person(Role.CONTENT_EDITOR), data=_csv(120), fmt="csv", progress=lambda d, t, stage="": seen.append((d, t, stage)))
    stages = [s for _d, _t, s in seen]
    assert stages[0] == "Checking rows" and stages[-1] == "Writing records"
    assert seen[-1][:2] == (240, 240) and [d for d, _t, _s in seen] == sorted(d for d, _t, _s in seen)


def _in_a_transaction(job: Job, *, actor: Any, progress: Any) -> dict[str, Any]:
    """Reports progress inside a transaction and reads it back from another connection meanwhile."""
    with transaction.atomic():
        progress(3, 10, stage="Writing records")
        main = connections["default"]
        other = type(main)(dict(main.settings_dict))
        try:
            with other.cursor() as cursor:
                cursor.execute(f"SELECT done, total FROM {Job._meta.db_table} WHERE id = %s", [job.pk])  # noqa: S608
                seen = list(cursor.fetchone())
        finally:
            other.close()
    return {"seen": seen}


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_visible_at_once_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: progress made inside a transaction shows when it commits")
    with override_settings(TASKS=DB_TASKS):
        job = job_enqueue(actor=person(), kind="test", label="tx", handler="tests.foundation.test_jobs_api._in_a_transaction", payload={})
        call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"seen": [3, 10]}


@pytest.mark.django_db
def test_progress_of_a_job_created_in_the_same_transaction_is_kept() -> None:
    with transaction.atomic():
        job = Job.objects.create(kind="test", label="x", handler="h", as_system=True)
        writer = ProgressWriter(job)
        writer(2, 4, stage="Checking rows")
        writer.close()
        job.refresh_from_db()
        assert (job.done, job.total, job.result) == (2, 4, {"stage": "Checking rows"})


@pytest.mark.django_db
def test_job_visibility_is_one_rule(client: Client) -> None:
    admin_tx, admin_fl, reviewer_tx = person(Role.STATE_ADMIN, state_agency("TX")), person(Role.STATE_ADMIN, state_agency("FL")), person()
    mine = job_enqueue(actor=admin_tx, kind="test", label="own", handler="tests.foundation.test_jobs.flaky", payload={}, max_attempts=1)
    state = job_enqueue(actor=reviewer_tx, kind="test", label="tx", handler="tests.foundation.test_jobs.flaky", payload={}, max_attempts=1, scope_state="TX")
    assert set(job_list(admin_tx)) == {mine, state}
    assert set(job_list(admin_fl)) == set()
    assert set(job_list(reviewer_tx)) == {state}
    assert set(job_list(person(operator=True))) == {mine, state}


def test_the_openapi_document_describes_jobs_and_the_202_answers(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    job = schema["paths"]["/api/v1/jobs/{public_id}"]["get"]
    assert {"200", "401", "404"} <= set(job["responses"])
    out = schema["components"]["schemas"]["JobOut"]["properties"]
    assert {"status", "done", "total", "stage", "result", "fields", "error"} <= set(out)
    for path in ("/api/v1/policies/import", "/api/v1/frameworks/import-case"):
        accepted = schema["paths"][path]["post"]["responses"]["202"]
        assert accepted["content"]["application/json"]["schema"]["$ref"].endswith("/JobAccepted")


@pytest.mark.django_db
def test_a_running_import_shows_its_stage_and_progress_on_its_page_and_in_the_api(client: Client) -> None:
    user = person(Role.STATE_ADMIN, state_agency("TX"))
    job = Job.objects.create(kind="policies.import", label="Big file", handler="h", status=JobStatus.RUNNING, created_by=user, done=30, total=80)
    ProgressWriter(job)(45, 80, stage="Writing records")
    client.force_login(user)
    page = client.get(f"/jobs/{job.public_id}/").content.decode()
    assert "Writing records:" in page and "45 of 80 done" in page and 'hx-trigger="every 2s"' in page
    api = client.get(f"/api/v1/jobs/{job.public_id}").json()
    assert (api["stage"], api["done"], api["total"], api["percent"], api["finished"]) == ("Writing records", 45, 80, 56, False)
    client.cookies["django_language"] = "es"
    assert "Guardando registros:" in client.get(f"/jobs/{job.public_id}/").content.decode()
