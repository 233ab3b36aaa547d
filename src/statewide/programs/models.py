"""District innovation programs: the program a state configures (as data) and each district's application.

A program's configuration — legal authority, who may apply, term, windows, assurances, rubric,
catalog of waivable and non-waivable rules, stages — lives in rows, created from a template
(`content/templates/*.yaml`) and edited per state without code. The application's status moves
only through the state machine in `workflow.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import PublicIdModel, TimeStampedModel
from statewide.places.models import Jurisdiction, Organisation, School
from statewide.programs.workflow import DECISIONS, Status


class ApplicantKind(models.TextChoices):
    DISTRICT = "district", _("Districts")
    SCHOOL = "school", _("Single schools")
    SCHOOL_GROUP = "school_group", _("Groups of schools")


class Decider(models.TextChoices):
    STATE = "state", _("The state (its board or agency approves)")
    LOCAL = "local", _("The district's own board (local adoption; the state is notified)")


class Program(PublicIdModel):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(_("name"), max_length=200)
    template = models.CharField(_("template"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    authority_citation = models.CharField(_("legal authority (citation)"), max_length=300)
    authority_url = models.URLField(_("legal authority (source)"), max_length=500)
    checked_on = models.DateField(_("facts checked on"), null=True, blank=True)
    applicant_kinds = models.JSONField(_("who may apply"), default=list)
    decider = models.CharField(_("who decides"), max_length=10, choices=Decider.choices, default=Decider.STATE)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=5)
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    closes_on = models.DateField(_("applications close"), null=True, blank=True)
    plan_due_days = models.PositiveSmallIntegerField(_("comprehensive plan due (days after conditional approval)"), default=365)
    report_due_month = models.PositiveSmallIntegerField(_("annual report due (month)"), default=7)
    report_due_day = models.PositiveSmallIntegerField(_("annual report due (day)"), default=31)
    renewal_window_days = models.PositiveSmallIntegerField(_("renewal window (days before the term ends)"), default=180)
    spread_threshold = models.PositiveSmallIntegerField(_("flag reviewer spreads of at least (points)"), default=2)
    # Stages as data: [{"status": "...", "label": "...", "who": "..."}] — the labels this program gives the machine's statuses.
    stages = models.JSONField(_("stages"), default=list)
    # The optional stages of the machine this program leaves out (workflow.OPTIONAL_STAGES keys), and
    # who acts at each transition where the table offers a choice ({"start_review": "state_staff"}).
    skipped_stages = models.JSONField(_("stages left out"), default=list, blank=True)
    actors = models.JSONField(_("who acts"), default=dict, blank=True)
    # Decisions that need every named approver: {"approve": ["a@x.gov", ...]} (resolved to users by e-mail).
    approval_groups = models.JSONField(_("approval groups"), default=dict, blank=True)
    is_public = models.BooleanField(_("shown in the public registry"), default=True)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["jurisdiction__usps", "name"]
        indexes = [models.Index(fields=["jurisdiction", "is_public"])]

    def __str__(self) -> str:
        return self.name

    def uses(self, stage: str) -> bool:
        return stage not in (self.skipped_stages or [])


class Assurance(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="assurances")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("assurance"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Criterion(models.Model):
    """One rubric criterion. `levels` is [{"score": 0..n, "label": "..."}]; the weight multiplies the score."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    levels = models.JSONField(_("levels"), default=list)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def max_score(self) -> int:
        return max((int(level["score"]) for level in self.levels), default=0)


class Rule(models.Model):
    """A rule of the catalog: a law or regulation a participant may (or may never) ask to be exempted from."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("code"), max_length=60)
    citation = models.CharField(_("citation"), max_length=200)
    summary = models.TextField(_("plain summary"))
    waivable = models.BooleanField(_("may be waived"))
    reason = models.TextField(_("why"), blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking (core.concurrency)

    class Meta:
        ordering = ["position", "-waivable", "citation"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="programs_rule_code_unique")]

    def __str__(self) -> str:
        return f"{self.citation}: {self.summary[:60]}"


class Application(PublicIdModel):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="program_applications")
    applicant_kind = models.CharField(_("applying as"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.DISTRICT)
    # A single school, or a named group of the district's schools, when the district applies on their behalf.
    schools = models.ManyToManyField(School, blank=True, related_name="program_applications", verbose_name=_("schools"))
    group_name = models.CharField(_("name of the group of schools"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    # The multi-step draft: {"vision": "...", "readiness": "...", "community": "...", "schools": "..."}
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    affirmed = models.ManyToManyField(Assurance, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    plan_due = models.DateField(_("plan due"), null=True, blank=True)
    final_evaluation = models.TextField(_("final evaluation"), blank=True)
    sustainability_plan = models.TextField(_("sustainability plan"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["program", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.title}"


class PlanVersion(TimeStampedModel):
    """One version of the comprehensive plan: number 1 is the plan, later numbers are amendments. Never edited once filed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("plan"))
    logic_model = models.TextField(_("logic model"), blank=True)
    reason = models.TextField(_("reason for the amendment"), blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="programs_plan_version_unique")]


class FlexibilityRequest(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="flexibilities")
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="requests")
    justification = models.TextField(_("why the district needs it"))
    approved = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "rule"], name="programs_flexibility_unique")]


class Cadence(models.TextChoices):
    ANNUAL = "annual", _("Every year")
    SEMESTER = "semester", _("Every semester")
    QUARTERLY = "quarterly", _("Every quarter")


class Indicator(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    data_source = models.CharField(_("data source"), max_length=200)
    cadence = models.CharField(_("cadence"), max_length=12, choices=Cadence.choices, default=Cadence.ANNUAL)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ReviewAssignment(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_reviews")
    no_conflict = models.BooleanField(_("declared no conflict of interest"), default=False)
    conflict_note = models.TextField(_("conflict of interest"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="programs_assignment_unique")]


class Score(models.Model):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="programs_score_unique")]


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal (state staff only)")
    APPLICANT = "applicant", _("To the applicant")


class Comment(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    body = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]


class Decision(PublicIdModel):
    """A decision on an application; final once every named approver has approved (or at once without a group)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=24, choices=[(d, d.replace("_", " ")) for d in DECISIONS])
    note = models.TextField(_("reasons and conditions"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_final(self) -> bool:
        return self.decided_at is not None


class Approval(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "approver"], name="programs_approval_unique")]


class AnnualReport(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("program year"))
    narrative = models.TextField(_("narrative"))
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        ordering = ["application", "year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="programs_report_year_unique")]


class IndicatorValue(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="programs_value_unique")]


class Attachment(PublicIdModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(upload_to="programs/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")


class Reminder(models.Model):
    """A reminder already sent (so the daily worker never sends one twice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "key"], name="programs_reminder_unique")]
