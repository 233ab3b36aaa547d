"""Forms of the programs module. Every one is a SafeForm: text refuses control characters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm, VersionField
from statewide.places.models import Jurisdiction, Organisation, School
from statewide.programs.models import ApplicantKind, Assurance, Cadence, Criterion, Rule, Visibility
from statewide.programs.templates import program_templates
from statewide.programs.workflow import DECISIONS, OPTIONAL_STAGES, ROLE_LABELS, STAGE_LABELS, TRANSITIONS, who_acts

STEP_LABELS = {
    "vision": (_("Vision"), _("What will learning look like for students? Describe pace, path and how students know the learning objectives.")),
    "readiness": (_("Readiness"), _("Who will lead the work, and what systems and staff are ready for the planning year?")),
    "community": (_("Community"), _("How were students, families, educators and the board consulted?")),
}


class ProgramForm(SafeForm):
    state = forms.ModelChoiceField(queryset=Jurisdiction.objects.none(), label=_("State"), to_field_name="usps")
    template = forms.ChoiceField(label=_("Template"), help_text=_("The configuration to start from; every part can be changed later."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False, help_text=_("Leave empty to use the template's name."))
    opens_on = forms.DateField(label=_("Applications open"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Applications close"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, states: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states  # type: ignore[attr-defined]
        self.fields["template"].choices = [(k, t["name"]) for k, t in program_templates().items()]  # type: ignore[attr-defined]


class ApplyForm(SafeForm):
    title = forms.CharField(label=_("Title of the application"), max_length=200)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Applying organization"), to_field_name="public_id")
    applicant_kind = forms.ChoiceField(label=_("Who applies"), choices=ApplicantKind.choices, required=False)
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.none(),
        label=_("Schools"),
        help_text=_("For a single school, pick it; for a group, pick every school of the group."),
        to_field_name="nces_id",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        required=False,
    )
    group_name = forms.CharField(label=_("Name of the group of schools"), max_length=200, required=False)

    def __init__(self, *args: Any, organisations: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        only = list(organisations[:2])
        if len(only) == 1:  # a lead of one district applies for it without choosing
            self.fields["organisation"].initial = only[0].public_id
        kinds = [(k, label) for k, label in ApplicantKind.choices if k in program.applicant_kinds]
        self.fields["applicant_kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["applicant_kind"].initial = kinds[0][0] if kinds else None
        if set(program.applicant_kinds) <= {ApplicantKind.DISTRICT}:  # districts only: nothing to choose
            self.fields["applicant_kind"].widget = forms.HiddenInput()
            del self.fields["schools"], self.fields["group_name"]
        else:
            schools = School.objects.filter(district__in=organisations).select_related("district").order_by("district__name", "name")
            self.fields["schools"].queryset = schools  # type: ignore[attr-defined]
            self.fields["schools"].label_from_instance = lambda s: f"{s.name} ({s.district.name})" if len(only) > 1 else s.name  # type: ignore[attr-defined]

    def clean_applicant_kind(self) -> str:
        return str(self.cleaned_data.get("applicant_kind") or self.fields["applicant_kind"].initial or ApplicantKind.DISTRICT)


class StepForm(SafeForm):
    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label, hint = STEP_LABELS[step]
        self.fields[step] = forms.CharField(label=label, help_text=hint, widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=20000)


class AssurancesForm(SafeForm):
    assurances = forms.ModelMultipleChoiceField(queryset=Assurance.objects.none(), label=_("Assurances"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assurances"].queryset = program.assurances.all()  # type: ignore[attr-defined]


class PlanForm(SafeForm):
    text = forms.CharField(label=_("Comprehensive plan"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    logic_model = forms.CharField(
        label=_("Logic model"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20000,
        help_text=_("Inputs, activities, outputs and the outcomes you expect."),
    )


class AmendForm(SafeForm):
    text = forms.CharField(label=_("Amended plan"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    reason = forms.CharField(label=_("Why the plan changes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FlexibilityForm(SafeForm):
    """Every rule of the catalog is offered (non-waivable ones are labeled) so the refusal can say why."""

    rule = forms.ModelChoiceField(queryset=Rule.objects.none(), label=_("Rule"), to_field_name="code")
    justification = forms.CharField(label=_("Why the district needs this flexibility"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        field.queryset = program.rules.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda r: f"{r.citation}: {r.summary}" + ("" if r.waivable else f" ({_('cannot be waived')})")  # type: ignore[attr-defined]


class IndicatorForm(SafeForm):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=12, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2)
    data_source = forms.CharField(label=_("Data source"), max_length=200)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)


class ReportForm(SafeForm):
    year = forms.IntegerField(label=_("Program year"), min_value=1, max_value=10)
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    is_public = forms.BooleanField(label=_("Publish this report in the public registry"), required=False)
    evidence = forms.FileField(label=_("Evidence file (optional)"), required=False, help_text=_("PDF, PNG, JPEG, Word or Excel; at most 10 MB."))

    def __init__(self, *args: Any, indicators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"indicator_{ind.pk}"] = forms.DecimalField(
                label=ind.name, max_digits=12, decimal_places=2, help_text=_("Baseline %(b)s, target %(t)s") % {"b": ind.baseline, "t": ind.target}
            )


class FinalForm(SafeForm):
    final_evaluation = forms.CharField(label=_("Final evaluation"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    sustainability_plan = forms.CharField(label=_("Long-term sustainability plan"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class UploadForm(SafeForm):
    file = forms.FileField(label=_("Attachment"), help_text=_("PDF, PNG, JPEG, Word or Excel; at most 10 MB."))


class AssignForm(SafeForm):
    reviewer = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=_("Reviewer"), to_field_name="email")

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers  # type: ignore[attr-defined]


class DeclareForm(SafeForm):
    no_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[("yes", _("I have no conflict of interest with this applicant")), ("no", _("I have a conflict of interest"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Describe the conflict"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class ScoreForm(SafeForm):
    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            choices = [(int(level["score"]), f"{level['score']}: {level['label']}") for level in c.levels]
            self.fields[f"criterion_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} (×{c.weight})", help_text=c.guidance, choices=choices, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label=_("Your note on %(criterion)s") % {"criterion": c.name},
                help_text=_("Seen by the other reviewers and the state's staff once they have scored; never by the applicant or the public."),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )

    def notes(self, criteria: list[Criterion]) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"note_{c.pk}", "") for c in criteria}


class CommentForm(SafeForm):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Visibility.choices, initial=Visibility.INTERNAL, required=False)


class DecisionForm(SafeForm):
    kind = forms.ChoiceField(label=_("Decision"), choices=[(d, d.replace("_", " ").capitalize()) for d in DECISIONS])
    note = forms.CharField(label=_("Reasons and conditions"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class SettingsForm(SafeForm):
    """A program's settings. Approval groups are lines "decision: e-mail, e-mail"."""

    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)
    authority_citation = forms.CharField(label=_("Legal authority (citation)"), max_length=300)
    authority_url = forms.URLField(label=_("Legal authority (source address)"), max_length=500, assume_scheme="https")
    checked_on = _date(_("Facts checked on"))
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"), choices=ApplicantKind.choices, widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"})
    )
    term_years = forms.IntegerField(label=_("Term (years)"), min_value=1, max_value=20)
    opens_on = _date(_("Applications open"))
    closes_on = _date(_("Applications close"))
    plan_due_days = forms.IntegerField(label=_("Comprehensive plan due (days after conditional approval)"), min_value=1, max_value=1000)
    report_due_month = forms.IntegerField(label=_("Annual report due (month, 1-12)"), min_value=1, max_value=12)
    report_due_day = forms.IntegerField(label=_("Annual report due (day of the month)"), min_value=1, max_value=31)
    renewal_window_days = forms.IntegerField(label=_("Renewal window (days before the term ends)"), min_value=0, max_value=1000)
    spread_threshold = forms.IntegerField(label=_("Flag reviewer spreads of at least (points)"), min_value=0, max_value=100)
    approval_groups = forms.CharField(
        label=_("Approval groups"),
        help_text=_("One decision a line, then the e-mails of every approver it needs, e.g. \u201capprove: a@state.gov, b@state.gov\u201d."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    is_public = forms.BooleanField(label=_("Shown in the public registry"), required=False)
    version = VersionField()  # optimistic locking (core.concurrency)

    def clean_approval_groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for number, line in enumerate(self.cleaned_data["approval_groups"].splitlines(), start=1):
            if not line.strip():
                continue
            kind, sep, emails = line.partition(":")
            if not sep or kind.strip() not in DECISIONS:
                raise forms.ValidationError(_("Line %(n)s: start with one of %(all)s and a colon.") % {"n": number, "all": ", ".join(DECISIONS)})
            groups[kind.strip()] = [e.strip() for e in emails.split(",") if e.strip()]
        return groups


def settings_initial(program: Any) -> dict[str, Any]:
    initial = {name: getattr(program, name) for name in SettingsForm.base_fields}
    initial["approval_groups"] = "\n".join(f"{k}: {', '.join(v)}" for k, v in (program.approval_groups or {}).items())
    return initial


class RuleForm(SafeForm):
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("A short name used in the API, e.g. \u201cclass-size\u201d. It cannot change later."))
    citation = forms.CharField(label=_("Citation"), max_length=200)
    summary = forms.CharField(label=_("Plain summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    waivable = forms.BooleanField(label=_("Districts may ask to have it waived"), required=False)
    reason = forms.CharField(label=_("Why (required when it may not be waived)"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    source_url = forms.URLField(label=_("Source address"), max_length=500, assume_scheme="https")
    checked_on = _date(_("Checked on"))
    version = VersionField()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]


class CriterionForm(SafeForm):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    guidance = forms.CharField(label=_("Guidance for reviewers"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=10)
    levels = forms.CharField(
        label=_("Levels"),
        help_text=_("One level a line: \u201cscore: label\u201d, e.g. \u201c3: Strong\u201d."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    version = VersionField()


class AssuranceEditForm(SafeForm):
    text = forms.CharField(label=_("Assurance"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
    version = VersionField()


class StagesForm(SafeForm):
    """Which optional stages a program leaves out, and who acts at each transition that offers a choice."""

    skipped_stages = forms.MultipleChoiceField(
        label=_("Stages this program leaves out"),
        choices=[(k, STAGE_LABELS[k]) for k in OPTIONAL_STAGES],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        required=False,
    )

    labels = forms.CharField(
        label=_("Names of the stages"),
        help_text=_(
            "One stage a line: \u201cstatus: name\u201d, e.g. \u201cconditional: Year one: planning\u201d. They name the machine's statuses on the program page."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )

    version = VersionField()

    def __init__(self, *args: Any, program: Any, labels: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skipped_stages"].initial = list(program.skipped_stages or [])
        self.fields["labels"].initial = labels
        self.fields["version"].initial = program.version
        for t in TRANSITIONS:
            if len(t.role_choices) > 1:
                self.fields[f"who_{t.name}"] = forms.ChoiceField(
                    label=_("Who acts: %(transition)s") % {"transition": t.name.replace("_", " ")},
                    choices=[(r, ROLE_LABELS[r]) for r in t.role_choices],
                    initial=who_acts(t, program.actors or {}, program.decider),
                    required=False,
                )

    def actors(self) -> dict[str, str]:
        """Who acts per transition; a choice left out keeps what the program has now."""
        return {name.removeprefix("who_"): value or self.fields[name].initial for name, value in self.cleaned_data.items() if name.startswith("who_")}
