"""Issuing through review, verification of what we issue, status flips, expiry, keys and rotation."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from statewide.accounts.models import Membership, Role
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.credentials import keys, selectors, services
from statewide.credentials.crypto import dataintegrity, statuslist
from statewide.credentials.crypto.multikey import encode_public
from statewide.credentials.crypto.schema import schema_errors
from statewide.credentials.crypto.verify import verify
from statewide.credentials.models import IssuerKey, StatusList, SubmissionStatus
from tests.factories import person

from . import independent
from .setup import build_world, earn

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _public_bytes(credential) -> bytes:
    method = credential.document["proof"][0]["verificationMethod"]
    return keys.decode_public_raw(method.split("#", 1)[1])


def test_pass_issues_a_schema_valid_credential_that_verifies_two_ways(world):
    credential = earn(world)
    document = credential.document
    assert schema_errors(document) == []  # strict: type and proof arrays
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == keys.issuer_did(world.issuer)
    identity = document["credentialSubject"]["identifier"][0]
    assert identity["identityHash"] != world.educator.email and world.educator.email not in json.dumps(document)
    assert {a["targetUrl"].split("/ims/case/v1p0/CFItems/")[0] for a in document["credentialSubject"]["achievement"]["alignment"]} == {"http://127.0.0.1:8000"}
    verdict = selectors.credential_verify(document)
    assert verdict.verified, verdict.as_dict()
    jwt_verdict = selectors.credential_verify(credential.jwt)
    assert jwt_verdict.verified and jwt_verdict.format == "jwt", jwt_verdict.as_dict()
    public = _public_bytes(credential)
    assert independent.verify_data_integrity(document, public)
    assert independent.verify_jwt(credential.jwt, public)["id"] == document["id"]


def test_status_list_bits_flip_on_revoke_and_suspend(world):
    credential = earn(world)
    index = credential.status_index

    def bit(purpose):
        listing = StatusList.objects.get(issuer=world.issuer, purpose=purpose).document
        assert verify(listing, keys=selectors.PlatformKeys(), expect="any").verified and listing["credentialSubject"]["statusPurpose"] == purpose
        return statuslist.get_bit(statuslist.decode(listing["credentialSubject"]["encodedList"]), index)

    # One credentialStatus (OB 3.0 allows one): the revocation entry; suspension is the sibling list.
    assert credential.document["credentialStatus"]["statusPurpose"] == "revocation"
    assert sorted(StatusList.objects.filter(issuer=world.issuer).values_list("purpose", flat=True)) == ["revocation", "suspension"]
    assert not bit("revocation") and not bit("suspension")
    services.credential_suspend(actor=world.admin, credential=credential, reason="Under review")
    credential.refresh_from_db()
    assert credential.suspended_at is not None and bit("suspension") and not bit("revocation")
    assert selectors.credential_verify(credential.document).status == "suspended"
    assert selectors.credential_verify(credential.jwt).status == "suspended"
    assert AuditEvent.objects.filter(action="credential.suspend").exists()
    services.credential_suspend(actor=world.admin, credential=credential, reason="Cleared", suspended=False)
    credential.refresh_from_db()
    assert credential.suspended_at is None and not bit("suspension")
    assert selectors.credential_verify(credential.document).verified
    assert AuditEvent.objects.filter(action="credential.unsuspend").exists()
    services.credential_revoke(actor=world.admin, credential=credential, reason="Evidence was not the educator's own")
    assert bit("revocation")
    verdict = selectors.credential_verify(credential.jwt)
    assert verdict.status == "revoked"
    event = AuditEvent.objects.filter(action="credential.revoke").get()
    assert event.after["status_reason"] == "Evidence was not the educator's own"


def test_the_suspension_list_is_signed_full_size_and_only_ours_is_read_beside_revocation(world):
    credential = earn(world)
    listing = StatusList.objects.get(issuer=world.issuer, purpose="suspension").document
    assert listing["type"] == ["VerifiableCredential", "BitstringStatusListCredential"] and listing["issuer"] == keys.issuer_did(world.issuer)
    assert listing["id"].endswith(f"/credentials/status/{world.issuer.slug}/suspension")
    assert len(statuslist.decode(listing["credentialSubject"]["encodedList"])) * 8 >= statuslist.MIN_ENTRIES
    assert independent.verify_data_integrity(listing, _public_bytes(credential))
    assert verify(listing, keys=selectors.PlatformKeys(), expect="any").verified
    extra = selectors.suspension_entry(credential.document)
    assert [e["statusListCredential"] for e in extra] == [listing["id"]] and extra[0]["statusListIndex"] == str(credential.status_index)
    elsewhere = {**credential.document["credentialStatus"], "statusListCredential": "https://other.example.org/status/revocation"}
    assert selectors.suspension_entry({"credentialStatus": elsewhere}) == []  # another platform's list: no sibling assumed


def test_migration_publishes_suspension_lists_with_the_bits_of_credentials_already_suspended(world):
    """0006 (suspension published again): an issuer without a suspension list gets one, signed, its
    bits set for the credentials suspended before; a second run changes nothing."""
    from django.apps import apps  # noqa: PLC0415

    migration = importlib.import_module("statewide.credentials.migrations.0007_credentials_suspension_list_again")
    held = earn(world)
    other = services.credential_issue(actor=world.admin, version=world.version, recipient=person(Role.EDUCATOR, world.district))
    services.credential_suspend(actor=world.admin, credential=held, reason="Under review")
    StatusList.objects.filter(purpose="suspension").delete()  # as after 0004
    migration.create_suspension_lists(apps, None)
    migration.create_suspension_lists(apps, None)
    listing = StatusList.objects.get(issuer=world.issuer, purpose="suspension")
    bits = statuslist.decode(listing.document["credentialSubject"]["encodedList"])
    assert statuslist.get_bit(bits, held.status_index) and not statuslist.get_bit(bits, other.status_index)
    assert bytes(listing.bits) == bits and verify(listing.document, keys=selectors.PlatformKeys(), expect="any").verified
    held.refresh_from_db()
    assert selectors.credential_verify(held.document).status == "suspended"


def test_revocation_needs_a_state_admin_and_a_reason(world):
    credential = earn(world)
    with pytest.raises(PermissionDenied):
        services.credential_revoke(actor=world.educator, credential=credential, reason="x")
    with pytest.raises(ApplicationError) as err:
        services.credential_revoke(actor=world.admin, credential=credential, reason="  ")
    assert "reason" in err.value.fields


def test_expired_credentials_fail():
    world = build_world(validity_days=30)
    credential = services.credential_issue(actor=SYSTEM, version=world.version, recipient=world.educator, valid_from=timezone.now() - dt.timedelta(days=60))
    verdict = selectors.credential_verify(credential.document)
    assert verdict.status == "expired"
    assert [c.name for c in verdict.failed()] == ["not expired"]


def test_rotation_keeps_old_credentials_verifiable(world):
    old = earn(world)
    new_key = services.issuer_key_rotate(actor=world.admin, issuer=world.issuer)
    other = build_world()
    assert other.issuer == world.issuer
    newer = earn(other)
    assert newer.document["proof"][0]["verificationMethod"].endswith(new_key.public_multibase)
    assert selectors.credential_verify(old.document).verified
    assert selectors.credential_verify(newer.document).verified
    document = selectors.issuer_did_document(world.issuer)
    assert len(document["verificationMethod"]) == 2
    assert IssuerKey.objects.filter(issuer=world.issuer, is_active=True).count() == 1


def test_a_key_not_in_the_issuers_did_document_is_refused(world):
    credential = earn(world)
    forger = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in credential.document.items() if k != "proof"}
    forged = dataintegrity.sign(
        unsigned,
        private_key=forger,
        verification_method=f"{keys.issuer_did(world.issuer)}#{encode_public(forger.public_key())}",
        created="2026-01-01T00:00:00Z",
    )
    verdict = selectors.credential_verify(forged)
    assert not verdict.verified
    assert "does not list the key" in " ".join(c.message for c in verdict.failed())


def test_private_keys_never_leave_in_the_audit_trail(world):
    earn(world)
    services.issuer_key_rotate(actor=world.admin, issuer=world.issuer)
    trail = json.dumps(list(AuditEvent.objects.values("before", "after", "object_repr")), default=str)
    for key in IssuerKey.objects.filter(issuer=world.issuer):
        private = keys.private_key_of(key)
        raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        assert raw.hex() not in trail
        assert bytes(key.private_encrypted).decode("ascii") not in trail
        assert raw not in bytes(key.private_encrypted)  # encrypted at rest
        assert raw.hex() not in repr(key) and raw.hex() not in str(key)


def test_a_fail_allows_resubmission_up_to_the_states_limit(world):
    services.state_settings_set(actor=world.admin, jurisdiction=world.issuer.organisation.jurisdiction, max_attempts=2)
    for attempt in (1, 2):
        submission = services.submission_start(actor=world.educator, version=world.version)
        assert submission.attempt == attempt
        services.submission_update(actor=world.educator, submission=submission, evidence_text="Draft", evidence_links=[])
        services.submission_submit(actor=world.educator, submission=submission)
        submission, credential = services.submission_review(
            actor=world.assessor, submission=submission, scores={"plan": True, "reflection": False}, feedback="Add a reflection."
        )
        assert submission.status == SubmissionStatus.FAILED and credential is None
    with pytest.raises(ApplicationError) as err:
        services.submission_start(actor=world.educator, version=world.version)
    assert err.value.code == "no_attempts_left"


def test_failing_needs_feedback_and_every_criterion_scored(world):
    submission = services.submission_start(actor=world.educator, version=world.version)
    services.submission_update(actor=world.educator, submission=submission, evidence_text="x", evidence_links=[])
    services.submission_submit(actor=world.educator, submission=submission)
    with pytest.raises(ApplicationError) as err:
        services.submission_review(actor=world.assessor, submission=submission, scores={"plan": True}, feedback="")
    assert "score_reflection" in err.value.fields
    with pytest.raises(ApplicationError) as err:
        services.submission_review(actor=world.assessor, submission=submission, scores={"plan": False, "reflection": True}, feedback=" ")
    assert "feedback" in err.value.fields


def test_an_assessor_from_the_educators_district_is_refused_unless_the_state_allows(world):
    Membership.objects.create(user=world.assessor, organisation=world.district, role=Role.DISTRICT_LEAD)
    submission = services.submission_start(actor=world.educator, version=world.version)
    services.submission_update(actor=world.educator, submission=submission, evidence_text="x", evidence_links=[])
    services.submission_submit(actor=world.educator, submission=submission)
    with pytest.raises(ApplicationError) as err:
        services.submission_review(actor=world.assessor, submission=submission, scores={"plan": True, "reflection": True}, feedback="")
    assert err.value.code == "same_district"
    services.state_settings_set(actor=world.admin, jurisdiction=world.issuer.organisation.jurisdiction, allow_same_district_assessor=True)
    _submission, credential = services.submission_review(actor=world.assessor, submission=submission, scores={"plan": True, "reflection": True}, feedback="")
    assert credential is not None


def test_someone_else_cannot_review_or_edit(world):
    submission = services.submission_start(actor=world.educator, version=world.version)
    stranger = person(Role.EDUCATOR, world.district)
    with pytest.raises(PermissionDenied):
        services.submission_update(actor=stranger, submission=submission, evidence_text="x", evidence_links=[])
    services.submission_update(actor=world.educator, submission=submission, evidence_text="x", evidence_links=[])
    services.submission_submit(actor=world.educator, submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_review(actor=stranger, submission=submission, scores={"plan": True, "reflection": True}, feedback="")


def test_evidence_files_are_checked_by_content_and_size(world):
    submission = services.submission_start(actor=world.educator, version=world.version)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%...\n", content_type="application/pdf")
    evidence = services.evidence_add(actor=world.educator, submission=submission, upload=pdf)
    assert evidence.content_type == "application/pdf" and evidence.file.read().startswith(b"%PDF")
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", content_type="application/pdf")
    with pytest.raises(ApplicationError) as err:
        services.evidence_add(actor=world.educator, submission=submission, upload=fake)
    assert "file" in err.value.fields
    big = SimpleUploadedFile("big.txt", b"a" * (services.earning.MAX_EVIDENCE_BYTES + 1), content_type="text/plain")
    with pytest.raises(ApplicationError):
        services.evidence_add(actor=world.educator, submission=submission, upload=big)


def test_a_published_version_never_changes_under_an_educator(world):
    submission = services.submission_start(actor=world.educator, version=world.version)
    with pytest.raises(ApplicationError):
        services.version_update(actor=world.admin, version=world.version, name="Renamed")
    draft = services.version_new_draft(actor=world.admin, micro_credential=world.version.micro_credential)
    services.version_update(actor=world.admin, version=draft, name="Flexible pacing (2027)")
    services.version_publish(actor=world.admin, version=draft)
    submission.refresh_from_db()
    assert submission.version.name == "Flexible pacing" and submission.version.number == 1
    world.version.refresh_from_db()
    assert world.version.status == "retired"


def test_program_status_credential_issue_and_rescind(world):
    credential = services.credential_issue_program_status(
        actor=world.admin, district=world.district, program_name="Texas Innovation Zone", term_start=dt.date(2026, 7, 1), term_end=dt.date(2029, 6, 30)
    )
    assert schema_errors(credential.document) == []
    assert credential.document["credentialSubject"]["id"].endswith(f"/districts/{world.district.nces_leaid}/")
    assert credential.document["validUntil"] == "2029-06-30T23:59:59Z"
    assert selectors.credential_verify(credential.document, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)).verified
    assert selectors.credential_verify(credential.document, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)).status == "expired"
    revoked = services.credential_revoke_program_status(
        actor=world.admin, district=world.district, program_ref="Texas Innovation Zone", reason="Rescinded by the board"
    )
    assert [c.pk for c in revoked] == [credential.pk]
    assert selectors.credential_verify(credential.document, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)).status == "revoked"
    with pytest.raises(PermissionDenied):
        services.credential_issue_program_status(
            actor=world.educator, district=world.district, program_name="X", term_start=dt.date(2026, 1, 1), term_end=dt.date(2027, 1, 1)
        )


def test_private_keys_never_reach_the_logs(world, caplog):
    caplog.set_level(logging.DEBUG)
    credential = earn(world)
    services.issuer_key_rotate(actor=world.admin, issuer=world.issuer)
    services.credential_revoke(actor=world.admin, credential=credential, reason="Test")
    logged = caplog.text
    for key in IssuerKey.objects.filter(issuer=world.issuer):
        raw = keys.private_key_of(key).private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        assert raw.hex() not in logged and bytes(key.private_encrypted).decode("ascii") not in logged
