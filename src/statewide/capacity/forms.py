"""Forms of the local-capacity module (every text field checked by `core.forms.SafeForm`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.capacity.models import ResourceKind, TaNoteKind, Urgency
from statewide.core.forms import SafeForm, VersionField

NOT_SURE = "not-sure"


class RoundOpenForm(SafeForm):
    title = forms.CharField(label=_("Title of the round"), max_length=120, help_text=_("For example: Fall 2026."))


class TeamAddForm(SafeForm):
    email = forms.EmailField(
        label=_("E-mail address of a district member"), help_text=_("People need a role in the district first; the state's administrators grant roles.")
    )


class AnswersForm(SafeForm):
    """One radio group (levels and "not sure") and a note per item of the instrument."""

    def __init__(self, *args: Any, definition: dict[str, Any], initial_answers: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        labels = {lv["value"]: lv["label"] for lv in definition["levels"]}
        self.groups: list[tuple[dict[str, Any], list[tuple[str, str]]]] = []
        for domain in definition["domains"]:
            names = []
            for item in domain["items"]:
                code = item["code"]
                choices = [(str(v), f"{labels[v]}: {item['descriptors'][str(v)]}") for v in sorted(labels)] + [(NOT_SURE, str(_("Not sure")))]
                answer = initial_answers.get(code)
                initial_level = (str(answer.level) if answer.level is not None else NOT_SURE) if answer else None
                self.fields[f"level-{code}"] = forms.ChoiceField(
                    label=item["prompt"], choices=choices, widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}), required=False, initial=initial_level
                )
                self.fields[f"note-{code}"] = forms.CharField(
                    label=_("Evidence or note (optional)"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=answer.note if answer else "",
                )
                # The answer this form showed: a save that finds it changed since is told (capacity.services.answers_save).
                self.fields[f"seen-{code}"] = forms.CharField(
                    required=False, max_length=64, widget=forms.HiddenInput, initial=answer.seen_token if answer else ""
                )
                names.append((f"level-{code}", f"note-{code}"))
            self.groups.append((domain, names))

    def sections(self) -> list[tuple[dict[str, Any], list[tuple[Any, Any]]]]:
        """(domain, [(level field, note field), …]) as bound fields, for the template."""
        return [(domain, [(self[level], self[note]) for level, note in names]) for domain, names in self.groups]

    def seen(self) -> dict[str, str]:
        """{item code: the token of the answer the form showed ("" for none)}, for the items whose token was sent."""
        codes = [item["code"] for domain in self.definition["domains"] for item in domain["items"]]
        return {code: self.cleaned_data.get(f"seen-{code}") or "" for code in codes if f"seen-{code}" in self.data}

    def refresh_seen(self, answers: dict[str, Any]) -> None:
        """After a conflict: carry the answers saved now, so that saving again keeps the person's values on purpose."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a bound form's QueryDict
        for domain in self.definition["domains"]:
            for item in domain["items"]:
                answer = answers.get(item["code"])
                data[f"seen-{item['code']}"] = answer.seen_token if answer else ""
        self.data = data

    def answers(self) -> dict[str, tuple[int | None, str]]:
        out: dict[str, tuple[int | None, str]] = {}
        for domain in self.definition["domains"]:
            for item in domain["items"]:
                raw = self.cleaned_data.get(f"level-{item['code']}")
                note = self.cleaned_data.get(f"note-{item['code']}", "")
                if not raw and not note:
                    continue
                out[item["code"]] = (None if raw in (None, "", NOT_SURE) else int(raw), note)
        return out


