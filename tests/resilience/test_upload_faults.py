"""A full disk or a failing storage backend during an upload: a clear error on the form, no row, no
partial file, nothing in the audit trail (core.uploads.stored_upload guards every stored upload)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from statewide.core.models import AuditEvent
from statewide.credentials.models import EvidenceFile, Issuer, Submission
from statewide.programs.models import Attachment
from tests.credentials.setup import build_world
from tests.programs import factories as programs
from tests.resilience.storages import FailsMidwayStorage, FullDiskStorage, failing, stored_files

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FAULTS = {
    "full disk": (FullDiskStorage, "the server's storage is full"),
    "fails midway": (FailsMidwayStorage, "the server's storage is not answering"),
}


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _seal() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (22, 46, 81)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("fault", FAULTS)
def test_a_program_attachment_the_storage_refuses(fault: str) -> None:
    backend, message = FAULTS[fault]
    prog, lead = programs.program(), programs.lead()
    app = programs.draft(prog, lead)
    url, client = reverse("programs:upload", args=[app.public_id]), _client(lead)
    events = AuditEvent.objects.count()
    with override_settings(STORAGES=failing(backend)):
        r = client.post(url, {"file": SimpleUploadedFile("chart.png", PNG, content_type="image/png")})
        assert r.status_code == 400 and escape(message) in r.content.decode()
        assert stored_files(default_storage) == []  # the part written before the failure is gone
    assert not Attachment.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize("fault", FAULTS)
def test_credential_evidence_the_storage_refuses_saves_nothing_of_the_form(fault: str) -> None:
    backend, message = FAULTS[fault]
    world = build_world()
    educator = _client(world.educator)
    assert educator.post(reverse("credentials:start", args=[world.version.public_id])).status_code == 302
    submission = Submission.objects.get(educator=world.educator)
    url = reverse("credentials:submission", args=[submission.public_id])
    events = AuditEvent.objects.count()
    with override_settings(STORAGES=failing(backend)):
        r = educator.post(url, {"evidence_text": "My plan.", "evidence_links": "", "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4 a lesson plan")})
        assert r.status_code == 400 and escape(message) in r.content.decode()
        assert stored_files(default_storage) == []
    submission.refresh_from_db()
    assert submission.evidence_text == "" and not EvidenceFile.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize("fault", FAULTS)
def test_an_issuer_image_the_storage_refuses_changes_nothing(fault: str) -> None:
    backend, message = FAULTS[fault]
    world = build_world()
    issuer = world.issuer
    url, admin = reverse("credentials:issuer_edit", args=[issuer.slug]), _client(world.admin)
    events = AuditEvent.objects.count()
    data = {"name": "Renamed agency", "url": issuer.url, "email": issuer.email, "description": "", "version": issuer.version}
    with override_settings(STORAGES=failing(backend)):
        r = admin.post(url, {**data, "image": SimpleUploadedFile("seal.png", _seal(), content_type="image/png")})
        assert r.status_code == 400 and escape(message) in r.content.decode()
        assert stored_files(default_storage) == []
    after = Issuer.objects.get(pk=issuer.pk)
    assert (after.name, after.image_type, after.image.name, after.version) == (issuer.name, "", "", issuer.version)
    assert AuditEvent.objects.count() == events


def test_a_stored_file_is_removed_when_its_row_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """The storage works but the database write after it fails: the file does not stay behind."""
    from statewide.programs.services import reports  # noqa: PLC0415

    prog, lead = programs.program(), programs.lead()
    app = programs.draft(prog, lead)

    def refuse(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reports, "audit_record", refuse)
    before = set(stored_files(default_storage))
    with pytest.raises(RuntimeError):
        reports.attachment_upload(actor=lead, application=app, upload=SimpleUploadedFile("chart.png", PNG, content_type="image/png"))
    assert set(stored_files(default_storage)) == before and not Attachment.objects.exists()


def test_an_annual_report_whose_evidence_the_storage_refuses_is_not_filed() -> None:
    from statewide.programs.models import AnnualReport  # noqa: PLC0415

    prog, lead, admin = programs.program(), programs.lead(), programs.admin()
    app = programs.to_approved(prog, lead, admin, programs.reviewer())
    indicator = app.indicators.get()
    client = _client(lead)
    events = AuditEvent.objects.count()
    data = {"year": 1, "narrative": "Year one went well.", f"indicator_{indicator.pk}": "50"}
    with override_settings(STORAGES=failing(FullDiskStorage)):
        r = client.post(reverse("programs:report", args=[app.public_id]), {**data, "evidence": SimpleUploadedFile("chart.png", PNG, content_type="image/png")})
        assert r.status_code == 400 and escape(FAULTS["full disk"][1]) in r.content.decode()
    assert not AnnualReport.objects.filter(application=app, submitted_at__isnull=False).exists()
    assert not Attachment.objects.exists() and AuditEvent.objects.count() == events
