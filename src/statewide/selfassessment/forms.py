"""Forms of the self-assessment pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language, get_language_info, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm, VersionField
from statewide.frameworks.models import Item, Level
from statewide.places.models import Jurisdiction
from statewide.selfassessment.models import DEFAULT_GROUPS, DEFAULT_THRESHOLD, Confidence

FRAMEWORK_SLUG = "kw-spf-2019"
MAX_INVITES = 200


class ConditionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Item) -> str:  # type: ignore[override]
        return obj.name if obj.confirmed else f"{obj.name} ({_('not confirmed by a source')})"


class CampaignForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    state = forms.ModelChoiceField(label=_("State"), queryset=Jurisdiction.objects.none(), to_field_name="usps")
    conditions = ConditionChoice(
        label=_("Conditions"), queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"})
    )
    groups = forms.CharField(
        label=_("Stakeholder groups"), widget=forms.Textarea(attrs={"rows": 9}), help_text=_("One group per line. Each group gets its own invitation link.")
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Format: YYYY-MM-DD."))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Format: YYYY-MM-DD."))
    threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        min_value=2,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        help_text=_("Groups with fewer respondents are pooled, never shown alone."),
    )

    def __init__(self, *args: Any, states: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states  # type: ignore[attr-defined]
        conditions = Item.objects.filter(framework__slug=FRAMEWORK_SLUG, kind="condition").order_by("position")
        self.fields["conditions"].queryset = conditions  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.initial.setdefault("groups", "\n".join(str(g) for g in DEFAULT_GROUPS))
        self.initial.setdefault("conditions", [c.pk for c in conditions if c.confirmed])
        self.initial.setdefault("opens_on", today)
        self.initial.setdefault("closes_on", today + dt.timedelta(days=30))
        if states.count() == 1:
            self.initial.setdefault("state", states.first())

    def group_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["groups"].splitlines() if line.strip()]


class CampaignEditForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Format: YYYY-MM-DD."))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Format: YYYY-MM-DD."))
    threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        min_value=2,
        max_value=100,
        help_text=_("Groups with fewer respondents are pooled, never shown alone. Once people have answered it can be raised, not lowered."),
    )
    version = VersionField()  # optimistic locking (core.concurrency)


class StatusForm(SafeForm):
    status = forms.ChoiceField(choices=[("open", _("Open")), ("closed", _("Closed")), ("draft", _("Draft"))])


class GroupForm(SafeForm):
    name = forms.CharField(label=_("New group"), max_length=120)


class InviteForm(SafeForm):
    group = forms.ChoiceField(label=_("Group"))
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line. Each person gets a personal link. Addresses are used to send only and are not stored."),
    )

    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        required=False,  # without a choice: the sender's language
        help_text=_("The e-mail is written in this language; the pages it links to follow each reader's language choice."),
    )

    def __init__(self, *args: Any, groups: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.token, g.name) for g in groups]  # type: ignore[attr-defined]
        self.fields["language"].initial = get_language_info(get_language() or settings.LANGUAGE_CODE)["code"]

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or self.fields["language"].initial)

    def clean_emails(self) -> list[str]:
        emails = [e.strip() for e in self.cleaned_data["emails"].replace(",", "\n").splitlines() if e.strip()]
        if len(emails) > MAX_INVITES:
            raise forms.ValidationError(
                ngettext_lazy("At most %(n)s address at a time.", "At most %(n)s addresses at a time.", MAX_INVITES) % {"n": MAX_INVITES}
            )
        for e in emails:
            validate_email(e)
        return emails


NOT_SURE = "not-sure"
NOT_STARTED = "not-started"


def answer_form_fields(items: list[Item], levels: list[Level], priority_items: list[Item] | None) -> dict[str, forms.Field]:
    """Per condition: phase (or not started, or not sure), confidence, comment; with `priority_items`,
    also the choice of up to three priorities among them."""
    fields: dict[str, forms.Field] = {}
    phase_choices = [(NOT_STARTED, _("Not started")), *[(lv.code, lv.name) for lv in levels], (NOT_SURE, _("Not sure"))]
    for item in items:
        fields[f"phase_{item.code}"] = forms.ChoiceField(
            label=_("Where does the state stand?"), choices=phase_choices, widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}), required=False
        )
        fields[f"confidence_{item.code}"] = forms.ChoiceField(label=_("How confident are you?"), choices=[("", "—"), *Confidence.choices], required=False)
        fields[f"comment_{item.code}"] = forms.CharField(
            label=_("Evidence or comment (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
        )
    if priority_items is not None:
        fields["priorities"] = forms.MultipleChoiceField(
            label=_("Your top priorities (up to 3)"),
            choices=[(i.code, i.name) for i in priority_items],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
            required=False,
        )
    return fields


class AnswerForm(SafeForm):
    """One step of the respondent form: some conditions, or (last step) the priorities."""

    def __init__(self, *args: Any, items: list[Item], levels: list[Level], priority_items: list[Item] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items, self.levels = items, levels
        self.fields.update(answer_form_fields(items, levels, priority_items))

    def clean_priorities(self) -> list[str]:
        value: list[str] = self.cleaned_data["priorities"]
        if len(value) > 3:
            raise forms.ValidationError(_("Pick at most three priorities."))
        return value


class DecisionForm(SafeForm):
    level = forms.ChoiceField(label=_("Agreed phase"), widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}))
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}))
    is_priority = forms.BooleanField(label=_("An agreed priority (goes on the roadmap)"), required=False)

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.code, lv.name) for lv in levels] + [("none", _("Not yet started"))]  # type: ignore[attr-defined]


class RoadmapEntryForm(SafeForm):
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Format: YYYY-MM-DD."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()  # optimistic locking (core.concurrency)
