"""The quiz as a Django form, built from the instrument's data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from statewide.assessments.instruments import instrument_texts
from statewide.assessments.models import Instrument
from statewide.core.forms import SafeForm
from statewide.frameworks.translations import pack_texts
from statewide.places.models import Jurisdiction


class QuizForm(SafeForm):
    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        data = instrument.data
        texts = instrument_texts(instrument)
        choices = [(c["id"], texts[f"choices.{c['id']}"]) for c in data["choices"]]
        names = dict(instrument.framework.items.filter(code__in=[q["condition"] for q in data["questions"]]).values_list("code", "name"))
        translated = pack_texts(instrument.framework.slug)
        names = {code: translated.get(f"items.{code}.name") or name for code, name in names.items()}
        self.questions = []
        for q in data["questions"]:
            field = forms.ChoiceField(
                label=names[q["condition"]], help_text=texts[f"questions.{q['id']}"], choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[q["id"]] = field
            self.questions.append(q["id"])
        prio = data["priorities"]
        self.fields[prio["id"]] = forms.MultipleChoiceField(
            label=_("Your priorities (optional)"),
            help_text=texts["priorities"],
            choices=[(q["condition"], names[q["condition"]]) for q in data["questions"]],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.priorities_field = prio["id"]
        states = [("", _("- Prefer not to say -")), *((j.usps, j.name) for j in Jurisdiction.objects.order_by("name"))]
        self.fields["jurisdiction"] = forms.ChoiceField(label=gettext_lazy("Your state (optional)"), required=False, choices=states)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        picked = cleaned.get(self.priorities_field) or []
        limit = self.instrument.data["priorities"]["max_choices"]
        if len(picked) > limit:
            self.add_error(self.priorities_field, ngettext("Pick at most %(n)s priority.", "Pick at most %(n)s priorities.", limit) % {"n": limit})
        return cleaned

    def answers(self) -> list[dict[str, str]]:
        """The form's answers in the API's shape, so both go through the same service."""
        result = [{"question": q, "choice": self.cleaned_data[q]} for q in self.questions if self.cleaned_data.get(q)]
        result += [{"question": self.priorities_field, "choice": code} for code in self.cleaned_data.get(self.priorities_field) or []]
        return result

    def question_fields(self) -> list[forms.BoundField]:
        return [self[q] for q in self.questions]

    def priority_field(self) -> forms.BoundField:
        return self[self.priorities_field]
