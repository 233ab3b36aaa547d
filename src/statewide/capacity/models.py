"""Models of the local-capacity module: readiness rounds and tiers, supports, technical assistance."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel, TimeStampedModel
from statewide.places.models import Jurisdiction, Organisation


class ReadinessInstrument(TimeStampedModel):
    """One version of the readiness instrument (Statewide's own), stored whole as data."""

    slug = models.SlugField(_("slug"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="readiness_instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class TierScheme(TimeStampedModel):
    """A state's tiers of readiness (the default, New Hampshire's three tiers, applies until a state sets its own)."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="tier_scheme")
    tiers = models.JSONField(_("tiers"))
    # Mentor matching looks at other states' districts only when the state opts in.
    mentors_across_states = models.BooleanField(_("suggest mentors from other states"), default=False)
    ta_response_days = models.PositiveSmallIntegerField(_("target days to first response"), default=5)
    ta_resolution_days = models.PositiveSmallIntegerField(_("target days to resolution"), default=45)


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")


class ReadinessRound(PublicIdModel):
    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="readiness_rounds")
    instrument = models.ForeignKey(ReadinessInstrument, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Set on submission: the scores, tiers and reasons (scoring.RoundResult.as_json) and the scheme used.
    result = models.JSONField(_("result"), null=True, blank=True)
    tier_code = models.CharField(_("overall tier"), max_length=40, blank=True)
    score = models.DecimalField(_("overall score"), max_digits=4, decimal_places=2, null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["district", "-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["district", "status", "submitted_at"], name="round_district_status"),
            # Mentor matching: the rounds of one tier submitted before a date.
            models.Index(fields=["tier_code", "status", "submitted_at"], name="round_tier_submitted"),
        ]

    def __str__(self) -> str:
        return self.title


class TeamMember(TimeStampedModel):
    """A district member invited by the lead to answer one round."""

    round = models.ForeignKey(ReadinessRound, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness_teams")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="team_member_once")]


class Answer(TimeStampedModel):
    round = models.ForeignKey(ReadinessRound, on_delete=models.CASCADE, related_name="answers")
    item_code = models.SlugField(_("item"), max_length=80)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)  # None: not sure
    note = models.TextField(_("note"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item_code"], name="answer_once_per_item")]

    @property
    def seen_token(self) -> str:
        """What a form that showed this answer carries back, so that a save can tell whether someone else
        changed the answer in between (optimistic locking per item: the team answers one round together)."""
        return answer_token(self.level, self.note)


def answer_token(level: int | None, note: str) -> str:
    return hashlib.sha256(f"{level}|{note}".encode()).hexdigest()[:16]


class Support(PublicIdModel):
    """A support a state offers districts: one of the six capacity strategies."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="capacity_supports")
    strategy = models.SlugField(_("strategy"), max_length=80)  # an item code of the Aurora capacity framework pack
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    provider = models.CharField(_("provider"), max_length=200)
    tiers = models.JSONField(_("tiers served"), default=list)
    domains = models.JSONField(_("domains served"), default=list)
    format = models.CharField(_("format"), max_length=80, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["jurisdiction", "title", "id"]
        indexes = [models.Index(fields=["jurisdiction", "strategy"], name="support_state_strategy")]

    def __str__(self) -> str:
        return self.title


class SupportInterest(TimeStampedModel):
    """A district asking for a support: the state's demand count."""

    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="interests")
    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="support_interests")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["support", "district"], name="support_interest_once")]


class SupportAttendance(TimeStampedModel):
    """A district that attended a session of a support on a day (recorded by the state staff running it): the
    support took place. The insights count supports delivered from these rows, not from the supports scheduled."""

    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="attendance")
    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="support_attendance")
    attended_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["support", "attended_on", "id"]
        constraints = [models.UniqueConstraint(fields=["support", "district", "attended_on"], name="support_attendance_once_a_day")]
        indexes = [models.Index(fields=["support", "attended_on"], name="support_attendance_day")]


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class TaStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class TaRequest(PublicIdModel):
    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ta_requests")
    topic = models.CharField(_("topic"), max_length=200)
    details = models.TextField(_("details"), max_length=4000, blank=True)
    domains = models.JSONField(_("domains"), default=list)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=12, choices=TaStatus.choices, default=TaStatus.NEW)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ta_assignments")
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["district", "status"], name="ta_district_status")]

    def __str__(self) -> str:
        return self.topic


class TaNoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    VISIT = "visit", _("Visit")


class TaNote(TimeStampedModel):
    request = models.ForeignKey(TaRequest, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=10, choices=TaNoteKind.choices, default=TaNoteKind.NOTE)
    text = models.TextField(_("text"), max_length=4000)
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]


class Network(PublicIdModel):
    """A peer learning network or cohort a state runs (Iowa's CBE Collaborative of 10, Idaho's 20 incubators)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="capacity_networks")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=4000, blank=True)
    domains = models.JSONField(_("domains"), default=list)
    cap = models.PositiveSmallIntegerField(_("member cap"))
    # Kept by the join service with a conditional UPDATE; the constraint makes the cap hold in the database.
    member_count = models.PositiveSmallIntegerField(_("members"), default=0)
    applications_open = models.BooleanField(_("applications open"), default=True)
    # The application round's dates (both days included; blank: no limit on that side), by the platform's calendar (`timezone.localdate()`).
    applications_open_on = models.DateField(_("applications open on"), null=True, blank=True)
    applications_close_on = models.DateField(_("applications close on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["jurisdiction", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(member_count__lte=models.F("cap")), name="network_cap_holds"),
            models.CheckConstraint(
                condition=models.Q(applications_open_on__isnull=True) | models.Q(applications_close_on__isnull=True)
                | models.Q(applications_close_on__gte=models.F("applications_open_on")),
                name="network_round_dates_in_order",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def application_status(self, today: dt.date) -> str:
        """Where the application round stands on `today`: "open", "not_yet" (opens later), "ended" (closed
        on its closing date) or "closed" (switched off by the state's admins). The one rule of pages, API and service."""
        if not self.applications_open:
            return "closed"
        if self.applications_open_on and today < self.applications_open_on:
            return "not_yet"
        if self.applications_close_on and today > self.applications_close_on:
            return "ended"
        return "open"


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    MEMBER = "member", _("Member")
    WAITLISTED = "waitlisted", _("Waitlisted")
    LEFT = "left", _("Left")


class NetworkMember(TimeStampedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    district = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capacity_networks")
    status = models.CharField(_("status"), max_length=12, choices=MembershipStatus.choices, default=MembershipStatus.APPLIED)
    statement = models.TextField(_("why the district applies"), max_length=2000, blank=True)
    # Membership dates (the insights count a district as taking part in each school year it was a member):
    # set when the district takes a seat and when it leaves.
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["network", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "district"], name="network_member_once")]


class Convening(PublicIdModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="convenings")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    materials_url = models.URLField(_("shared materials (link)"), blank=True)
    attended = models.ManyToManyField(Organisation, related_name="+", blank=True, verbose_name=_("districts that attended"))

    class Meta:
        ordering = ["network", "held_on", "id"]


class Partnership(TimeStampedModel):
    """A partner organization working with state agencies to add capacity, with its source."""

    name = models.CharField(_("organization"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    website = models.URLField(_("website"), blank=True)
    states = models.JSONField(_("states (USPS)"), default=list)
    scope = models.TextField(_("scope"), max_length=2000)
    started = models.CharField(_("started"), max_length=20, blank=True)  # a year or date as the source gives it; blank: unknown
    ended = models.CharField(_("ended"), max_length=20, blank=True)
    source_url = models.URLField(_("source"))
    source_title = models.CharField(_("source title"), max_length=300)
    checked_on = models.DateField(_("checked on"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceKind(models.TextChoices):
    TOOL = "tool", _("Tool")
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    WEBSITE = "website", _("Website")
    EXEMPLAR = "exemplar", _("Exemplar")


class Resource(PublicIdModel):
    """A public resource of the library (the Kentucky information-hub idea), curated by content editors."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=12, choices=ResourceKind.choices)
    url = models.URLField(_("link"))
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    domains = models.JSONField(_("domains"), default=list)
    tiers = models.JSONField(_("tiers"), default=list)
    audience = models.CharField(_("audience"), max_length=120, blank=True)
    source = models.CharField(_("source"), max_length=300)
    published = models.CharField(_("date"), max_length=20, blank=True)  # as the source gives it; blank: unknown
    checked_on = models.DateField(_("checked on"))
    # Withdrawn from the public library by a content editor (kept, with its audit trail); null: in the library.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["kind", "title"], name="resource_kind_title")]

    def __str__(self) -> str:
        return self.title
