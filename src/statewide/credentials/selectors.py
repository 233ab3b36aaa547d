"""Reads of the micro-credentials module (each starts from a policy filter where one applies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from statewide.core.keyset import KeysetPage, bounded_count, keyset_page
from statewide.core.permissions import Actor
from statewide.credentials import documents, keys
from statewide.credentials.crypto import verify as verifier
from statewide.credentials.crypto.documents import OB_V3, VC_V2
from statewide.credentials.crypto.multikey import KeyFormatError, PublicKey, decode_public, key_from_did_key
from statewide.credentials.growth import Growth, growth_for
from statewide.credentials.models import (
    Credential,
    HeldCredential,
    Issuer,
    IssuerKey,
    MicroCredentialVersion,
    StatusList,
    Submission,
    SubmissionStatus,
    VersionStatus,
)
from statewide.credentials.permissions import credential_policy, held_credential_policy, issuer_policy, submission_policy, version_policy
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind

__all__ = ["Growth", "growth_for"]


def jurisdiction_get(usps: str) -> Jurisdiction | None:
    return Jurisdiction.objects.filter(usps=usps).first()


def state_has_issuer(jurisdiction_id: int | None) -> bool:
    """Whether the state agency of that jurisdiction issues credentials (program status credentials need it)."""
    return jurisdiction_id is not None and Issuer.objects.filter(organisation__kind="sea", organisation__jurisdiction_id=jurisdiction_id).exists()


def issuer_get(slug: str) -> Issuer | None:
    return Issuer.objects.select_related("organisation__jurisdiction").filter(slug=slug).first()


def issuer_keys(issuer: Issuer) -> list[IssuerKey]:
    return list(IssuerKey.objects.filter(issuer=issuer).order_by("created_at", "id"))


def issuer_did_document(issuer: Issuer) -> dict[str, Any]:
    return keys.did_document(issuer, issuer_keys(issuer))


def issuer_profile_document(issuer: Issuer) -> dict[str, Any]:
    """The issuer's current OB 3.0 Profile as a JSON-LD document (credentials embed the profile of
    the day they were issued)."""
    return {"@context": [VC_V2, OB_V3], **keys.profile(issuer)}


def status_list_get(slug: str, purpose: str) -> StatusList | None:
    return StatusList.objects.select_related("issuer").filter(issuer__slug=slug, purpose=purpose).first()


class PlatformKeys:
    """Resolves verification methods the way a verifier must: a key counts only if the issuer's own
    DID document lists it. This platform's did:web issuers are read from the database (no network);
    a did:key is accepted only when it is the issuer itself. Other DIDs and URLs are not resolved."""

    accept_embedded_jwk = False

    def for_method(self, method: str, issuer_id: str | None) -> PublicKey:
        did, _, fragment = method.partition("#")
        if did != issuer_id:
            raise verifier.KeyResolutionError("The signing key does not belong to the credential's issuer")
        if did.startswith("did:key:"):
            try:
                return key_from_did_key(did)
            except (KeyFormatError, ValueError) as exc:
                raise verifier.KeyResolutionError(f"Cannot read {did}") from exc
        slug = keys.issuer_slug_from_did(did)
        if slug is None:
            raise verifier.KeyResolutionError(f"Only this platform's issuers and did:key can be resolved here, not {did}")
        if not IssuerKey.objects.filter(issuer__slug=slug, public_multibase=fragment).exists():
            raise verifier.KeyResolutionError(f"{did}'s DID document does not list the key {fragment}")
        return decode_public(fragment)

    def for_jwt(self, header: dict[str, Any], issuer_id: str | None) -> Any:
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise verifier.KeyResolutionError("The JWT header names no key (kid)")
        return self.for_method(kid, issuer_id)


def fetch_status_list(url: str) -> dict[str, Any]:
    """A status list credential of this platform by its URL (others are not fetched)."""
    prefix = documents.status_list_prefix()
    if not url.startswith(prefix):
        raise ValueError("Only this platform's status lists can be checked")
    slug, _, purpose = url[len(prefix) :].partition("/")
    found = status_list_get(slug, purpose)
    if found is None:
        raise ValueError("Status list not found")
    return found.document


def suspension_entry(credential: dict[str, Any]) -> list[dict[str, Any]]:
    """This platform's convention: when a credential's revocation entry is served here, the issuer's
    suspension list (a sibling URL, ``…/suspension``) at the same index is checked too. Open Badges
    3.0 allows one ``credentialStatus``, so the credential cannot name it; a verifier elsewhere
    reads only the revocation entry (docs/credentials.md, "Status")."""
    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("statusPurpose") != "revocation":
        return []
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not url.startswith(documents.status_list_prefix()) or not url.endswith("/revocation"):
        return []
    sibling = url.removesuffix("/revocation") + "/suspension"
    index = entry.get("statusListIndex")
    return [{**entry, "id": f"{sibling}#{index}", "statusPurpose": "suspension", "statusListCredential": sibling}]


def credential_verify(data: Any, *, now: datetime | None = None) -> verifier.Verdict:
    """The verdict on a credential (dict, JSON text, compact JWT or baked image bytes): the entries it
    names, and for one whose revocation list is ours, our published suspension list at the same index."""
    return verifier.verify(data, keys=PlatformKeys(), statuses=fetch_status_list, now=now, extra_status=suspension_entry)


def credentials_public() -> QuerySet[Credential]:
    """Credentials as their URLs show them (anyone holding the URL may verify one)."""
    return Credential.objects.select_related("issuer__organisation__jurisdiction", "version__micro_credential", "recipient")


def submissions_visible(actor: Actor) -> QuerySet[Submission]:
    return (
        submission_policy.filter(actor, "view")
        .select_related("version__micro_credential__issuer__organisation__jurisdiction", "educator", "district", "assessor")
        .prefetch_related("files")
    )


def credential_get(public_id: Any) -> Credential | None:
    return Credential.objects.select_related("issuer__organisation__jurisdiction", "version__micro_credential", "recipient").filter(public_id=public_id).first()


def credential_list(actor: Actor, *, state: str = "", revoked: bool | None = None, expired: bool | None = None, mine: bool = False) -> QuerySet[Credential]:
    """Credentials the actor may list, newest first; filters for revoked and expired."""
    qs = credential_policy.filter(actor, "list").select_related("issuer", "recipient", "recipient_org", "district", "version")
    if mine:
        qs = qs.filter(recipient_id=getattr(actor, "pk", None))
    if state:
        qs = qs.filter(issuer__organisation__jurisdiction__usps=state)
    if revoked is not None:
        qs = qs.filter(revoked_at__isnull=not revoked)
    if expired is not None:
        now = timezone.now()
        qs = qs.filter(valid_until__lt=now) if expired else qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=now))
    return qs.defer("document", "jwt").order_by("-valid_from", "-id")


LIST_TOTAL_BOUND = 10_000  # a list's total is counted up to here; beyond it: "more than 10,000"


@dataclass
class CredentialPage:
    """One keyset page of the issued list and its total, counted up to ``LIST_TOTAL_BOUND``."""

    page: KeysetPage[Credential]
    total: int

    bound: int = LIST_TOTAL_BOUND

    @property
    def total_is_bounded(self) -> bool:
        return self.total > self.bound

    @property
    def bound_text(self) -> str:
        return f"{self.bound:,}"


def credential_page(actor: Actor, *, limit: int, after: str | None = None, before: str | None = None, **filters: Any) -> CredentialPage:
    """A page of ``credential_list`` by keyset on (valid_from, id), newest first (index
    ``credential_newest``; revoked ones: ``credential_revoked_newest``): as cheap at page 400 as at
    page 1. Raises ``core.keyset.CursorError`` for a cursor this site did not make."""
    qs = credential_list(actor, **filters)
    page = keyset_page(qs, limit=limit, order_by="-valid_from", after=after, before=before)
    return CredentialPage(page, bounded_count(qs, LIST_TOTAL_BOUND), LIST_TOTAL_BOUND)


def catalog_list(actor: Actor) -> QuerySet[MicroCredentialVersion]:
    """Published versions (the catalog), with their issuer and aligned framework items."""
    return (
        version_policy.filter(actor, "view")
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("micro_credential__issuer")
        .prefetch_related(Prefetch("alignments", queryset=Item.objects.select_related("framework").order_by("position")))
        .order_by("name", "id")
    )


def version_get(actor: Actor, public_id: Any) -> MicroCredentialVersion | None:
    return (
        version_policy.filter(actor, "view")
        .select_related("micro_credential__issuer__organisation__jurisdiction")
        .prefetch_related(Prefetch("alignments", queryset=Item.objects.select_related("framework").order_by("position")))
        .filter(public_id=public_id)
        .first()
    )


def submissions_of(actor: Actor) -> QuerySet[Submission]:
    return (
        submission_policy.filter(actor, "change").select_related("version__micro_credential__issuer").prefetch_related("files").order_by("-created_at", "-id")
    )


def review_queue(actor: Actor) -> QuerySet[Submission]:
    """Submitted attempts the actor may review, oldest due first (their own excluded)."""
    return (
        submission_policy.filter(actor, "review")
        .filter(status=SubmissionStatus.SUBMITTED)
        .exclude(educator_id=getattr(actor, "pk", None))
        .select_related("version__micro_credential__issuer", "educator", "district")
        .order_by("due_at", "id")
    )


def submission_get(actor: Actor, public_id: Any) -> Submission | None:
    return (
        submission_policy.filter(actor, "view")
        .select_related("version__micro_credential__issuer__organisation__jurisdiction", "educator", "district", "assessor")
        .prefetch_related("files")
        .filter(public_id=public_id)
        .first()
    )


@dataclass
class WalletPage:
    """One page of a person's credentials for the OB 3.0 API: ours (as VC-JWTs) first, then the
    ones put into their account (JSON as JSON, a JWS as received)."""

    issued: list[Credential]
    held: list[HeldCredential]
    total: int


def wallet_credentials(user: Any, *, limit: int, offset: int, since: datetime | None = None) -> WalletPage:
    """A person's own unrevoked credentials and the credentials they hold, one page and the total."""
    issued = Credential.objects.filter(recipient_id=getattr(user, "pk", None), revoked_at__isnull=True).select_related("issuer")
    held = held_credential_policy.filter(user, "view")
    if since is not None:
        issued, held = issued.filter(updated_at__gte=since), held.filter(updated_at__gte=since)
    issued_total, held_total = issued.count(), held.count()
    issued_rows = list(issued.order_by("-valid_from", "-id")[offset : offset + limit]) if offset < issued_total else []
    room, held_offset = limit - len(issued_rows), max(0, offset - issued_total)
    held_rows = list(held.order_by("-updated_at", "-id")[held_offset : held_offset + room]) if room and held_offset < held_total else []
    return WalletPage(issued_rows, held_rows, issued_total + held_total)


