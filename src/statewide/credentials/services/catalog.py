"""Issuers, their keys and the catalog of micro-credentials (versioned; published versions are frozen)."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record, snapshot
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.core.text import instance_text_problems
from statewide.core.uploads import stored_upload
from statewide.credentials import images, keys
from statewide.credentials.models import Issuer, IssuerKey, MicroCredential, MicroCredentialVersion, StateSettings, VersionStatus
from statewide.credentials.permissions import issuer_policy, state_settings_policy, version_policy
from statewide.credentials.services.issuance import status_lists_create
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction, Organisation

ISSUER_FIELDS = ("slug", "name", "url", "email", "description")
VERSION_FIELDS = (
    "name",
    "description",
    "competency",
    "key_method",
    "method_components",
    "research",
    "resources",
    "submission_guidelines",
    "evaluation_criteria",
    "rubric",
    "validity_days",
)
REQUIRED_SECTIONS = ("name", "description", "competency", "key_method", "submission_guidelines", "evaluation_criteria")


def _usps(org: Organisation) -> str:
    return org.jurisdiction.usps if org.jurisdiction else ""


def _check(obj: Any) -> None:
    problems = instance_text_problems(obj)
    if problems:
        raise ApplicationError(_("Please correct the fields shown."), fields=problems)


def _new_key(issuer: Issuer) -> IssuerKey:
    _private, public, encrypted = keys.new_key_pair()
    return IssuerKey.objects.create(issuer=issuer, public_multibase=public, private_encrypted=encrypted, is_active=True)


def issuer_create(*, actor: Actor, organisation: Organisation, name: str, slug: str = "", url: str = "", email: str = "", description: str = "") -> Issuer:
    """Make an organization an issuer: an Ed25519 key (encrypted at rest) and its revocation list."""
    issuer_policy.require_create(actor, state=_usps(organisation) or None, org=organisation)
    issuer = Issuer(organisation=organisation, name=name, slug=slugify(slug or name)[:60], url=url, email=email, description=description)
    _check(issuer)
    if Issuer.objects.filter(slug=issuer.slug).exists() or Issuer.objects.filter(organisation=organisation).exists():
        raise ApplicationError(_("This issuer exists already."), fields={"slug": [_("Choose another short name.")]})
    with transaction.atomic():
        issuer.save()
        key = _new_key(issuer)
        status_lists_create(issuer)
        audit_record(
            actor=actor,
            action="issuer.create",
            obj=issuer,
            after={**snapshot(issuer, ISSUER_FIELDS), "public_key": key.public_multibase},
            scope_state=_usps(organisation),
        )
    return issuer


def _image_problem(upload: UploadedFile) -> tuple[bytes, str]:
    """The image's bytes and type, checked by content and size; a field-level error otherwise."""
    if upload.size is None or upload.size > images.MAX_IMAGE_BYTES:
        raise ApplicationError(_("An image may be at most 512 KB."), fields={"image": [_("An image may be at most 512 KB.")]})
    upload.seek(0)
    data = upload.read()
    content_type = images.image_type(data)
    if content_type is None:
        message = _("Upload a PNG or JPEG image of at most 2048 pixels a side (the file's content is not one).")
        raise ApplicationError(message, fields={"image": [message]})
    return data, content_type


def issuer_update(
    *,
    actor: Actor,
    issuer: Issuer,
    name: str,
    url: str = "",
    email: str = "",
    description: str = "",
    image: UploadedFile | None = None,
    remove_image: bool = False,
    expected_version: int | None = None,
) -> Issuer:
    """Change an issuer's profile (name, website, e-mail, description, image). Its short name and
    so its did:web stay; credentials issued before keep the profile they were signed with and still
    verify (the keys do not change); new credentials and the profile document show the new one.
    `expected_version`: optimistic locking (core.concurrency)."""
    issuer_policy.require(actor, "change", issuer)
    checked = _image_problem(image) if image is not None else None
    before = {**snapshot(issuer, ISSUER_FIELDS), "image": issuer.image_type}
    issuer.name, issuer.url, issuer.email, issuer.description = name.strip(), url.strip(), email.strip(), description.strip()
    problems = instance_text_problems(issuer)
    if not issuer.name:
        problems.setdefault("name", []).append(_("Required."))
    try:
        if issuer.email:
            validate_email(issuer.email)
    except ValidationError:
        problems.setdefault("email", []).append(_("Enter a valid e-mail address."))
    if problems:
        raise ApplicationError(_("Please correct the fields shown."), fields=problems)
    old_file = issuer.image.name if (checked or remove_image) and issuer.image else ""
    with ExitStack() as stack:
        if checked:  # the new image is stored first (core.uploads: a storage that fails leaves no file and changes nothing)
            data, issuer.image_type = checked
            extension = "png" if issuer.image_type == "image/png" else "jpg"
            stack.enter_context(stored_upload(issuer.image, f"{issuer.slug}.{extension}", ContentFile(data), field="image"))
        elif remove_image:
            issuer.image, issuer.image_type = "", ""
        stack.enter_context(transaction.atomic())
        edit_guard(issuer, expected=expected_version, submitted={f: getattr(issuer, f) for f in ("name", "url", "email", "description")})
        issuer.save()
        audit_record(
            actor=actor,
            action="issuer.update",
            obj=issuer,
            before=before,
            after={**snapshot(issuer, ISSUER_FIELDS), "image": issuer.image_type},
            scope_state=_usps(issuer.organisation),
        )
        if old_file and old_file != issuer.image.name:
            storage, name_to_delete = issuer.image.storage, old_file
            transaction.on_commit(lambda: storage.delete(name_to_delete))
    return issuer


