"""Models of the state self-assessment module (campaigns, groups, respondents, responses)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel, TimeStampedModel
from statewide.frameworks.models import Framework, Item, Level
from statewide.places.models import Jurisdiction

DEFAULT_THRESHOLD = 5
DEFAULT_GROUPS = [
    _("Legislators"),
    _("State board members"),
    _("State agency staff"),
    _("District leaders"),
    _("Educators"),
    _("Families and community"),
    _("Students"),
    _("Higher education"),
    _("Employers"),
]


def new_token() -> str:
    """An unguessable link token (256 bits of randomness)."""
    return secrets.token_urlsafe(32)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Campaign(PublicIdModel):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="selfassessment_campaigns")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    conditions = models.ManyToManyField(Item, related_name="+", verbose_name=_("conditions"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    threshold = models.PositiveSmallIntegerField(_("anonymity threshold"), default=DEFAULT_THRESHOLD)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    is_demo = models.BooleanField(_("demo data"), default=False)
    is_baseline = models.BooleanField(_("official baseline of the state"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class StakeholderGroup(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    token = models.CharField(_("invitation token"), max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["campaign", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Respondent(TimeStampedModel):
    """One anonymous respondent: no account, no e-mail address, only a private resume token."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="respondents")
    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="respondents")
    token = models.CharField(_("resume token"), max_length=64, unique=True, default=new_token)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    priorities = models.ManyToManyField(Item, related_name="+", blank=True)

    class Meta:
        indexes = [models.Index(fields=["campaign", "submitted_at"], name="sa_resp_campaign_sub")]

    def __str__(self) -> str:
        return f"{self.group} #{self.pk}"


class Rating(models.Model):
    """A respondent's rating of one condition: a phase, "not started" (`not_started`, no level) or
    "not sure" (neither)."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    not_started = models.BooleanField(_("not started"), default=False)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices, blank=True)
    comment = models.TextField(_("evidence or comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "item"], name="sa_rating_unique"),
            models.CheckConstraint(condition=models.Q(not_started=False) | models.Q(level__isnull=True), name="sa_rating_not_started_has_no_level"),
        ]


class ConsensusDecision(TimeStampedModel):
    """The phase a consensus meeting agreed for one condition, with its rationale."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rationale = models.TextField(_("rationale"))
    is_priority = models.BooleanField(_("agreed priority"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "item"], name="sa_decision_unique")]


class RoadmapEntry(TimeStampedModel):
    """Owner and target date for an agreed priority (goal and actions come from the framework)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="roadmap")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "item"], name="sa_roadmap_unique")]
