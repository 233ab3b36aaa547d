"""Issuing, revoking and suspending credentials; the signed status lists follow every change.

Open Badges 3.0 allows one ``credentialStatus`` per credential (1EdTech's schema: a single object),
so a credential names its revocation entry only. Each issuer also publishes a signed suspension list
at a sibling URL, at the same index: suspending flips that bit (this platform's verifier reads it;
docs/credentials.md, "Status")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.core.text import text_problem
from statewide.credentials import documents, keys
from statewide.credentials.crypto import dataintegrity, statuslist, vcjwt
from statewide.credentials.models import (
    Credential,
    CredentialKind,
    Issuer,
    IssuerKey,
    MicroCredentialVersion,
    StatusList,
    StatusPurpose,
    Submission,
    VersionStatus,
)
from statewide.credentials.permissions import credential_policy, issuer_policy
from statewide.credentials.services.tally import growth_tally_count
from statewide.places.models import Organisation

AUDIT_FIELDS = ("name", "kind", "status_index", "valid_from", "valid_until", "revoked_at", "suspended_at", "status_reason")


def _audit_view(credential: Credential) -> dict[str, Any]:
    """What the audit trail keeps of a credential: never keys, never the recipient's e-mail."""
    return {name: getattr(credential, name) for name in AUDIT_FIELDS}


def _state_of(issuer: Issuer) -> str:
    jurisdiction = issuer.organisation.jurisdiction
    return jurisdiction.usps if jurisdiction else ""


def active_key(issuer: Issuer) -> IssuerKey:
    key = IssuerKey.objects.filter(issuer=issuer, is_active=True).first()
    if key is None:
        raise ApplicationError(_("This issuer has no active signing key."), fields={"issuer": [_("Create or rotate its key first.")]})
    return key