def issuer_key_rotate(*, actor: Actor, issuer: Issuer) -> IssuerKey:
    """A new signing key; the old one is retired but stays in the DID document, so what it signed still verifies."""
    issuer_policy.require(actor, "change", issuer)
    with transaction.atomic():
        old = list(IssuerKey.objects.select_for_update().filter(issuer=issuer, is_active=True))
        IssuerKey.objects.filter(pk__in=[k.pk for k in old]).update(is_active=False, retired_at=timezone.now())
        key = _new_key(issuer)
        audit_record(
            actor=actor,
            action="issuer.rotate_key",
            obj=issuer,
            before={"public_keys": [k.public_multibase for k in old]},
            after={"public_key": key.public_multibase},
            scope_state=_usps(issuer.organisation),
        )
    return key


def issuer_keys_reencrypt(*, actor: Actor, old_secret: str) -> int:
    """Re-encrypt every issuer's private keys (retired ones too) under the current
    CREDENTIALS_KEY_SECRET, opening them with ``old_secret`` (or the current secret, so a second run
    changes nothing). All keys or none: one that opens with neither stops it. Operators only."""
    if not issuer_policy.can_create_anywhere(actor):
        raise PermissionDenied
    try:
        keys.fernet_for(old_secret)
    except ValueError as exc:
        raise ApplicationError(_("The old secret is not a Fernet key."), fields={"old_secret": [_("Not a Fernet key.")]}) from exc
    done = 0
    with transaction.atomic():
        rows = list(IssuerKey.objects.select_for_update(of=("self",)).select_related("issuer__organisation__jurisdiction").order_by("id"))
        by_issuer: dict[int, list[str]] = {}
        for row in rows:
            try:
                row.private_encrypted = keys.reencrypt(bytes(row.private_encrypted), old_secret=old_secret)
            except keys.KeyDecryptionError as exc:
                message = _("The key %(key)s of %(issuer)s opens with neither secret; nothing was changed.") % {
                    "key": row.public_multibase,
                    "issuer": row.issuer.slug,
                }
                raise ApplicationError(message, fields={"old_secret": [message]}) from exc
            by_issuer.setdefault(row.issuer_id, []).append(row.public_multibase)
            done += 1
        IssuerKey.objects.bulk_update(rows, ["private_encrypted"], batch_size=500)
        issuers = {row.issuer_id: row.issuer for row in rows}
        for issuer_id, public_keys in by_issuer.items():
            issuer = issuers[issuer_id]
            audit_record(actor=actor, action="issuer.reencrypt_keys", obj=issuer, after={"public_keys": public_keys}, scope_state=_usps(issuer.organisation))
    return done


def state_settings_set(*, actor: Actor, jurisdiction: Jurisdiction, **fields: Any) -> StateSettings:
    state_settings_policy.require_create(actor, state=jurisdiction.usps)
    allowed = {"max_attempts", "allow_same_district_assessor", "growth_target_percent", "review_days"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(_("Unknown setting."), fields={k: [_("Unknown setting.")] for k in unknown})
    if "max_attempts" in fields and not 1 <= int(fields["max_attempts"]) <= 20:
        raise ApplicationError(_("Please correct the fields shown."), fields={"max_attempts": [_("Between 1 and 20.")]})
    with transaction.atomic():
        settings_row, _created = StateSettings.objects.get_or_create(jurisdiction=jurisdiction)
        before = snapshot(settings_row, sorted(allowed))
        for name, value in fields.items():
            setattr(settings_row, name, value)
        settings_row.save()
        audit_record(
            actor=actor,
            action="credential_settings.update",
            obj=settings_row,
            before=before,
            after=snapshot(settings_row, sorted(allowed)),
            scope_state=jurisdiction.usps,
        )
    return settings_row


def _rubric_problems(rubric: Any) -> list[str]:
    if not isinstance(rubric, list) or not rubric:
        return [_("A rubric needs at least one criterion.")]
    problems, codes = [], set()
    for i, row in enumerate(rubric, start=1):
        if not isinstance(row, dict) or not str(row.get("code", "")).strip() or not str(row.get("name", "")).strip():
            problems.append(_("Criterion %(n)d needs a code and a name.") % {"n": i})
        elif row["code"] in codes:
            problems.append(_("Criterion %(n)d repeats a code.") % {"n": i})
        else:
            codes.add(row["code"])
    return problems


def _apply(version: MicroCredentialVersion, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), fields={k: [_("Unknown field.")] for k in unknown})
    for name, value in fields.items():
        setattr(version, name, value)
    problems = instance_text_problems(version)
    for name in REQUIRED_SECTIONS:
        if not str(getattr(version, name) or "").strip():
            problems.setdefault(name, []).append(_("Required."))
    rubric = _rubric_problems(version.rubric)
    if rubric:
        problems["rubric"] = rubric
    if problems:
        raise ApplicationError(_("Please correct the fields shown."), fields=problems)


