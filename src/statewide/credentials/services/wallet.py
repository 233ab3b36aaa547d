"""Writes of the Open Badges 3.0 API on a person's behalf: upsertCredential (a wallet or another
platform puts a credential into the person's account) and putProfile (their name)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from statewide.accounts.services import user_name_update
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.jsondata import parse_json
from statewide.core.permissions import Actor, actor_user
from statewide.credentials.crypto import vcjwt
from statewide.credentials.crypto.schema import profile_errors, schema_errors
from statewide.credentials.models import Credential, HeldCredential
from statewide.credentials.permissions import held_credential_policy

MAX_BODY_BYTES = 512 * 1024
# The request body of upsertCredential as text/plain: a compact JWS (1EdTech's OpenAPI pattern).
COMPACT_JWS = re.compile(r"^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$")


@dataclass
class Upserted:
    held: HeldCredential | None  # None: the credential is one this platform issued to the person
    created: bool


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_data", fields={"credential": [message]})


def _read(body: bytes, content_type: str) -> tuple[dict[str, Any], str]:
    """The credential (for a JWS, its payload's credential) and the JWS text ("" for JSON)."""
    if len(body) > MAX_BODY_BYTES:
        raise _invalid(_("A credential may be at most 512 KB."))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid(_("The body must be UTF-8 text.")) from exc
    if content_type == "text/plain":
        token = text.strip()
        if not COMPACT_JWS.match(token):
            raise _invalid(_("A text/plain body must be a compact JWS."))
        try:
            _header, payload = vcjwt.unverified_parts(token)
        except vcjwt.JwtError as exc:
            raise _invalid(str(exc)) from exc
        return vcjwt.credential_of(payload), token
    if content_type != "application/json":
        raise _invalid(_("Send the credential as application/json or as a compact JWS in text/plain."))
    try:
        document = parse_json(text)
    except ValueError as exc:
        raise _invalid(str(exc)) from exc
    if not isinstance(document, dict):
        raise _invalid(_("The credential must be a JSON object."))
    return document, ""


def _schema_checked(document: dict[str, Any]) -> tuple[str, str]:
    """The credential's id and its issuer's id, after 1EdTech's AchievementCredential schema (a
    single proof object counts as a list of one, as our verifier reads it)."""
    proof = document.get("proof")
    errors = schema_errors({**document, "proof": [proof]} if isinstance(proof, dict) else document)
    if errors:
        raise ApplicationError(_("Not a valid AchievementCredential."), code="invalid_data", fields={"credential": errors[:20]})
    issuer = document["issuer"]
    return str(document["id"]), str(issuer["id"] if isinstance(issuer, dict) else issuer)


def _ours(actor: Actor, credential_id: str, document: dict[str, Any], token: str) -> bool:
    """True when this platform issued the credential to this person and the body is exactly it;
    refused when the id is one of ours but the body differs (it cannot replace what we signed)."""
    prefix = f"{settings.SITE_URL}/credentials/c/"
    if not credential_id.startswith(prefix):
        return False
    try:
        public_id = uuid.UUID(credential_id.removeprefix(prefix))
    except ValueError:
        public_id = None
    issued = Credential.objects.filter(recipient_id=getattr(actor_user(actor), "pk", None), public_id=public_id).first() if public_id else None
    if issued is None or (token and token != issued.jwt) or (not token and document != issued.document):
        raise _invalid(_("This platform issued a credential with this id; the body is not that credential, or it is not yours."))
    return True


def held_credential_upsert(*, actor: Actor, body: bytes, content_type: str) -> Upserted:
    """Create or replace a credential in the actor's account (OB 3.0 upsertCredential): the body is
    an AchievementCredential as JSON or a compact JWS whose payload is one; it must be valid
    against 1EdTech's schema. Equality is the pair (credential id, issuer id). The signature is
    not checked here: the verification page and API check a held credential when it is used."""
    held_credential_policy.require_create(actor)
    document, token = _read(body, content_type)
    credential_id, issuer_id = _schema_checked(document)
    if _ours(actor, credential_id, document, token):
        return Upserted(held=None, created=False)
    holder = actor_user(actor)
    name = str(document.get("name") or "")[:300]
    with transaction.atomic():
        held = HeldCredential.objects.select_for_update().filter(holder=holder, issuer_ref=issuer_id[:500], credential_ref=credential_id[:500]).first()
        created = held is None
        if held is None:
            held = HeldCredential(holder=holder, issuer_ref=issuer_id[:500], credential_ref=credential_id[:500])
        else:
            held_credential_policy.require(actor, "change", held)
        held.name, held.document, held.jwt = name, document, token
        held.save()
        audit_record(
            actor=actor,
            action="held_credential.create" if created else "held_credential.replace",
            obj=held,
            after={"credential": credential_id, "issuer": issuer_id, "format": "jwt" if token else "json"},
        )
    return Upserted(held=held, created=created)


def wallet_profile_update(*, actor: Actor, body: bytes) -> Any:
    """OB 3.0 putProfile for the actor: a Profile (1EdTech's schema); its ``name`` becomes the
    person's name. ``email``, when given, must be the account's (changing it needs the sign-in flow);
    ``id``, when given, must be the person's profile id. Other properties are not stored."""
    user = actor_user(actor)
    try:
        profile = parse_json(body.decode("utf-8")) if len(body) <= MAX_BODY_BYTES else None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApplicationError(str(exc), code="invalid_data", fields={"profile": [str(exc)]}) from exc
    if not isinstance(profile, dict):
        raise ApplicationError(_("The profile must be a JSON object."), code="invalid_data", fields={"profile": [_("A JSON object, please.")]})
    errors = profile_errors(profile)
    problems: dict[str, list[str]] = {"profile": errors[:20]} if errors else {}
    if profile.get("id") != f"urn:uuid:{user.public_id}":
        problems["id"] = [_("Must be this person's profile id (GET /profile).")]
    email = profile.get("email")
    if email is not None and str(email).strip().lower() != user.email.lower():
        problems["email"] = [_("The e-mail address cannot be changed here.")]
    if not isinstance(profile.get("name"), str):
        problems["name"] = [_("Give a name.")]
    if problems:
        raise ApplicationError(_("Not a valid profile for this person."), code="invalid_data", fields=problems)
    return user_name_update(actor=actor, user=user, full_name=profile["name"])