def held_credentials(actor: Actor) -> QuerySet[HeldCredential]:
    """Credentials a wallet or another platform put into this person's account, newest first."""
    return held_credential_policy.filter(actor, "view").defer("document", "jwt").order_by("-updated_at", "-id")


def wallet_profile(user: Any) -> dict[str, Any]:
    """The person's OB 3.0 Profile (getProfile / putProfile)."""
    return {"id": f"urn:uuid:{user.public_id}", "type": ["Profile"], "name": user.full_name or user.email, "email": user.email}


def ob_openapi() -> dict[str, Any]:
    """1EdTech's OB 3.0 OpenAPI document (shipped copy) with this site's server and OAuth URLs."""
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from django.conf import settings  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    document = json.loads((Path(__file__).parent / "crypto" / "schemas" / "ob-v3p0-openapi.json").read_text(encoding="utf-8"))
    site = settings.SITE_URL
    document["servers"] = [{"url": f"{site}/ims/ob/v3p0", "description": "Statewide"}]
    scheme = document["components"]["securitySchemes"]["OAuth2ACG"]
    flow = scheme["flows"]["authorizationCode"]
    flow["authorizationUrl"] = site + reverse("oauth2_provider:authorize")
    flow["tokenUrl"] = site + reverse("oauth2_provider:token")
    flow["refreshUrl"] = site + reverse("oauth2_provider:token")
    provider: Any = getattr(settings, "OAUTH2_PROVIDER", {})
    flow["scopes"] = dict(provider["SCOPES"])
    # OB 3.0's OpenApiOAuth2SecurityScheme requires it on the scheme; earlier clients read it on the flow.
    scheme["x-imssf-registrationUrl"] = flow["x-imssf-registrationUrl"] = site + reverse("ob:register")
    document.setdefault("info", {})["x-imssf-privacyPolicyUrl"] = site + "/"
    return document


