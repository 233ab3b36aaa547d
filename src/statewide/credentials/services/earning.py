"""Earning: an educator submits evidence for a published version; an assessor reviews it against
the public rubric; a pass issues the credential, a fail allows another attempt (the state's limit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.accounts.models import Membership, Role
from statewide.core.audit import audit_record, snapshot
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.core.text import http_url_problem, text_problem
from statewide.core.uploads import stored_upload
from statewide.credentials.models import (
    Credential,
    EvidenceFile,
    MicroCredentialVersion,
    StateSettings,
    Submission,
    SubmissionStatus,
    VersionStatus,
)
from statewide.credentials.permissions import submission_policy
from statewide.credentials.services.issuance import credential_issue

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_FILES = 5
MAX_LINKS = 10
SUBMISSION_FIELDS = ("status", "attempt", "submitted_at", "due_at", "decided_at", "scores")
# What a file's first bytes must be for each accepted type (the name and the browser's claim are not trusted).
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def _usps(version: MicroCredentialVersion) -> str:
    jurisdiction = version.micro_credential.issuer.organisation.jurisdiction
    return jurisdiction.usps if jurisdiction else ""


def state_settings(version: MicroCredentialVersion) -> StateSettings:
    jurisdiction = version.micro_credential.issuer.organisation.jurisdiction
    found = StateSettings.objects.filter(jurisdiction=jurisdiction).first()
    return found or StateSettings(jurisdiction=jurisdiction)


def _educator_district(actor: Actor) -> Any:
    user = actor_user(actor)
    if user is None:
        return None
    membership = Membership.objects.select_related("organisation__jurisdiction").filter(user=user, role=Role.EDUCATOR).first()
    return membership.organisation if membership else None


def submission_start(*, actor: Actor, version: MicroCredentialVersion) -> Submission:
    submission_policy.require_create(actor)
    district = _educator_district(actor)
    if district is None:
        raise ApplicationError(_("Only educators can earn micro-credentials."), code="not_educator")
    if version.status != VersionStatus.PUBLISHED:
        raise ApplicationError(_("This micro-credential is not open for submissions."), code="not_published")
    educator = actor_user(actor)
    earlier = list(Submission.objects.filter(educator=educator, version__micro_credential_id=version.micro_credential_id).values_list("status", flat=True))
    if SubmissionStatus.PASSED in earlier:
        raise ApplicationError(_("You have earned this micro-credential already."), code="earned")
    if SubmissionStatus.DRAFT in earlier or SubmissionStatus.SUBMITTED in earlier:
        raise ApplicationError(_("You have an attempt in progress."), code="in_progress")
    limit = state_settings(version).max_attempts
    if len(earlier) >= limit:
        raise ApplicationError(_("You have used all %(n)d attempts the state allows.") % {"n": limit}, code="no_attempts_left")
    with transaction.atomic():
        submission = Submission.objects.create(educator=educator, version=version, district=district, attempt=len(earlier) + 1)
        audit_record(actor=actor, action="submission.start", obj=submission, after=snapshot(submission, SUBMISSION_FIELDS), scope_state=_usps(version))
    return submission


def _editable(actor: Actor, submission: Submission) -> None:
    submission_policy.require(actor, "change", submission)
    if submission.status != SubmissionStatus.DRAFT:
        raise ApplicationError(_("This attempt was submitted and can no longer change."), code="submitted")


def submission_update(*, actor: Actor, submission: Submission, evidence_text: str, evidence_links: list[str]) -> Submission:
    _editable(actor, submission)
    problems: dict[str, list[str]] = {}
    text_issue = text_problem(evidence_text, multiline=True)
    if text_issue:
        problems["evidence_text"] = [text_issue]
    links = [link.strip() for link in evidence_links if link.strip()]
    if len(links) > MAX_LINKS:
        problems["evidence_links"] = [_("At most %(n)d links.") % {"n": MAX_LINKS}]
    for i, link in enumerate(links):
        issue = http_url_problem(link)
        if issue:
            problems.setdefault("evidence_links", []).append(_("Link %(n)d: %(problem)s") % {"n": i + 1, "problem": issue})
    if len(evidence_text) > 20_000:
        problems.setdefault("evidence_text", []).append(_("At most 20,000 characters."))
    if problems:
        raise ApplicationError(_("Please correct the fields shown."), fields=problems)
    with transaction.atomic():
        submission.evidence_text, submission.evidence_links = evidence_text, links
        submission.save(update_fields=["evidence_text", "evidence_links", "updated_at"])
        audit_record(
            actor=actor,
            action="submission.update",
            obj=submission,
            after={"links": len(links), "text_length": len(evidence_text)},
            scope_state=_usps(submission.version),
        )
    return submission


def sniff(head: bytes) -> str | None:
    """The accepted type a file's content shows, or None (plain UTF-8 text counts as text/plain)."""
    for content_type, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return content_type
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if text_problem(text.replace("\r", "\n"), multiline=True) is None else None


