"""Forms of the programs module. Every one is a SafeForm: text refuses control characters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm
from statewide.places.models import Jurisdiction, Organisation
from statewide.programs.models import Assurance, Cadence, Criterion, Rule, Visibility
from statewide.programs.templates import program_templates
from statewide.programs.workflow import DECISIONS

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

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        only = list(organisations[:2])
        if len(only) == 1:  # a lead of one district applies for it without choosing
            self.fields["organisation"].initial = only[0].public_id


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


class CommentForm(SafeForm):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Visibility.choices, initial=Visibility.INTERNAL, required=False)


class DecisionForm(SafeForm):
    kind = forms.ChoiceField(label=_("Decision"), choices=[(d, d.replace("_", " ").capitalize()) for d in DECISIONS])
    note = forms.CharField(label=_("Reasons and conditions"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)
