"""The verifier: every check it makes is reported, so a person can see which one failed.

``verify(data, keys=…, statuses=…)`` takes a credential as a dict, JSON text, a compact JWT, or
the bytes of a baked PNG/SVG. Keys come from a ``KeyResolver`` (ours resolves the issuer's own
DID document; nothing trusts a key merely named in the credential); status lists from a
``StatusFetcher`` (a callable URL -> status list credential dict).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from . import baking, dataintegrity, datamodel, ecdsa_sd, schema, statuslist, vcjwt
from .documents import OB_V3
from .multikey import KeyFormatError, PublicKey, decode_multikey, key_from_did_key

BADGE_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
ENDORSEMENT_TYPES = {"EndorsementCredential"}


class KeyResolutionError(ValueError):
    pass


class KeyResolver(Protocol):
    def for_method(self, method: str, issuer_id: str | None) -> PublicKey: ...

    def for_jwt(self, header: dict[str, Any], issuer_id: str | None) -> Any: ...


StatusFetcher = Callable[[str], dict[str, Any]]


@dataclass
class Check:
    name: str
    passed: bool
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.name, "passed": self.passed, "message": self.message}


@dataclass
class Verdict:
    status: str = "invalid"  # verified | revoked | suspended | expired | not_yet_valid | tampered | invalid
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    format: str = "json"

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def issuer_id(self) -> str | None:
        issuer = (self.credential or {}).get("issuer")
        return issuer.get("id") if isinstance(issuer, dict) else issuer if isinstance(issuer, str) else None

    @property
    def issuer_name(self) -> str | None:
        issuer = (self.credential or {}).get("issuer")
        name = issuer.get("name") if isinstance(issuer, dict) else None
        return name if isinstance(name, str) else None

    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "verified": self.verified,
            "format": self.format,
            "issuer": {"id": self.issuer_id, "name": self.issuer_name},
            "checks": [c.as_dict() for c in self.checks],
            "warnings": self.warnings,
        }


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _method_key(method: Any, issuer_id: str | None, keys: KeyResolver) -> PublicKey:
    if not isinstance(method, str) or not datamodel.is_url(method):
        raise KeyResolutionError("verificationMethod is not a URI")
    return keys.for_method(method, issuer_id)


class FragmentKeyResolver:
    """1EdTech's validator convention, for its fixtures only: the key is the multikey in the
    verification method's fragment (when the part before ``#`` is the issuer's id), or a did:key.
    It binds nothing to a real issuer, so the product never uses it for its own verdicts."""

    accept_embedded_jwk = True

    def for_method(self, method: str, issuer_id: str | None) -> PublicKey:
        if method.startswith("did:key:"):
            return key_from_did_key(method)
        base, _, fragment = method.partition("#")
        if not fragment or base != issuer_id:
            raise KeyResolutionError(f"Cannot resolve {method}")
        try:
            return decode_multikey(fragment)
        except (KeyFormatError, ValueError) as exc:
            raise KeyResolutionError(f"Cannot resolve {method}") from exc

    def for_jwt(self, header: dict[str, Any], issuer_id: str | None) -> Any:
        if isinstance(header.get("jwk"), dict):
            return header["jwk"]
        kid = header.get("kid")
        if isinstance(kid, str):
            return self.for_method(kid, issuer_id)
        raise KeyResolutionError("The JWT header names no key")


def _parse(data: Any, verdict: Verdict) -> tuple[dict[str, Any] | None, str | None]:
    """The credential and, for a JWT, the token."""
    if isinstance(data, bytes | bytearray):
        try:
            data = baking.unbake(bytes(data))
        except baking.BakingError as exc:
            verdict.checks.append(Check("parse", False, str(exc)))
            return None, None
        verdict.format = "baked"
    if isinstance(data, str):
        text = data.strip()
        if vcjwt.looks_like_jwt(text):
            verdict.format = "jwt" if verdict.format == "json" else verdict.format
            try:
                _header, payload = vcjwt.unverified_parts(text)
            except vcjwt.JwtError as exc:
                verdict.checks.append(Check("parse", False, str(exc)))
                return None, None
            return vcjwt.credential_of(payload), text
        try:
            data = json.loads(text)
        except ValueError:
            verdict.checks.append(Check("parse", False, "Neither JSON nor a compact JWT"))
            return None, None
    if not isinstance(data, dict):
        verdict.checks.append(Check("parse", False, "A credential must be a JSON object"))
        return None, None
    return data, None


def verify(
    data: Any,
    *,
    keys: KeyResolver,
    statuses: StatusFetcher | None = None,
    now: datetime | None = None,
    expect: str = "badge",
    loader=None,
    unknown_status: str = "fail",
    extra_status: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None,
) -> Verdict:
    """``expect``: ``badge`` (OB 3.0 achievement credential), ``endorsement`` or ``any`` (any VC).
    ``unknown_status``: ``fail`` (a status type we cannot check fails the status check) or ``warn``.
    The status entries the credential names are checked, and ``extra_status(credential)``'s: further
    entries an issuer publishes beside them (this platform's suspension list at the same index as
    the revocation entry; a verifier elsewhere reads only what the credential names)."""
    now = now or datetime.now(UTC)
    loader = loader or dataintegrity.document_loader
    verdict = Verdict()
    credential, token = _parse(data, verdict)
    if credential is None:
        return verdict
    verdict.credential = credential
    verdict.checks.append(Check("parse", True, "JWT" if token else "JSON"))
    legacy = datamodel.is_vc_v1(credential)
    if legacy:
        verdict.warnings.append("VC Data Model 1.1 credential (an older version)")

    for ctx in _as_list(credential.get("@context")):
        if isinstance(ctx, str) and ctx.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context") and ctx != OB_V3:
            verdict.warnings.append(f"Older Open Badges context {ctx}; the current one is {OB_V3}")
    shape = datamodel.problems(credential)
    verdict.checks.append(Check("data model", not shape, "; ".join(shape)))
    types = set(_as_list(credential.get("type")))
    if expect == "badge":
        ok = bool(types & BADGE_TYPES)
        verdict.checks.append(Check("type", ok, "" if ok else "type must include OpenBadgeCredential or AchievementCredential"))
    elif expect == "endorsement":
        ok = bool(types & ENDORSEMENT_TYPES)
        verdict.checks.append(Check("type", ok, "" if ok else "type must include EndorsementCredential"))
    if expect in ("badge", "endorsement"):
        lenient = dict(credential)
        if isinstance(lenient.get("proof"), dict):
            lenient["proof"] = [lenient["proof"]]
        if token and "proof" not in lenient:
            lenient["proof"] = [{"type": "JwtProof2020"}]  # the JWS is the proof
        name = "achievementcredential.json" if expect == "badge" else "endorsementcredential.json"
        errors = schema.schema_errors(lenient, name=name)
        if legacy and errors:
            verdict.warnings.append("1EdTech JSON Schema (2.0) not met by a 1.1 credential: " + "; ".join(errors[:3]))
            errors = []
        verdict.checks.append(Check("schema", not errors, "; ".join(errors[:5])))

    try:
        dataintegrity.canonicalize(credential, loader=loader)
        verdict.checks.append(Check("json-ld", True))
    except dataintegrity.CanonicalizationError as exc:
        verdict.checks.append(Check("json-ld", False, str(exc)))

    issuer_id = verdict.issuer_id
    tampered = False
    if token:
        try:
            header, _payload = vcjwt.unverified_parts(token)
            key = keys.for_jwt(header, issuer_id)
            vcjwt.verify(token, public_key=key)
            verdict.checks.append(Check("signature", True, f"JWS {header.get('alg')}"))
        except KeyResolutionError as exc:
            verdict.checks.append(Check("signature", False, str(exc)))
        except vcjwt.JwtError as exc:
            tampered = True
            verdict.checks.append(Check("signature", False, str(exc)))
    else:
        proofs = _as_list(credential.get("proof"))
        if not proofs:
            verdict.checks.append(Check("signature", False, "No proof"))
        for i, proof in enumerate(proofs):
            name = f"proof {i + 1}" if len(proofs) > 1 else "signature"
            try:
                if not isinstance(proof, dict):
                    raise dataintegrity.ProofError("proof must be an object")
                key = _method_key(proof.get("verificationMethod"), issuer_id, keys)
                detail = f"{proof.get('cryptosuite') or proof.get('type')}"
                if proof.get("cryptosuite") == ecdsa_sd.CRYPTOSUITE:
                    detail = ecdsa_sd.verify_proof(credential, proof, public_key=key, loader=loader)
                else:
                    dataintegrity.verify_proof(credential, proof, public_key=key, loader=loader)
                verdict.checks.append(Check(name, True, detail))
            except KeyResolutionError as exc:
                verdict.checks.append(Check(name, False, str(exc)))
            except dataintegrity.CanonicalizationError as exc:
                verdict.checks.append(Check(name, False, str(exc)))
            except dataintegrity.ProofError as exc:
                tampered = tampered or isinstance(exc, dataintegrity.TamperedError)
                verdict.checks.append(Check(name, False, str(exc)))
            if isinstance(proof, dict) and proof.get("cryptosuite") == "eddsa-2022":
                verdict.warnings.append("cryptosuite eddsa-2022 is the pre-recommendation name of eddsa-rdfc-2022")

    start = datamodel.parse_datetime(credential.get("validFrom", credential.get("issuanceDate")))
    end = datamodel.parse_datetime(credential.get("validUntil", credential.get("expirationDate")))
    not_yet = bool(start and start > now)
    expired = bool(end and end < now)
    verdict.checks.append(Check("valid from", not not_yet, f"not valid until {start:%Y-%m-%d}" if not_yet and start else ""))
    verdict.checks.append(Check("not expired", not expired, f"expired on {end:%Y-%m-%d}" if expired and end else ""))

    _check_endorsements(credential, keys, verdict, now, loader)
    extra = extra_status(credential) if extra_status else []
    status_flag = _check_status(credential, statuses, keys, verdict, now, unknown_status, extra)

    failed = verdict.failed()
    if not failed:
        verdict.status = "verified"
    elif tampered:
        verdict.status = "tampered"
    elif all(c.name in ("valid from", "not expired", "status") for c in failed):
        verdict.status = status_flag or ("expired" if expired else "not_yet_valid" if not_yet else "invalid")
    else:
        verdict.status = "invalid"
    return verdict


def _check_endorsements(credential: dict[str, Any], keys: KeyResolver, verdict: Verdict, now: datetime, loader) -> None:
    """Embedded endorsements (OB 3.0 ``endorsement``, also inside the achievement) must verify too."""
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    found = _as_list(credential.get("endorsement"))
    if isinstance(achievement, dict):
        found += _as_list(achievement.get("endorsement"))
    for i, endorsement in enumerate(found):
        inner = verify(endorsement, keys=keys, now=now, expect="endorsement", loader=loader)
        problems = "; ".join(f"{c.name}: {c.message}" for c in inner.failed())
        verdict.checks.append(Check(f"endorsement {i + 1}", inner.verified, problems))


def _check_status(
    credential: dict[str, Any],
    statuses: StatusFetcher | None,
    keys: KeyResolver,
    verdict: Verdict,
    now: datetime,
    unknown_status: str = "fail",
    extra: list[dict[str, Any]] | None = None,
) -> str | None:
    entries = _as_list(credential.get("credentialStatus")) + list(extra or [])
    flag = None
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        if entry.get("type") != "BitstringStatusListEntry":
            message = f"Status type {entry.get('type')} is not supported: status unknown"
            if unknown_status == "warn":
                verdict.warnings.append(message)
            else:
                verdict.checks.append(Check("status", False, message))
            continue
        purpose = entry.get("statusPurpose")
        url = entry.get("statusListCredential")
        try:
            index = int(str(entry.get("statusListIndex")))
            if statuses is None or not isinstance(url, str):
                raise statuslist.StatusListError("The status list cannot be fetched")
            listing = statuses(url)
            list_verdict = verify(listing, keys=keys, now=now, expect="any")
            if not list_verdict.verified:
                raise statuslist.StatusListError("The status list credential does not verify: " + "; ".join(c.message for c in list_verdict.failed()))
            if verdict.issuer_id != list_verdict.issuer_id:
                raise statuslist.StatusListError("The status list has another issuer")
            subject = listing.get("credentialSubject") or {}
            if subject.get("statusPurpose") != purpose:
                raise statuslist.StatusListError("The status list's purpose does not match")
            bit = statuslist.get_bit(statuslist.decode(str(subject.get("encodedList"))), index)
        except (statuslist.StatusListError, TypeError, ValueError, KeyError) as exc:
            verdict.checks.append(Check("status", False, str(exc)))
            continue
        if bit:
            verdict.checks.append(Check("status", False, f"{purpose}: set"))
            if purpose == "revocation":
                flag = "revoked"
            elif purpose == "suspension" and flag != "revoked":
                flag = "suspended"
        else:
            verdict.checks.append(Check("status", True, f"{purpose}: not set"))
    return flag
