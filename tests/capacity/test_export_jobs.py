"""Large state exports run on the one queue (core.exports): the shared threshold, the job, its file, who may download it."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from statewide.accounts.models import Role
from statewide.capacity.models import ReadinessRound, RoundStatus
from statewide.core import exports
from statewide.core.audit import AuditEvent
from statewide.core.models import Job, JobStatus
from tests.capacity.bulk import build
from tests.factories import person, state_agency

pytestmark = pytest.mark.django_db


def test_the_shared_threshold_is_a_boundary():
    assert not exports.export_runs_in_background(exports.EXPORT_BACKGROUND_ROWS)
    assert exports.export_runs_in_background(exports.EXPORT_BACKGROUND_ROWS + 1)


@pytest.fixture
def districts(instrument):
    return build(instrument, districts=6, schools_per_district=1)


@pytest.fixture
def low_threshold(monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_BACKGROUND_ROWS", 5)  # 12 rounds are "large" for these tests


def test_a_large_rounds_export_goes_through_the_queue_and_its_file_is_served_after_a_permission_check(client, districts, low_threshold):
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    client.force_login(admin)
    page = client.get("/capacity/states/TX/rounds.csv")
    assert page.status_code == 200 and not page.streaming
    assert "12 rows" in page.content.decode() and "Prepare the file" in page.content.decode()
    response = client.post("/capacity/states/TX/rounds.csv")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.public_id}/"
    assert job.status == JobStatus.SUCCEEDED and job.done == job.total == 12 and job.result["rows"] == 12  # the immediate backend ran it
    assert AuditEvent.objects.filter(action="capacity_export.enqueue", object_id=str(job.public_id), scope_state="TX").exists()
    job_page = client.get(f"/jobs/{job.public_id}/").content.decode()
    assert f"/jobs/{job.public_id}/download/" in job_page and "12 rows exported." in job_page
    download = client.get(f"/jobs/{job.public_id}/download/")
    assert download.status_code == 200 and 'filename="capacity-rounds-tx.csv"' in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 13 and rows[0][:2] == ["district_leaid", "district"]
    assert {r[0] for r in rows[1:]} == {d.nces_leaid for d in districts}
    # Someone else (a district's lead, another state's admin) may not see the job nor its file.
    for outsider in (person(Role.DISTRICT_LEAD, districts[0]), person(Role.STATE_ADMIN, state_agency("OK"))):
        client.force_login(outsider)
        assert client.get(f"/jobs/{job.public_id}/download/").status_code == 404
        assert client.post("/capacity/states/TX/rounds.csv").status_code == 403
    # Another admin of the state shares the state's jobs.
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    assert client.get(f"/jobs/{job.public_id}/download/").status_code == 200


def test_the_xlsx_export_in_the_background_and_through_the_api(client, districts, low_threshold):
    reviewer = person(Role.STATE_REVIEWER, state_agency("TX"))
    client.force_login(reviewer)
    accepted = client.post("/api/v1/capacity/states/TX/exports", {"what": "rounds", "format": "xlsx"}, content_type="application/json")
    assert accepted.status_code == 202
    status = client.get(accepted.json()["url"]).json()
    assert status["status"] == "succeeded" and status["result"]["rows"] == 12 and status["download"].endswith("/download")
    download = client.get(status["download"])
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 13 and sheet.title == "rounds"
    first = ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED).select_related("district").order_by("district__name", "-submitted_at", "-id")[0]
    assert sheet.cell(row=2, column=1).value == first.district.nces_leaid
    bad = client.post("/api/v1/capacity/states/TX/exports", {"what": "answers", "format": "pdf"}, content_type="application/json")
    assert bad.status_code in (400, 422) and "what" in bad.content.decode()
    client.force_login(person(Role.EDUCATOR, districts[0]))
    assert client.post("/api/v1/capacity/states/TX/exports", {"what": "rounds"}, content_type="application/json").status_code == 403
    assert client.get(status["download"]).status_code == 404


def test_a_small_export_is_still_answered_in_the_request(client, districts):
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    response = client.get("/capacity/states/TX/rounds.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Job.objects.exists()


def test_prepared_files_are_purged_after_their_keeping_time(client, districts, low_threshold):
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    client.post("/capacity/states/TX/rounds.csv")
    job = Job.objects.get()
    call_command("purge_exports", stdout=io.StringIO())  # finished just now: kept
    assert client.get(f"/jobs/{job.public_id}/download/").status_code == 200
    out = io.StringIO()
    call_command("purge_exports", "--days", "0", stdout=out)
    assert out.getvalue().startswith("1 export file")
    job.refresh_from_db()
    assert job.result["expired"] is True and "file" not in job.result
    assert client.get(f"/jobs/{job.public_id}/download/").status_code == 404
    assert "/download/" not in client.get(f"/jobs/{job.public_id}/").content.decode()
    with pytest.raises(PermissionDenied):
        exports.exports_purge(actor=person(Role.STATE_ADMIN, state_agency("TX")))
