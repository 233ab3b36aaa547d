"""Editing pages: who may edit what, field-level validation, level override, bulk import, follows."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statewide.accounts.models import Role
from statewide.core.jobs import BACKGROUND_IMPORT_BYTES
from statewide.core.models import AuditEvent, Job, JobStatus
from statewide.policies.models import Follow, LevelOverride, PolicyRecord, PolicyRecordVersion
from tests.factories import person, state_agency
from tests.policies.factories import PolicyRecordFactory

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {
        "jurisdiction": "TX",
        "title": "Districts of innovation",
        "policy_type": "innovation-zone",
        "instrument": "statute",
        "bill_number": "HB 1842",
        "session": "2015",
        "code_section": "Texas Education Code ch. 12A",
        "status": "in_effect",
        "date_precision": "day",
        "enacted_on": "2015-06-10",
        "effective_on": "2015-09-01",
        "conditions": ["culture-of-innovation"],
        "summary": "Lets districts exempt themselves from some rules.",
        "sources": "https://example.org/hb1842 | HB 1842 | 2026-11-22",
        "checked_on": "2026-11-22",
        "confirmed": "on",
        "related": "",
        "note": "added",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(client):
    user = person(Role.CONTENT_EDITOR)
    client.force_login(user)
    return user


@pytest.fixture
def tx_admin():
    return person(Role.STATE_ADMIN, state_agency("TX"))


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("policies:create"))
    assert response.status_code == 302 and "/account/signin/" in response["Location"]


def test_editor_creates_a_record_which_is_versioned_and_audited(client, editor):
    response = client.post(reverse("policies:create"), _form_data())
    assert response.status_code == 302
    record = PolicyRecord.objects.get(title="Districts of innovation")
    assert response["Location"] == reverse("policies:detail", args=[record.public_id])
    assert record.sources[0]["url"] == "https://example.org/hb1842"
    assert [c.code for c in record.conditions.all()] == ["culture-of-innovation"]
    assert PolicyRecordVersion.objects.filter(record=record, number=1).exists()
    assert AuditEvent.objects.filter(action__startswith="policy_record.").exists()
    html = client.get(response["Location"]).content.decode()
    assert "Version 1" in html


def test_field_level_validation(client, editor):
    response = client.post(reverse("policies:create"), _form_data(title="", sources="not a url", enacted_on="2015-13-45"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors and "sources" in form.errors
    html = response.content.decode()
    assert "usa-error-message" in html and 'aria-invalid="true"' in html
    assert not PolicyRecord.objects.filter(bill_number="HB 1842").exists()


def test_service_errors_land_on_fields(client, editor):
    response = client.post(reverse("policies:create"), _form_data(enacted_on="2015-13-45"))
    assert response.status_code == 200
    assert "enacted_on" in response.context["form"].errors


def test_state_admin_edits_own_state_only(client, tx_admin):
    own = PolicyRecordFactory(state="TX")
    other = PolicyRecordFactory(state="NH")
    client.force_login(tx_admin)
    assert client.get(reverse("policies:edit", args=[other.public_id])).status_code == 403
    assert client.post(reverse("policies:edit", args=[other.public_id]), _form_data(jurisdiction="NH")).status_code == 403
    assert client.post(reverse("policies:delete", args=[other.public_id])).status_code == 403
    assert PolicyRecord.objects.filter(pk=other.pk).exists()
    page = client.get(reverse("policies:edit", args=[own.public_id]))
    assert page.status_code == 200
    # the state choice offers only the admin's own state
    assert [c[0] for c in page.context["form"].fields["jurisdiction"].choices] == ["TX"]
    response = client.post(reverse("policies:edit", args=[own.public_id]), _form_data(title="Renamed by TX"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Renamed by TX"
    # moving a record to another state is refused
    response = client.post(reverse("policies:edit", args=[own.public_id]), _form_data(jurisdiction="NH"))
    assert response.status_code == 200 and "jurisdiction" in response.context["form"].errors


def test_user_without_edit_rights_gets_403(client):
    client.force_login(person())
    assert client.get(reverse("policies:create")).status_code == 403
    assert client.get(reverse("policies:import")).status_code == 403
    record = PolicyRecordFactory(state="TX")
    assert client.get(reverse("policies:edit", args=[record.public_id])).status_code == 403


def test_detail_shows_edit_links_only_to_editors(client, tx_admin):
    record = PolicyRecordFactory(state="NH")
    client.force_login(tx_admin)
    html = client.get(reverse("policies:detail", args=[record.public_id])).content.decode()
    assert reverse("policies:edit", args=[record.public_id]) not in html


def test_delete_keeps_history(client, editor):
    record = PolicyRecordFactory(state="TX")
    response = client.post(reverse("policies:delete", args=[record.public_id]), {"note": "duplicate"})
    assert response.status_code == 302
    assert not PolicyRecord.objects.filter(pk=record.pk).exists()
    assert PolicyRecordVersion.objects.filter(record_public_id=record.public_id, action="deleted").exists()


def test_level_override_needs_a_reason_and_an_editor(client, editor, tx_admin):
    url = reverse("policies:level_override", args=["TX"])
    response = client.post(url, {"level_code": "advanced", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert not LevelOverride.objects.exists()
    response = client.post(url, {"level_code": "advanced", "reason": "The state's 2026 review."})
    assert response.status_code == 302
    assert LevelOverride.objects.get(jurisdiction__usps="TX").reason == "The state's 2026 review."
    client.force_login(tx_admin)
    assert client.get(url).status_code == 403


def _csv(rows):
    header = "jurisdiction,title,policy_type,instrument,status,enacted_on,summary,sources"
    return (header + "\n" + "\n".join(rows) + "\n").encode()


def test_import_good_csv(client, editor):
    data = _csv(
        [
            "TX,Imported one,pilot-grant,statute,in_effect,2016-01-01,One,https://example.org/1",
            "NH,Imported two,funding,statute,in_effect,2017-01-01,Two,https://example.org/2",
        ]
    )
    response = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("p.csv", data, "text/csv"), "format": "csv"})
    assert response.status_code == 302
    assert PolicyRecord.objects.filter(title__startswith="Imported").count() == 2


def test_import_bad_csv_imports_nothing_and_names_every_bad_row(client, editor):
    data = _csv(
        [
            "TX,Good row,pilot-grant,statute,in_effect,2016-01-01,Good,https://example.org/1",
            "TX,Bad type,no-such-type,statute,in_effect,2016-01-01,Bad,https://example.org/2",
            "XX,Bad state,pilot-grant,statute,in_effect,2016-01-01,Bad,https://example.org/3",
        ]
    )
    response = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("p.csv", data, "text/csv"), "format": "csv"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "line 3" in html and "line 4" in html and "line 2" not in html
    assert not PolicyRecord.objects.filter(title__in=["Good row", "Bad type", "Bad state"]).exists()


def _large_csv(n, bad_line=None):
    pad = "x" * 120  # long summaries push the file over the background threshold
    rows = [f"TX,Bulk {i},pilot-grant,statute,in_effect,2016-01-01,{pad},https://example.org/{i}" for i in range(n)]
    if bad_line is not None:
        rows[bad_line - 2] = rows[bad_line - 2].replace("pilot-grant", "no-such-type")
    return _csv(rows)


def test_large_import_runs_as_a_background_job_with_progress(client, editor):
    data = _large_csv(500)
    assert len(data) > BACKGROUND_IMPORT_BYTES
    response = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("big.csv", data, "text/csv"), "format": "csv"})
    job = Job.objects.get(kind="policies.import")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.public_id}/"
    assert job.status == JobStatus.SUCCEEDED and job.result["created"] == 500 and job.payload == {}
    assert PolicyRecord.objects.filter(title__startswith="Bulk ").count() == 500
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 500 new" in page and 'value="100"' in page
    assert "big.csv" in client.get("/my-work/").content.decode()


def test_large_import_with_a_bad_row_fails_with_its_line_and_imports_nothing(client, editor):
    response = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("big.csv", _large_csv(500, bad_line=321), "text/csv"), "format": "csv"})
    job = Job.objects.get(kind="policies.import")
    assert job.status == JobStatus.FAILED and job.attempts == 1, "bad input is not retried"
    page = client.get(response["Location"]).content.decode()
    assert "line 321" in page and "nothing was imported" in page
    assert not PolicyRecord.objects.filter(title__startswith="Bulk ").exists()


def test_import_checks_content_and_size(client, editor):
    as_json = json.dumps({"schema": "statewide-policies/1", "records": []}).encode()
    wrong = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("p.csv", as_json, "text/csv"), "format": "csv"})
    assert "file" in wrong.context["form"].errors
    binary = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("p.csv", b"\xff\xfe\x00bad", "text/csv"), "format": "csv"})
    assert "file" in binary.context["form"].errors
    big = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("p.csv", b"a" * (2 * 1024 * 1024 + 1), "text/csv"), "format": "csv"})
    assert "file" in big.context["form"].errors


def test_state_admin_import_of_other_state_is_refused(client, tx_admin):
    client.force_login(tx_admin)
    data = _csv(["NH,Not mine,funding,statute,in_effect,2017-01-01,Two,https://example.org/2"])
    response = client.post(reverse("policies:import"), {"file": SimpleUploadedFile("p.csv", data, "text/csv"), "format": "csv"})
    assert response.status_code == 200
    assert "line 2" in response.content.decode()
    assert not PolicyRecord.objects.filter(title="Not mine").exists()


def test_follow_a_state_and_a_type(client, seeded):
    user = person()
    client.force_login(user)
    response = client.post(reverse("policies:follow"), {"usps": "ID", "next": "/tracker/states/ID/"})
    assert response.status_code == 302 and response["Location"] == "/tracker/states/ID/"
    client.post(reverse("policies:follow"), {"policy_type": "funding"})
    assert Follow.objects.filter(user=user).count() == 2
    html = client.get(reverse("policies:state", args=["ID"])).content.decode()
    assert "Stop following Idaho" in html
    page = client.get(reverse("policies:follows")).content.decode()
    assert "Idaho" in page and "Funding" in page
    client.post(reverse("policies:unfollow"), {"usps": "ID"})
    assert list(Follow.objects.filter(user=user).values_list("policy_type__code", flat=True)) == ["funding"]
    evil = client.post(reverse("policies:follow"), {"usps": "NH", "next": "https://evil.example/"})
    assert evil["Location"] == "/tracker/follows/"


def test_follow_needs_sign_in(client, seeded):
    assert client.post(reverse("policies:follow"), {"usps": "ID"}).status_code == 302
    assert not Follow.objects.exists()


def test_add_links_only_for_people_who_may_add(client, tx_admin):
    client.force_login(person())
    assert reverse("policies:create") not in client.get(reverse("policies:list")).content.decode()
    client.force_login(tx_admin)
    assert reverse("policies:create") in client.get(reverse("policies:list")).content.decode()
    assert f"{reverse('policies:create')}?state=TX" in client.get(reverse("policies:state", args=["TX"])).content.decode()
    assert reverse("policies:create") not in client.get(reverse("policies:state", args=["NH"])).content.decode()
