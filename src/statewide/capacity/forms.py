"""Forms of the local-capacity module (every text field checked by `core.forms.SafeForm`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.capacity.models import TaNoteKind, Urgency
from statewide.core.forms import SafeForm

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
                names.append((f"level-{code}", f"note-{code}"))
            self.groups.append((domain, names))

    def sections(self) -> list[tuple[dict[str, Any], list[tuple[Any, Any]]]]:
        """(domain, [(level field, note field), …]) as bound fields, for the template."""
        return [(domain, [(self[level], self[note]) for level, note in names]) for domain, names in self.groups]

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
