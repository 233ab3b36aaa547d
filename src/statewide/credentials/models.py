"""Micro-credentials as Open Badges 3.0: issuers and their keys, versioned micro-credentials,
submissions and their evidence, issued credentials and Bitstring Status Lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel, TimeStampedModel
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction, Organisation


class StateSettings(TimeStampedModel):
    """What a state decides: attempts, whether assessors may review their own district, its growth target."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="credential_settings")
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    allow_same_district_assessor = models.BooleanField(_("assessors may review their own district"), default=False)
    growth_target_percent = models.DecimalField(_("growth target (% a year)"), max_digits=5, decimal_places=1, default=10)
    review_days = models.PositiveSmallIntegerField(_("days to review a submission"), default=14)

    def __str__(self) -> str:
        return f"{self.jurisdiction.usps} credential settings"


class Issuer(PublicIdModel):
    """An organization that issues credentials: a did:web DID and an OB 3.0 Profile."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="credential_issuer")
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.FileField(_("image"), upload_to="credentials/issuers/", blank=True)
    image_type = models.CharField(_("image type"), max_length=20, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class IssuerKey(TimeStampedModel):
    """An Ed25519 key of an issuer. The private key is stored encrypted (Fernet, key from settings);
    a rotated key stays, without its private half's use, so earlier credentials still verify."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="keys")
    public_multibase = models.CharField(_("public key (Multikey)"), max_length=60, unique=True)
    private_encrypted = models.BinaryField(_("private key (encrypted)"), editable=False)
    is_active = models.BooleanField(_("signs new credentials"), default=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["issuer", "-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["issuer"], condition=models.Q(is_active=True), name="one_active_key_per_issuer")]

    def __str__(self) -> str:
        return self.public_multibase

    def __repr__(self) -> str:  # never the private half
        return f"IssuerKey({self.public_multibase})"


class MicroCredential(PublicIdModel):
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="micro_credentials")
    slug = models.SlugField(_("short name"), max_length=80)

    class Meta:
        ordering = ["issuer", "slug"]
        constraints = [models.UniqueConstraint(fields=["issuer", "slug"], name="microcredential_slug_per_issuer")]

    def __str__(self) -> str:
        return self.slug


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class MicroCredentialVersion(PublicIdModel):
    """One version, with Digital Promise's template sections and the public rubric. Once
    published it never changes: an edit makes a new draft version."""

    micro_credential = models.ForeignKey(MicroCredential, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    competency = models.TextField(_("competency"))
    key_method = models.TextField(_("key method"))
    method_components = models.TextField(_("method components"), blank=True)
    research = models.TextField(_("research and rationale"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    submission_guidelines = models.TextField(_("submission guidelines"))
    evaluation_criteria = models.TextField(_("evaluation criteria"))
    # [{"code": "c1", "name": "...", "description": "...", "required": true}] — the public rubric
    rubric = models.JSONField(_("rubric"), default=list)
    validity_days = models.PositiveIntegerField(_("valid for (days)"), null=True, blank=True)
    alignments = models.ManyToManyField(Item, blank=True, related_name="micro_credential_versions", verbose_name=_("framework items"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["micro_credential", "-number"]
        constraints = [models.UniqueConstraint(fields=["micro_credential", "number"], name="mc_version_number_unique")]
        indexes = [models.Index(fields=["status", "name"], name="mc_version_status_name")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not yet passed")


class Submission(PublicIdModel):
    """One attempt by an educator at one published version."""

    educator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credential_submissions")
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.PROTECT, related_name="submissions")
    district = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_links = models.JSONField(_("links"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_at = models.DateTimeField(_("review due"), null=True, blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="credential_reviews")
    scores = models.JSONField(_("scores"), default=dict, blank=True)  # rubric code -> "met" | "not_met"
    feedback = models.TextField(_("feedback"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["educator", "status"], name="submission_educator_status"),
            models.Index(fields=["status", "due_at"], name="submission_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.version} attempt {self.attempt}"


class EvidenceFile(TimeStampedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="credentials/evidence/%Y/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    def __str__(self) -> str:
        return self.name


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


class StatusList(PublicIdModel):
    """A Bitstring Status List of one issuer and purpose; ``document`` is the signed credential."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="status_lists")
    purpose = models.CharField(_("purpose"), max_length=10, choices=StatusPurpose.choices)
    bits = models.BinaryField(_("bits"))
    document = models.JSONField(_("signed list"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "purpose"], name="one_status_list_per_purpose")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.purpose}"


class CredentialKind(models.TextChoices):
    MICRO_CREDENTIAL = "micro", _("Micro-credential")
    PROGRAM_STATUS = "program", _("Program status")


class Credential(PublicIdModel):
    """An issued OpenBadgeCredential (signed JSON with a Data Integrity proof, and a VC-JWT)."""

    kind = models.CharField(_("kind"), max_length=10, choices=CredentialKind.choices, default=CredentialKind.MICRO_CREDENTIAL)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="credentials")
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="credentials")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials")
    recipient_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="credentials_held")
    district = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submission = models.OneToOneField(Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="credential")
    name = models.CharField(_("name"), max_length=200)
    narrative = models.TextField(_("narrative"), blank=True)
    status_index = models.PositiveIntegerField(_("status list index"))
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    document = models.JSONField(_("signed credential"))
    jwt = models.TextField(_("VC-JWT"))
    program_ref = models.CharField(_("program"), max_length=200, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "status_index"], name="credential_status_index_unique")]
        indexes = [
            models.Index(fields=["recipient", "valid_from"], name="credential_recipient"),
            models.Index(fields=["issuer", "revoked_at", "valid_until"], name="credential_issuer_state"),
            models.Index(fields=["district", "valid_from"], name="credential_district_year"),
            models.Index(fields=["kind", "recipient_org", "program_ref"], name="credential_program"),
            # The lists' order (newest first): a page is read from the index, not by sorting every row.
            models.Index(fields=["-valid_from", "-id"], name="credential_newest"),
            # The revoked filter's pages (about 1 % of the rows): read from this small index at any depth.
            models.Index(fields=["-valid_from", "-id"], name="credential_revoked_newest", condition=models.Q(revoked_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name


class HeldCredential(TimeStampedModel):
    """A credential that a wallet or another platform put into a person's account through the Open
    Badges 3.0 API (upsertCredential), with the person's consent. Identified per holder by the
    credential's ``id`` and its issuer's ``id``; a second upsert of the same pair replaces it."""

    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_credentials")
    credential_ref = models.CharField(_("credential id"), max_length=500)
    issuer_ref = models.CharField(_("issuer id"), max_length=500)
    name = models.CharField(_("name"), max_length=300, blank=True)
    document = models.JSONField(_("credential"))
    jwt = models.TextField(_("compact JWS as received"), blank=True)

    class Meta:
        ordering = ["holder", "-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["holder", "issuer_ref", "credential_ref"], name="held_credential_once_per_holder")]
        indexes = [models.Index(fields=["holder", "updated_at"], name="held_credential_holder_updated")]

    def __str__(self) -> str:
        return self.name or self.credential_ref


class TallyDimension(models.TextChoices):
    YEAR = "year", _("Year")  # key: the year of validFrom
    VERSION = "version", _("Version")  # key: the micro-credential version (its alignments give the conditions)
    HOLDER = "holder", _("Holder")  # key: district, key2: recipient; n: their credentials there
    DISTRICT = "district", _("District")  # key: district; n: how many holders (HOLDER rows with n > 0)


class GrowthTally(models.Model):
    """The growth dashboard's counts of unrevoked micro-credentials per state, kept up to date by the
    services that issue and revoke (inside their transaction; bulk award issues through them), so
    the dashboard reads a few rows instead of every credential. ``services.growth_tally_rebuild``
    recounts them from the credentials (after a bulk load that skips the services)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("dimension"), max_length=8, choices=TallyDimension.choices)
    key = models.BigIntegerField(_("key"))
    key2 = models.BigIntegerField(_("second key"), default=0)
    n = models.IntegerField(_("count"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "dimension", "key", "key2"], name="growth_tally_unique")]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.dimension} {self.key}/{self.key2}: {self.n}"
