from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm
from statewide.places.models import Jurisdiction

LOCALE_CHOICES = [("", _("Any locale")), ("city", _("City")), ("suburb", _("Suburb")), ("town", _("Town")), ("rural", _("Rural"))]


class DistrictSearchForm(SafeForm):
    q = forms.CharField(label=_("Name, city, county or LEAID"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False)
    locale = forms.ChoiceField(label=_("Locale"), required=False, choices=LOCALE_CHOICES)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        states = Jurisdiction.objects.order_by("name").values_list("usps", "name")
        self.fields["state"].choices = [("", _("All states")), *states]  # type: ignore[attr-defined]