class TaRequestForm(SafeForm):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    details = forms.CharField(label=_("What would help"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    domains = forms.MultipleChoiceField(label=_("Domains"), required=False, widget=forms.CheckboxSelectMultiple)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)

    def __init__(self, *args: Any, domain_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].choices = domain_choices  # type: ignore[attr-defined]


class TriageForm(SafeForm):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Specialist"), queryset=None, required=False, to_field_name="email")  # type: ignore[arg-type]
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


class NoteForm(SafeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaNoteKind.choices)
    visited_on = forms.DateField(label=_("Visit date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(SafeForm):
    outcome = forms.CharField(label=_("Outcome"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


def _checkboxes(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple)


class SupportForm(SafeForm):
    """A support of the state's catalog (state admins); the service checks the rules again."""

    strategy = forms.ChoiceField(label=_("Capacity strategy"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    provider = forms.CharField(label=_("Provider"), max_length=200, help_text=_("The state agency or a partner organization."))
    tiers = _checkboxes(_("Tiers served (none checked: all tiers)"))
    domains = _checkboxes(_("Domains served (none checked: all domains)"))
    format = forms.CharField(label=_("Format"), required=False, max_length=80, help_text=_("For example: workshop series, online course, coaching."))
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=100000, help_text=_("Leave empty when there is no limit."))
    version = VersionField()  # optimistic locking (core.concurrency)

    def __init__(self, *args: Any, strategies: dict[str, str], tiers: list[tuple[str, str]], domains: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = [("", _("- Select -")), *strategies.items()]  # type: ignore[attr-defined]
        self.fields["tiers"].choices = tiers  # type: ignore[attr-defined]
        self.fields["domains"].choices = list(domains.items())  # type: ignore[attr-defined]


class SupportAttendanceForm(SafeForm):
    """Which districts attended a support on a day (the state staff running it); the service checks the rules again."""

    attended_on = forms.DateField(
        label=_("Date of the session"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Today or an earlier day, within the support's dates.")
    )
    districts = _checkboxes(_("Districts that attended (none checked: clears the day)"))

    def __init__(self, *args: Any, districts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = districts  # type: ignore[attr-defined]


class NetworkForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    domains = _checkboxes(_("Domains (conditions) the network works on"))
    cap = forms.IntegerField(label=_("Member cap"), min_value=1, max_value=500, help_text=_("Iowa's collaborative had 10 districts, Idaho's cohort 20."))
    applications_open = forms.BooleanField(label=_("Applications are open"), required=False)
    applications_open_on = forms.DateField(
        label=_("Applications open on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to take applications at once."),
    )
    applications_close_on = forms.DateField(
        label=_("Applications close on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day to apply; leave empty for no closing date."),
    )

    version = VersionField()

    def __init__(self, *args: Any, domains: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].choices = list(domains.items())  # type: ignore[attr-defined]


TIER_ROWS = 6


class TierSettingsForm(SafeForm):
    """Up to six tiers (blank rows are ignored), the mentor opt-in and the TA targets of a state."""

    mentors_across_states = forms.BooleanField(label=_("Suggest mentor districts from other states too"), required=False)
    ta_response_days = forms.IntegerField(label=_("Target days to a first response"), min_value=1, max_value=365)
    ta_resolution_days = forms.IntegerField(label=_("Target days to resolution"), min_value=1, max_value=730)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(TIER_ROWS):
            self.fields[f"code-{i}"] = forms.CharField(label=_("Code"), required=False, max_length=40)
            self.fields[f"name-{i}"] = forms.CharField(label=_("Name"), required=False, max_length=120)
            self.fields[f"min_score-{i}"] = forms.DecimalField(label=_("Minimum score (1 to 4)"), required=False, max_digits=4, decimal_places=2)

    def rows(self) -> list[tuple[int, Any, Any, Any]]:
        return [(i + 1, self[f"code-{i}"], self[f"name-{i}"], self[f"min_score-{i}"]) for i in range(TIER_ROWS)]

    def tiers(self) -> tuple[list[int], list[dict[str, Any]]]:
        """The filled rows' indexes and their tiers (a blank row is ignored)."""
        d = self.cleaned_data
        used = [i for i in range(TIER_ROWS) if d.get(f"code-{i}") or d.get(f"name-{i}") or d.get(f"min_score-{i}") is not None]
        score = {i: "" if d[f"min_score-{i}"] is None else str(d[f"min_score-{i}"]) for i in used}
        return used, [{"code": d[f"code-{i}"], "name": d[f"name-{i}"], "min_score": score[i]} for i in used]


class ResourceForm(SafeForm):
    """A resource of the public library (content editors): every resource names its source."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("- Select -")), *ResourceKind.choices])
    url = forms.URLField(label=_("Link"), max_length=200, assume_scheme="https")
    summary = forms.CharField(label=_("Summary, in our own words"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    domains = _checkboxes(_("Domains"))
    tiers = _checkboxes(_("Tiers"))
    audience = forms.CharField(label=_("Audience"), required=False, max_length=120)
    source = forms.CharField(label=_("Source"), max_length=300, help_text=_("Who publishes it (an organization or a citation)."))
    published = forms.CharField(label=_("Date published"), required=False, max_length=20, help_text=_("As the source gives it; leave empty when unknown."))

    version = VersionField()

    def __init__(self, *args: Any, tiers: list[tuple[str, str]], domains: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tiers"].choices = tiers  # type: ignore[attr-defined]
        self.fields["domains"].choices = list(domains.items())  # type: ignore[attr-defined]
