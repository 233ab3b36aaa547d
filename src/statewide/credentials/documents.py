"""Build the Open Badges 3.0 documents this platform issues (pure functions, no queries)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

from statewide.credentials import keys
from statewide.credentials.crypto import statuslist
from statewide.credentials.crypto.documents import OB_V3, VC_V2

if TYPE_CHECKING:
    from statewide.credentials.models import Credential, Issuer, MicroCredentialVersion, StatusList
    from statewide.frameworks.models import Item


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential_url(public_id: Any) -> str:
    return f"{settings.SITE_URL}/credentials/c/{public_id}"


def status_list_prefix() -> str:
    return f"{settings.SITE_URL}/credentials/status/"


def status_list_url(issuer: Issuer, purpose: str) -> str:
    return f"{status_list_prefix()}{issuer.slug}/{purpose}"


def achievement_url(version: MicroCredentialVersion) -> str:
    return f"{settings.SITE_URL}/credentials/catalog/{version.public_id}/"


def case_item_url(item: Item) -> str:
    return f"{settings.SITE_URL}/ims/case/v1p0/CFItems/{item.identifier}"


def organisation_url(org: Any) -> str:
    """A district's public page (by NCES LEAID), else the organization's public id as a URN."""
    return f"{settings.SITE_URL}/districts/{org.nces_leaid}/" if org.nces_leaid else f"urn:uuid:{org.public_id}"


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityObject hash: ``sha256$`` + hex SHA-256 of the identity followed by the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(8)


def email_identity(email: str, salt: str) -> dict[str, Any]:
    return {"type": "IdentityObject", "hashed": True, "identityHash": identity_hash(email, salt), "identityType": "emailAddress", "salt": salt}


def achievement(version: MicroCredentialVersion, items: list[Item]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": achievement_url(version),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": version.name,
        "description": version.description,
        "criteria": {"id": achievement_url(version) + "#rubric", "narrative": version.evaluation_criteria},
        "version": str(version.number),
    }
    if items:
        data["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": item.name,
                "targetUrl": case_item_url(item),
                "targetCode": item.code,
                "targetFramework": item.framework.title,
                "targetType": "CFItem",
            }
            for item in items
        ]
    return data


def program_achievement(issuer: Issuer, program_name: str) -> dict[str, Any]:
    return {
        "id": f"{settings.SITE_URL}/credentials/programs/{issuer.slug}",
        "type": ["Achievement"],
        "achievementType": "License",
        "name": f"{program_name}: approved district",
        "description": f"The district is approved to take part in {program_name}.",
        "criteria": {"narrative": f"Approved by {issuer.name} after review of the district's application."},
    }


def status_entry(issuer: Issuer, index: int, purpose: str = "revocation") -> dict[str, Any]:
    """A BitstringStatusListEntry. Open Badges 3.0 allows one ``credentialStatus`` (1EdTech's schema:
    a single object), so a credential names its revocation entry only; the issuer's suspension list
    at the sibling URL uses the same index (``selectors.suspension_entry``)."""
    return {
        "id": f"{status_list_url(issuer, purpose)}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_url(issuer, purpose),
    }


def open_badge(
    *,
    credential: Credential,
    issuer: Issuer,
    subject: dict[str, Any],
    achievement_data: dict[str, Any],
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential (VC 2.0 + OB 3.0.3 contexts, AchievementCredential schema)."""
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_V3],
        "id": credential_url(credential.public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": keys.profile(issuer),
        "validFrom": iso(credential.valid_from),
        "name": credential.name,
        "credentialSubject": {"type": ["AchievementSubject"], **subject, "achievement": achievement_data},
        "credentialStatus": status_entry(issuer, credential.status_index),
    }
    if credential.valid_until:
        document["validUntil"] = iso(credential.valid_until)
    if credential.narrative:
        document["description"] = credential.narrative
    return document


def status_list_credential(status_list: StatusList, *, valid_from: datetime) -> dict[str, Any]:
    url = status_list_url(status_list.issuer, status_list.purpose)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_did(status_list.issuer),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": statuslist.encode(bytes(status_list.bits)),
        },
    }