# ---- administration -----------------------------------------------------------------------------
def issuers_managed(actor: Actor) -> QuerySet[Issuer]:
    """The issuers this person may change (rotate keys, author for), with their active key."""
    active = Prefetch("keys", queryset=IssuerKey.objects.filter(is_active=True), to_attr="active_keys")
    return issuer_policy.filter(actor, "change").select_related("organisation__jurisdiction").prefetch_related(active).order_by("name", "id")


def issuer_managed_get(actor: Actor, slug: str) -> Issuer | None:
    return issuers_managed(actor).filter(slug=slug).first()


def organisations_to_make_issuers(actor: Actor) -> QuerySet[Organisation]:
    """State agencies not yet issuers, in the states where this person may set up an issuer."""
    states = issuer_policy.creatable_states(actor, Jurisdiction.objects.all())
    return (
        Organisation.objects.filter(kind=OrganisationKind.STATE_AGENCY, jurisdiction__in=states, credential_issuer__isnull=True)
        .select_related("jurisdiction")
        .order_by("name")
    )


def issuers_for_authoring(actor: Actor) -> QuerySet[Issuer]:
    """Issuers under which this person may create a micro-credential."""
    issuers = Issuer.objects.select_related("organisation__jurisdiction").order_by("name", "id")
    allowed = [
        i.pk
        for i in issuers
        if version_policy.can_create(actor, state=i.organisation.jurisdiction.usps if i.organisation.jurisdiction else None, org=i.organisation)
    ]
    return issuers.filter(pk__in=allowed)


def versions_managed(actor: Actor) -> QuerySet[MicroCredentialVersion]:
    """Every version (drafts first) this person may edit, newest first."""
    return version_policy.filter(actor, "change").select_related("micro_credential__issuer").order_by("status", "name", "-number", "id")


def drafts_managed(actor: Actor) -> QuerySet[MicroCredentialVersion]:
    return versions_managed(actor).filter(status=VersionStatus.DRAFT)


def version_managed_get(actor: Actor, public_id: Any) -> MicroCredentialVersion | None:
    return (
        versions_managed(actor)
        .select_related("micro_credential__issuer__organisation__jurisdiction")
        .prefetch_related(Prefetch("alignments", queryset=Item.objects.select_related("framework").order_by("position")))
        .filter(public_id=public_id)
        .first()
    )


def alignment_choices() -> QuerySet[Item]:
    """Framework items a micro-credential may align to."""
    return Item.objects.select_related("framework").order_by("framework__short_title", "position", "id")
