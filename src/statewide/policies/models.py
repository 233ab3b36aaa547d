"""Models of the policy tracker: policy types, policy records with citations and history, follows.

"In force on date D" (the rule every as-of view uses, see docs/policies.md):
a record is in force on D when `in_force_from` (the effective date, else the enacted date, else
the earliest date a source shows it in force) is set
and on or before D, and `ended_on` (repealed or expired) is empty or after D.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel, TimeStampedModel
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction

# Policy records are tagged with the conditions of this framework.
CONDITION_FRAMEWORK = "kw-spf-2019"


class PolicyType(TimeStampedModel):
    """An entry of the editable policy-type vocabulary, linked to the framework items it corresponds to."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    items = models.ManyToManyField(Item, blank=True, related_name="policy_types", verbose_name=_("framework items"))
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class LegalInstrument(models.TextChoices):
    STATUTE = "statute", _("Statute")
    REGULATION = "regulation", _("Regulation")
    BOARD_POLICY = "board_policy", _("Board policy")
    AGENCY_PROGRAM = "agency_program", _("Agency program")
    EXECUTIVE_ORDER = "executive_order", _("Executive order")
    GUIDANCE = "guidance", _("Guidance")


class Status(models.TextChoices):
    INTRODUCED = "introduced", _("Introduced")
    ENACTED = "enacted", _("Enacted, not yet in effect")
    IN_EFFECT = "in_effect", _("In effect")
    AMENDED = "amended", _("In effect, amended")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")
    FAILED = "failed", _("Failed or withdrawn")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact dates")
    YEAR = "year", _("Year only")


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")
    FUNDS = "funds", _("funds")


def in_force_start(effective_on: dt.date | None, enacted_on: dt.date | None, known_in_force_on: dt.date | None) -> dt.date | None:
    """`in_force_from` (see the module docstring): the effective date, else the enacted date, else the known-in-force date."""
    return effective_on or enacted_on or known_in_force_on


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    """Records in force on a date (see the module docstring)."""
    return Q(**{f"{prefix}in_force_from__lte": on}) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on}))


def start_unknown_before_q(on: dt.date, prefix: str = "") -> Q:
    """Records whose state on a date is unknown: the start date is unknown (no enacted or effective
    date; `in_force_from` is only the date a source first shows them in force), that date is after
    `on`, and they had not ended by `on`. See "Unknown before first seen in force" in docs/policies.md."""
    return (
        Q(**{f"{prefix}enacted_on__isnull": True, f"{prefix}effective_on__isnull": True, f"{prefix}in_force_from__gt": on})
        & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on}))
        & ~Q(**{f"{prefix}status__in": [Status.INTRODUCED, Status.FAILED]})
    )


