from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm
from statewide.places.services import MINIMUM_N_RANGE


class EquityFilterForm(SafeForm):
    """The equity dashboard's filters: the choices come from the protected dataset (never a hidden group)."""

    year = forms.ChoiceField(label=_("School year"), required=False)
    locale = forms.ChoiceField(label=_("Locale"), required=False)

    def __init__(self, data: object, *, years: list[str], locales: list[tuple[str, str]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, y) for y in reversed(years)]  # type: ignore[attr-defined]
        self.fields["locale"].choices = [("", _("All locales")), *locales]  # type: ignore[attr-defined]


class ComparisonForm(SafeForm):
    district = forms.ChoiceField(label=_("Participating district"))

    def __init__(self, data: object, *, districts: list[tuple[str, str]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["district"].choices = districts  # type: ignore[attr-defined]


class MinimumNForm(SafeForm):
    minimum_n = forms.IntegerField(
        label=_("Minimum number of students shown"), min_value=MINIMUM_N_RANGE[0], max_value=MINIMUM_N_RANGE[1],
        help_text=_("A count of fewer students is hidden on every page, chart, export and API response, with the counts that would reveal it."),
    )  # fmt: skip