def micro_credential_create(*, actor: Actor, issuer: Issuer, slug: str, alignments: list[Item] | None = None, **fields: Any) -> MicroCredentialVersion:
    """A new micro-credential and its first (draft) version."""
    version_policy.require_create(actor, state=_usps(issuer.organisation) or None, org=issuer.organisation)
    slug = slugify(slug)[:80]
    if not slug or MicroCredential.objects.filter(issuer=issuer, slug=slug).exists():
        raise ApplicationError(_("Choose another short name."), fields={"slug": [_("Already used by this issuer, or empty.")]})
    version = MicroCredentialVersion(number=1)
    _apply(version, fields)
    with transaction.atomic():
        micro = MicroCredential.objects.create(issuer=issuer, slug=slug)
        version.micro_credential = micro
        version.save()
        version.alignments.set(alignments or [])
        audit_record(
            actor=actor,
            action="microcredential.create",
            obj=version,
            after=snapshot(version, ("name", "number", "status")),
            scope_state=_usps(issuer.organisation),
        )
    return version


def version_update(
    *, actor: Actor, version: MicroCredentialVersion, alignments: list[Item] | None = None, expected_version: int | None = None, **fields: Any
) -> MicroCredentialVersion:
    """Edit a draft. `expected_version`: optimistic locking (core.concurrency; the draft's `version` column, not its `number`)."""
    version_policy.require(actor, "change", version)
    if version.status != VersionStatus.DRAFT:
        raise ApplicationError(_("A published version never changes; start a new version instead."), code="published")
    before = snapshot(version, VERSION_FIELDS)
    _apply(version, fields)
    with transaction.atomic():
        edit_guard(version, expected=expected_version, submitted=fields)
        version.save()
        if alignments is not None:
            version.alignments.set(alignments)
        audit_record(
            actor=actor,
            action="microcredential.update",
            obj=version,
            before=before,
            after=snapshot(version, VERSION_FIELDS),
            scope_state=_usps(version.micro_credential.issuer.organisation),
        )
    return version


def version_publish(*, actor: Actor, version: MicroCredentialVersion) -> MicroCredentialVersion:
    """Publish a draft; the version published before is retired (its earners and submissions keep it)."""
    version_policy.require(actor, "publish", version)
    if version.status != VersionStatus.DRAFT:
        raise ApplicationError(_("Only a draft can be published."), code="not_draft")
    with transaction.atomic():
        MicroCredentialVersion.objects.filter(micro_credential=version.micro_credential, status=VersionStatus.PUBLISHED).update(status=VersionStatus.RETIRED)
        version.status, version.published_at = VersionStatus.PUBLISHED, timezone.now()
        version.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="microcredential.publish",
            obj=version,
            after=snapshot(version, ("number", "status")),
            scope_state=_usps(version.micro_credential.issuer.organisation),
        )
    return version


def version_new_draft(*, actor: Actor, micro_credential: MicroCredential) -> MicroCredentialVersion:
    """A new draft copied from the latest version (to edit without changing what is published)."""
    latest = micro_credential.versions.order_by("-number").first()
    if latest is None:  # pragma: no cover - every micro-credential is created with a version
        raise ApplicationError(_("Nothing to copy."))
    version_policy.require(actor, "change", latest)
    if micro_credential.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ApplicationError(_("A draft exists already."), code="draft_exists")
    with transaction.atomic():
        number = (micro_credential.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        draft = MicroCredentialVersion(micro_credential=micro_credential, number=number, **{f: getattr(latest, f) for f in VERSION_FIELDS})
        draft.save()
        draft.alignments.set(latest.alignments.all())
        audit_record(
            actor=actor,
            action="microcredential.new_version",
            obj=draft,
            after=snapshot(draft, ("name", "number")),
            scope_state=_usps(micro_credential.issuer.organisation),
        )
    return draft