class PolicyRecord(PublicIdModel):
    """One state policy: what it is, its citation, its dates, the conditions it serves, and its sources."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="policy_records", verbose_name=_("jurisdiction"))
    title = models.CharField(_("title"), max_length=300)
    policy_type = models.ForeignKey(PolicyType, on_delete=models.PROTECT, related_name="records", verbose_name=_("policy type"))
    instrument = models.CharField(_("instrument"), max_length=20, choices=LegalInstrument.choices)
    bill_number = models.CharField(_("bill number"), max_length=60, blank=True, help_text=_("For example HB 110."))
    session = models.CharField(_("session"), max_length=60, blank=True, help_text=_("For example 2015 regular session."))
    code_section = models.CharField(_("code section"), max_length=200, blank=True, help_text=_("For example Idaho Code §33-1632."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_EFFECT)
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    enacted_on = models.DateField(_("enacted on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    amended_on = models.DateField(_("last amended on"), null=True, blank=True)
    ended_on = models.DateField(_("repealed or expired on"), null=True, blank=True)
    known_in_force_on = models.DateField(
        _("known in force on"),
        null=True,
        blank=True,
        help_text=_("When the start date is unknown: the earliest date a source shows the policy in force."),
    )
    # "year": the sources give only years; dates are stored as 1 January and shown as the year.
    date_precision = models.CharField(_("date precision"), max_length=4, choices=DatePrecision.choices, default=DatePrecision.DAY)
    # Derived on save: effective_on, else enacted_on, else known_in_force_on. The "in force on D" rule uses it.
    in_force_from = models.DateField(_("in force from"), null=True, blank=True, editable=False)
    conditions = models.ManyToManyField(Item, blank=True, related_name="policy_records", verbose_name=_("framework conditions"))
    summary = models.TextField(_("summary"), blank=True, help_text=_("In our own words."))
    sources = models.JSONField(_("sources"), default=list, blank=True, help_text=_("A list of {url, title, checked_on}."))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True, help_text=_("False when a detail could not be confirmed from the sources."))
    related = models.ManyToManyField("self", through="PolicyRelation", symmetrical=False, related_name="related_from", blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    # A stable key for seeded records, so `load_policies` is idempotent; empty for records made by people.
    seed_key = models.SlugField(_("seed key"), max_length=120, blank=True, db_index=True)

    class Meta:
        ordering = ["jurisdiction__name", "title", "id"]
        indexes = [
            models.Index(fields=["jurisdiction", "in_force_from"], name="policy_state_from"),
            models.Index(fields=["policy_type", "jurisdiction"], name="policy_type_state"),
            models.Index(fields=["status"], name="policy_status"),
            models.Index(fields=["instrument"], name="policy_instrument"),
            models.Index(fields=["in_force_from", "ended_on"], name="policy_in_force"),
            models.Index(fields=["title"], name="policy_title"),
            models.Index(fields=["updated_at"], name="policy_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id and self.jurisdiction.usps}: {self.title}"

    def derive_fields(self) -> None:
        """Set the derived fields (save() does this; bulk writers call it themselves)."""
        self.in_force_from = in_force_start(self.effective_on, self.enacted_on, self.known_in_force_on)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_fields()
        super().save(*args, **kwargs)

    def is_in_force(self, on: dt.date) -> bool:
        return self.in_force_from is not None and self.in_force_from <= on and (self.ended_on is None or self.ended_on > on)

    @property
    def start_unknown(self) -> bool:
        """Only the date a source first shows it in force is known, not when it started."""
        return self.enacted_on is None and self.effective_on is None and self.known_in_force_on is not None

    @property
    def citation(self) -> str:
        parts = [p for p in (self.bill_number, f"({self.session})" if self.session else "", self.code_section) if p]
        return " ".join(parts)


class PolicyRelation(models.Model):
    """`from_record` amends, replaces or funds `to_record`."""

    from_record = models.ForeignKey(PolicyRecord, on_delete=models.CASCADE, related_name="relations_out")
    to_record = models.ForeignKey(PolicyRecord, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("kind"), max_length=10, choices=RelationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_record", "to_record", "kind"], name="policy_relation_unique")]


class VersionAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


class PolicyRecordVersion(models.Model):
    """A snapshot of a record as saved. Kept after the record is deleted (record becomes null)."""

    record = models.ForeignKey(PolicyRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions")
    record_public_id = models.UUIDField(_("record id"), db_index=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    policy_type_code = models.SlugField(_("policy type"), max_length=80, db_index=True)
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=VersionAction.choices)
    snapshot = models.JSONField(_("snapshot"))
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("actor"), max_length=254)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["record_public_id", "number"], name="policy_version_unique")]
        indexes = [
            models.Index(fields=["created_at"], name="policy_version_time"),
            models.Index(fields=["jurisdiction", "created_at"], name="policy_version_state_time"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('title', '')} v{self.number}"


class LevelOverride(models.Model):
    """An editor's override of a state's derived maturity level, with the reason (audited)."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="policy_level_override")
    level_code = models.SlugField(_("level"), max_length=80, help_text=_("A level code of the aurora-cbe-policy-map framework."))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}: {self.level_code}"


class Follow(models.Model):
    """A user follows a state, a policy type, both (that type in that state), or neither (everything)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_follows")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    policy_type = models.ForeignKey(PolicyType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        # Uniqueness (with empty values) is checked by `follow_create`.
        indexes = [models.Index(fields=["user", "jurisdiction", "policy_type"], name="follow_user_state_type")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.jurisdiction_id}/{self.policy_type_id}"


class DigestState(models.Model):
    """When a user's last policy digest was sent (changes after it go into the next one)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_digest")
    last_sent_at = models.DateTimeField(_("last sent"))


class StateAggregate(models.Model):
    """A state's policy facts on a date (counts, types and conditions in force; see
    `policies.summaries`), kept so the map and the jurisdictions API read 56 rows instead of
    every record. Valid while `basis` equals the versions it was computed from (a write to the
    state's records bumps its scoped version) and the date is in [computed_on, valid_until):
    no record of the state comes into force or ends in between."""

    derived_data = True  # recomputed from the records by the read that needs it (core.replica: a write of it pins no browser)

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, primary_key=True, related_name="policy_state_aggregate")
    basis = models.CharField(max_length=80)
    computed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)  # None: no record starts or ends after computed_on
    facts = models.JSONField()
    # The state's records ranked for its profile (`policies.rankings.Ranking.to_json`), stored by the
    # first profile that needs them and valid while `ranking_basis` equals the current versions (no
    # date: a profile lists records whether in force or not). Kept apart from the facts, so the map
    # and the API never pay for ranking a state's records after a write there.
    ranking = models.JSONField(default=dict, db_default={})
    ranking_basis = models.CharField(max_length=80, default="", db_default="")

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} on {self.computed_on}"


class StateFactsSpan(models.Model):
    """A state's policy facts (as in `StateAggregate.facts`) over a span of dates on which none of its
    records comes into force or ends, so the facts are the same on every day of it: what a past or
    future date (`as_of`, the map's year slider) reads instead of every record. Kept while `basis`
    equals the versions it was computed from; a state has at most one span per start date (a span
    computed again replaces the one with the same start)."""

    derived_data = True  # recomputed from the records by the read that needs it (core.replica: a write of it pins no browser)

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="policy_fact_spans")
    basis = models.CharField(max_length=80)
    valid_from = models.DateField()  # FIRST_DAY: no record of the state starts or ends before valid_until
    valid_until = models.DateField(null=True, blank=True)  # None: no record starts or ends after valid_from
    facts = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "valid_from"], name="policy_span_state_from")]
        indexes = [models.Index(fields=["valid_from", "valid_until"], name="policy_span_dates")]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} from {self.valid_from} until {self.valid_until}"