def evidence_add(*, actor: Actor, submission: Submission, upload: UploadedFile) -> EvidenceFile:
    """Store one evidence file through Django's storage after checking its size and its content."""
    _editable(actor, submission)
    if upload.size is None or upload.size > MAX_EVIDENCE_BYTES:
        raise ApplicationError(_("A file may be at most 5 MB."), fields={"file": [_("A file may be at most 5 MB.")]})
    if submission.files.count() >= MAX_FILES:
        raise ApplicationError(_("At most %(n)d files.") % {"n": MAX_FILES}, fields={"file": [_("Remove a file first.")]})
    upload.seek(0)
    head = upload.read(upload.size if upload.size < 65536 else 65536)
    upload.seek(0)
    content_type = sniff(head) if head else None
    if content_type is None:
        message = _("Upload a PDF, PNG, JPEG or plain-text file (the file's content did not match any of these).")
        raise ApplicationError(message, fields={"file": [message]})
    name = (upload.name or "evidence").rsplit("/", 1)[-1][:200]
    issue = text_problem(name)
    if issue:
        raise ApplicationError(issue, fields={"file": [issue]})
    evidence = EvidenceFile(submission=submission, name=name, content_type=content_type, size=upload.size)
    with stored_upload(evidence.file, name, upload), transaction.atomic():  # the file first (core.uploads)
        evidence.save()
        audit_record(
            actor=actor,
            action="submission.add_file",
            obj=submission,
            after={"file": name, "type": content_type, "size": upload.size},
            scope_state=_usps(submission.version),
        )
    return evidence


def submission_submit(*, actor: Actor, submission: Submission) -> Submission:
    _editable(actor, submission)
    if not (submission.evidence_text.strip() or submission.evidence_links or submission.files.exists()):
        raise ApplicationError(_("Add evidence before you submit."), fields={"evidence_text": [_("Add text, a link or a file.")]})
    now = timezone.now()
    with transaction.atomic():
        submission.status, submission.submitted_at = SubmissionStatus.SUBMITTED, now
        submission.due_at = now + dt.timedelta(days=state_settings(submission.version).review_days)
        submission.save(update_fields=["status", "submitted_at", "due_at", "updated_at"])
        audit_record(
            actor=actor, action="submission.submit", obj=submission, after=snapshot(submission, SUBMISSION_FIELDS), scope_state=_usps(submission.version)
        )
    return submission


def _assessor_conflict(actor: Actor, submission: Submission) -> bool:
    if submission.district_id is None:
        return False
    user = actor_user(actor)
    return user is not None and Membership.objects.filter(user=user, organisation_id=submission.district_id).exists()


def submission_review(*, actor: Actor, submission: Submission, scores: dict[str, bool], feedback: str) -> tuple[Submission, Credential | None]:
    """Score each rubric criterion (met / not met). All required criteria met: pass, and the
    credential is issued. Otherwise: not yet, with feedback; the educator may try again."""
    submission_policy.require(actor, "review", submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted attempt can be reviewed."), code="not_submitted")
    if getattr(actor, "pk", None) == submission.educator_id:
        raise ApplicationError(_("You cannot review your own evidence."), code="own")
    if _assessor_conflict(actor, submission) and not state_settings(submission.version).allow_same_district_assessor:
        raise ApplicationError(_("The state asks for an assessor from outside the educator's district."), code="same_district")
    rubric = submission.version.rubric
    missing = [row["code"] for row in rubric if row["code"] not in scores]
    problems: dict[str, list[str]] = {f"score_{code}": [_("Score this criterion.")] for code in missing}
    issue = text_problem(feedback, multiline=True)
    if issue:
        problems["feedback"] = [issue]
    if problems:
        raise ApplicationError(_("Please correct the fields shown."), fields=problems)
    passed = all(bool(scores[row["code"]]) for row in rubric if row.get("required", True))
    if not passed and not feedback.strip():
        raise ApplicationError(_("Give feedback the educator can act on."), fields={"feedback": [_("Required when the evidence does not pass.")]})
    with transaction.atomic():
        before = snapshot(submission, SUBMISSION_FIELDS)
        submission.assessor = actor_user(actor)
        submission.scores = {row["code"]: bool(scores[row["code"]]) for row in rubric}
        submission.feedback = feedback
        submission.status = SubmissionStatus.PASSED if passed else SubmissionStatus.FAILED
        submission.decided_at = timezone.now()
        submission.save()
        audit_record(
            actor=actor,
            action="submission.review",
            obj=submission,
            before=before,
            after=snapshot(submission, SUBMISSION_FIELDS),
            scope_state=_usps(submission.version),
        )
        credential = None
        if passed:
            credential = credential_issue(
                actor=actor, version=submission.version, recipient=submission.educator, submission=submission, district=submission.district
            )
    return submission, credential
