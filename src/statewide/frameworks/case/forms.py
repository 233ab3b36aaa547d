from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm
from statewide.frameworks.case.importer import MAX_PACKAGE_BYTES


class CaseImportForm(SafeForm):
    file = forms.FileField(label=_("CASE 1.0 package (JSON)"), help_text=_("A CFPackage JSON file of at most 5 MB."))
    slug = forms.SlugField(label=_("Short name for the web address (optional)"), required=False, max_length=80)

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
