"""Bulk award from CSV: preview, the unmatched-rows report with line numbers, all-or-nothing award."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from statewide.core.errors import ApplicationError
from statewide.credentials import services
from statewide.credentials.models import Credential

from .setup import build_world, earn

pytestmark = pytest.mark.django_db


def test_preview_reports_unmatched_rows_and_award_issues_the_matched(client):
    world = build_world()
    holder_world = earn(world)
    assert holder_world.recipient == world.educator
    other = build_world()
    text = (
        "email,narrative\n"
        f"{other.educator.email.upper()},Led the district's pacing pilot\n"
        "nobody@example.org,x\n"
        "not-an-email,y\n"
        f"{world.educator.email},again\n"
        f"{other.educator.email},repeat\n"
        f'{other.assessor.email},=HYPERLINK("x")\n'
    )
    preview = services.credential_bulk_preview(actor=world.admin, version=world.version, csv_text=text)
    assert [(r.line, r.user) for r in preview.matched] == [(2, other.educator), (7, other.assessor)]
    assert [r.line for r in preview.unmatched] == [3, 4, 5, 6]
    assert "Already holds" in preview.unmatched[2].problem
    client.force_login(world.admin)
    url = reverse("credentials:bulk_award", args=[world.version.public_id])
    page = client.post(url, {"csv": text, "preview": "1"})
    assert page.status_code == 200 and b"nobody@example.org" in page.content
    assert Credential.objects.count() == 1  # a preview writes nothing
    client.post(url, {"csv": text, "award": "1"})
    awarded = Credential.objects.filter(recipient=other.educator).get()
    assert awarded.narrative == "Led the district's pacing pilot" and awarded.document["description"] == awarded.narrative


def test_bad_csv_and_permissions():
    world = build_world()
    for text, expected in (("", "Line 1"), ("name\nx\n", "Line 1"), ("email\nnobody@example.org\n", "Line 2")):
        with pytest.raises(ApplicationError) as err:
            services.credential_bulk_award(actor=world.admin, version=world.version, csv_text=text)
        assert expected in " ".join(err.value.fields["csv"])
    with pytest.raises(PermissionDenied):
        services.credential_bulk_preview(actor=world.educator, version=world.version, csv_text="email\nx@example.org\n")


def test_a_large_file_is_awarded_through_the_background_queue(client):
    from statewide.core.jobs import BACKGROUND_IMPORT_BYTES, runs_in_background  # noqa: PLC0415
    from statewide.core.models import Job  # noqa: PLC0415

    world = build_world()
    other = build_world()
    long_narrative = "Led the pilot. " * (BACKGROUND_IMPORT_BYTES // 15 + 10)
    text = f"email,narrative\n{world.educator.email},Short\nnobody@example.org,{long_narrative}\n{other.educator.email},Also short\nnot-an-email,x\n"
    assert runs_in_background(len(text.encode()))
    client.force_login(world.admin)
    url = reverse("credentials:bulk_award", args=[world.version.public_id])
    response = client.post(url, {"file": _upload(text), "preview": "1"})
    job = Job.objects.get(kind="credentials.bulk_award")
    assert response.status_code == 302 and response["Location"] == reverse("web:job", args=[job.public_id])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.total == job.done == 2  # progress counts the matched rows it awards
    assert job.result["awarded"] == 2 and job.result["not_matched"] == 2 and job.payload == {}
    assert set(Credential.objects.filter(version=world.version).values_list("recipient", flat=True)) == {world.educator.pk, other.educator.pk}
    page = client.get(response["Location"])
    assert page.status_code == 200
    report = page.content.decode().split('id="job-report"', 1)[1]
    assert "nobody@example.org" in report and ">3<" in report and ">5<" in report and "Not an e-mail address" in report
    # Bad files are refused in the request, with line numbers; nothing is queued.
    bad = "name\n" + "x" * (BACKGROUND_IMPORT_BYTES + 10) + "\n"
    refused = client.post(url, {"file": _upload(bad), "preview": "1"})
    assert refused.status_code == 400 and b"Line 1" in refused.content and Job.objects.count() == 1
    client.force_login(world.educator)
    assert client.post(url, {"file": _upload(text)}).status_code in (403, 404) and Job.objects.count() == 1


def _upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile("awards.csv", text.encode(), content_type="text/csv")
