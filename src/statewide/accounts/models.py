from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel, TimeStampedModel
from statewide.places.models import Organisation, OrganisationKind


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save()
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with e-mail and password. Operators are superusers."""

    public_id = models.UUIDField(_("public id"), unique=True, editable=False, default=uuid.uuid4)
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    STATE_ADMIN = "state_admin", _("State administrator")
    STATE_REVIEWER = "state_reviewer", _("State reviewer")
    DISTRICT_LEAD = "district_lead", _("District lead")
    EDUCATOR = "educator", _("Educator")
    ASSESSOR = "assessor", _("Assessor")
    CONTENT_EDITOR = "content_editor", _("Content editor")


# Which kind of organisation each role is held in. None: a platform-wide role, held in no organisation.
ROLE_ORGANISATION_KINDS: dict[str, tuple[str, ...] | None] = {
    Role.STATE_ADMIN: (OrganisationKind.STATE_AGENCY,),
    Role.STATE_REVIEWER: (OrganisationKind.STATE_AGENCY,),
    Role.DISTRICT_LEAD: (OrganisationKind.DISTRICT,),
    Role.EDUCATOR: (OrganisationKind.DISTRICT, OrganisationKind.PARTNER),
    Role.ASSESSOR: (OrganisationKind.STATE_AGENCY, OrganisationKind.PARTNER),
    Role.CONTENT_EDITOR: None,
}


class Membership(PublicIdModel):
    """A role a user holds in an organisation (or platform-wide, for content editors)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership"),
            models.UniqueConstraint(fields=["user", "role"], condition=models.Q(organisation__isnull=True), name="unique_platform_role"),
            models.CheckConstraint(
                condition=(models.Q(role="content_editor") & models.Q(organisation__isnull=True))
                | (~models.Q(role="content_editor") & models.Q(organisation__isnull=False)),
                name="platform_roles_have_no_organisation",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="membership_org_role")]

    def __str__(self) -> str:
        where = self.organisation.name if self.organisation else _("platform")
        return f"{self.user.email}: {self.get_role_display()} ({where})"


class ApiToken(PublicIdModel):
    """A personal token for scripts. Only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=12)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


__all__ = ["ApiToken", "Membership", "Role", "TimeStampedModel", "User"]