def sign(issuer: Issuer, document: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The document with an eddsa-rdfc-2022 proof, and the same document as a VC-JWT."""
    key = active_key(issuer)
    private = keys.private_key_of(key)
    method = keys.verification_method(issuer, key)
    signed = dataintegrity.sign(document, private_key=private, verification_method=method, created=documents.iso(timezone.now()))
    return signed, vcjwt.sign(document, private_key=private, kid=method)


def status_list_resign(status_list: StatusList) -> None:
    unsigned = documents.status_list_credential(status_list, valid_from=timezone.now())
    status_list.document, _jwt = sign(status_list.issuer, unsigned)
    status_list.save(update_fields=["bits", "document", "updated_at"])


def status_lists_create(issuer: Issuer) -> None:
    """The issuer's revocation list (the status its credentials name) and its suspension list (the
    sibling at the same index, published and signed the same way)."""
    for purpose in (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION):
        status_list = StatusList.objects.create(issuer=issuer, purpose=purpose, bits=bytes(statuslist.empty()))
        status_list_resign(status_list)


def _next_index(issuer: Issuer) -> int:
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()  # serialize allocation per issuer
    top = Credential.objects.filter(issuer=issuer).aggregate(m=Max("status_index"))["m"]
    index = 0 if top is None else top + 1
    if index >= statuslist.MIN_ENTRIES:
        raise ApplicationError(_("This issuer's status list is full."), code="status_list_full")
    return index


def _issue(
    *,
    actor: Actor,
    issuer: Issuer,
    credential: Credential,
    subject: dict[str, Any],
    achievement: dict[str, Any],
) -> Credential:
    credential.issuer = issuer
    credential.status_index = _next_index(issuer)
    unsigned = documents.open_badge(credential=credential, issuer=issuer, subject=subject, achievement_data=achievement)
    credential.document, credential.jwt = sign(issuer, unsigned)
    credential.save()
    growth_tally_count(credential, 1)
    audit_record(actor=actor, action="credential.issue", obj=credential, after=_audit_view(credential), scope_state=_state_of(issuer))
    return credential


def credential_issue(
    *,
    actor: Actor,
    version: MicroCredentialVersion,
    recipient: Any,
    narrative: str = "",
    submission: Submission | None = None,
    district: Organisation | None = None,
    valid_from: dt.datetime | None = None,
) -> Credential:
    """Award a published micro-credential version to a person (by their e-mail, salted and hashed)."""
    issuer = version.micro_credential.issuer
    if submission is None:  # a direct award (bulk); a passed submission was checked by its review
        issuer_policy.require(actor, "issue", issuer)
    if version.status != VersionStatus.PUBLISHED:
        raise ApplicationError(_("Only a published micro-credential can be awarded."), fields={"version": [_("Publish it first.")]})
    problem = text_problem(narrative, multiline=True)
    if problem:
        raise ApplicationError(problem, fields={"narrative": [problem]})
    start = valid_from or timezone.now()
    with transaction.atomic():
        credential = Credential(
            kind=CredentialKind.MICRO_CREDENTIAL,
            version=version,
            recipient=recipient,
            district=district,
            submission=submission,
            name=version.name,
            narrative=narrative,
            valid_from=start,
            valid_until=start + dt.timedelta(days=version.validity_days) if version.validity_days else None,
        )
        salt = documents.new_salt()
        subject = {"identifier": [documents.email_identity(recipient.email, salt)]}
        items = list(version.alignments.select_related("framework").order_by("framework__slug", "position"))
        return _issue(actor=actor, issuer=issuer, credential=credential, subject=subject, achievement=documents.achievement(version, items))


def _flip(credential: Credential, purpose: str, value: bool) -> None:
    status_list = StatusList.objects.select_for_update().select_related("issuer").get(issuer=credential.issuer, purpose=purpose)
    bits = bytearray(status_list.bits)
    statuslist.set_bit(bits, credential.status_index, value)
    status_list.bits = bytes(bits)
    status_list_resign(status_list)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    problem = text_problem(reason) if reason else _("Give a reason.")
    if problem:
        raise ApplicationError(problem, fields={"reason": [problem]})
    return reason[:300]


def credential_revoke(*, actor: Actor, credential: Credential, reason: str) -> Credential:
    credential_policy.require(actor, "revoke", credential)
    reason = _reason(reason)
    if credential.revoked_at:
        raise ApplicationError(_("This credential is already revoked."), code="already_revoked")
    with transaction.atomic():
        before = _audit_view(credential)
        _flip(credential, StatusPurpose.REVOCATION, True)
        credential.revoked_at, credential.status_reason = timezone.now(), reason
        credential.save(update_fields=["revoked_at", "status_reason", "updated_at"])
        growth_tally_count(credential, -1)
        audit_record(
            actor=actor, action="credential.revoke", obj=credential, before=before, after=_audit_view(credential), scope_state=_state_of(credential.issuer)
        )
    return credential


def credential_suspend(*, actor: Actor, credential: Credential, reason: str, suspended: bool = True) -> Credential:
    """Suspend (or, with ``suspended=False``, lift the suspension of) a credential: the bit at its
    index in the issuer's published suspension list flips and the list is re-signed, in the same
    transaction as the record and its audit event. The credential itself names only its revocation
    entry (OB 3.0 allows one), so verifiers elsewhere do not see the suspension; ours does."""
    credential_policy.require(actor, "revoke", credential)
    reason = _reason(reason)
    if credential.revoked_at:
        raise ApplicationError(_("A revoked credential cannot be suspended or restored."), code="revoked")
    with transaction.atomic():
        before = _audit_view(credential)
        _flip(credential, StatusPurpose.SUSPENSION, suspended)
        credential.suspended_at = timezone.now() if suspended else None
        credential.status_reason = reason
        credential.save(update_fields=["suspended_at", "status_reason", "updated_at"])
        action = "credential.suspend" if suspended else "credential.unsuspend"
        audit_record(actor=actor, action=action, obj=credential, before=before, after=_audit_view(credential), scope_state=_state_of(credential.issuer))
    return credential


def _state_issuer(district: Organisation) -> Issuer:
    jurisdiction = district.jurisdiction
    issuer = Issuer.objects.select_related("organisation__jurisdiction").filter(organisation__kind="sea", organisation__jurisdiction=jurisdiction).first()
    if issuer is None:
        raise ApplicationError(_("The state agency is not set up as a credential issuer."), code="no_state_issuer")
    return issuer


def credential_issue_program_status(
    *, actor: Actor, district: Organisation, program_name: str, term_start: dt.date, term_end: dt.date, program_ref: str = ""
) -> Credential:
    """The state agency certifies a district's approved innovation program and its term (called by
    the programs module on approval). The credential expires at the end of the term."""
    issuer = _state_issuer(district)
    issuer_policy.require(actor, "issue", issuer)
    problem = text_problem(program_name)
    if problem or not program_name.strip():
        raise ApplicationError(problem or _("Name the program."), fields={"program_name": [problem or _("Required.")]})
    if term_end <= term_start:
        raise ApplicationError(_("The term must end after it starts."), fields={"term_end": [_("After the start, please.")]})
    start = dt.datetime.combine(term_start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(term_end, dt.time.max.replace(microsecond=0), tzinfo=dt.UTC)
    with transaction.atomic():
        credential = Credential(
            kind=CredentialKind.PROGRAM_STATUS,
            recipient_org=district,
            district=district,
            name=f"{program_name}: approved district"[:200],
            valid_from=start,
            valid_until=end,
            program_ref=(program_ref or program_name)[:200],
        )
        subject = {"id": documents.organisation_url(district), "name": district.name}
        return _issue(actor=actor, issuer=issuer, credential=credential, subject=subject, achievement=documents.program_achievement(issuer, program_name))


def credential_revoke_program_status(*, actor: Actor, district: Organisation, program_ref: str, reason: str) -> list[Credential]:
    """Revoke every unrevoked program-status credential of the district for that program (rescinded)."""
    held = Credential.objects.select_related("issuer__organisation__jurisdiction").filter(
        kind=CredentialKind.PROGRAM_STATUS, recipient_org=district, program_ref=program_ref, revoked_at__isnull=True
    )
    return [credential_revoke(actor=actor, credential=c, reason=reason) for c in held]
