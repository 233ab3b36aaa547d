"""Annual reports (indicator values, narrative, evidence files) and checked uploads."""

from __future__ import annotations

from decimal import Decimal

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.core.uploads import stored_upload
from statewide.programs.models import AnnualReport, Application, Attachment, IndicatorValue
from statewide.programs.permissions import application_policy
from statewide.programs.services.applications import _text
from statewide.programs.workflow import Status

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What an evidence file may be, decided from its first bytes (never from its name or the browser's type).
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


def upload_type(upload: UploadedFile) -> str | None:
    """The file's type by content (magic bytes), or None if it is not one we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in ALLOWED_TYPES else None


def attachment_upload(*, actor: Actor, application: Application, upload: UploadedFile, report: AnnualReport | None = None) -> Attachment:
    application_policy.require(actor, "apply", application)
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ApplicationError(_("The file is too large."), fields={"file": [_("At most %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}]})
    mime = upload_type(upload)
    if mime is None:
        raise ApplicationError(_("This kind of file is not accepted."), fields={"file": [_("Upload a PDF, PNG, JPEG, Word or Excel file.")]})
    name = _text((upload.name or "file").rsplit("/", 1)[-1], "file", multiline=False, max_length=200)
    attachment = Attachment(application=application, report=report, name=name, content_type=mime, size=upload.size, uploaded_by=actor_user(actor))
    # Stored through Django's storage under a random name (first, core.uploads: a storage that fails leaves
    # no row and no file); served only by the permission-checked view.
    with stored_upload(attachment.file, f"{attachment.public_id}.{ALLOWED_TYPES[mime]}", upload), transaction.atomic():
        attachment.save()
        audit_record(
            actor=actor,
            action="programs_attachment.upload",
            obj=application,
            after={"name": name, "type": mime},
            scope_state=application.program.jurisdiction.usps,
        )
    return attachment


def annual_report_submit(
    *, actor: Actor, application: Application, year: int, narrative: str, values: dict[int, Decimal], is_public: bool = False
) -> AnnualReport:
    """An implementing district's report for a program year: a value for every indicator, and a narrative."""
    application_policy.require(actor, "apply", application)
    if application.status not in (Status.APPROVED, Status.AMENDMENT_SUBMITTED):
        raise ApplicationError(_("Annual reports are filed while the plan is implemented."), fields={"status": [application.get_status_display()]})
    if not 1 <= year <= application.program.term_years:
        raise ApplicationError(_("Pick a year of the term."), fields={"year": [_("Between 1 and %(n)s.") % {"n": application.program.term_years}]})
    narrative = _text(narrative, "narrative")
    indicators = list(application.indicators.all())
    missing = {f"indicator_{i.pk}": [_("Required.")] for i in indicators if values.get(i.pk) is None}
    if missing:
        raise ApplicationError(_("Give a value for every indicator."), fields=missing)
    with transaction.atomic():
        if application.reports.filter(year=year, submitted_at__isnull=False).exists():
            raise ApplicationError(_("The report for this year is already filed."), fields={"year": [_("Already filed.")]})
        report, _created = AnnualReport.objects.update_or_create(
            application=application, year=year, defaults={"narrative": narrative, "is_public": is_public, "submitted_at": timezone.now()}
        )
        IndicatorValue.objects.filter(report=report).delete()
        IndicatorValue.objects.bulk_create(IndicatorValue(report=report, indicator=i, value=values[i.pk]) for i in indicators)
        audit_record(
            actor=actor,
            action="programs_report.submit",
            obj=application,
            after={"year": year, "public": is_public},
            scope_state=application.program.jurisdiction.usps,
        )
    return report
