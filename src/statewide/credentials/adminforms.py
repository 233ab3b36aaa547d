"""Forms of the administration pages: issuers and authoring micro-credentials (SafeForm checks the text)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm, VersionField


def _area(label: Any, help_text: Any = "", required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required, widget=forms.Textarea(attrs={"rows": rows, "class": "usa-textarea"}))


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.short_title}: {obj.name}"


class IssuerForm(SafeForm):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organization"), queryset=None, widget=forms.Select(attrs={"class": "usa-select"})
    )
    name = forms.CharField(label=_("Name shown on credentials"), max_length=200, widget=forms.TextInput(attrs={"class": "usa-input"}))
    slug = forms.CharField(
        label=_("Short name"),
        help_text=_("Letters, digits and hyphens; part of its did:web. Empty: made from the name."),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https", widget=forms.URLInput(attrs={"class": "usa-input"}))
    email = forms.EmailField(label=_("Contact e-mail"), required=False, widget=forms.EmailInput(attrs={"class": "usa-input"}))
    description = _area(_("Description"), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class IssuerEditForm(SafeForm):
    """An issuer's profile after set-up; its short name (and so its did:web) does not change."""

    name = forms.CharField(label=_("Name shown on credentials"), max_length=200, widget=forms.TextInput(attrs={"class": "usa-input"}))
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https", widget=forms.URLInput(attrs={"class": "usa-input"}))
    email = forms.EmailField(label=_("Contact e-mail"), required=False, widget=forms.EmailInput(attrs={"class": "usa-input"}))
    description = _area(_("Description"), required=False)
    image = forms.FileField(
        label=_("Image"),
        help_text=_("PNG or JPEG, at most 512 KB and 2048 pixels a side. Leave empty to keep the current one."),
        required=False,
        widget=forms.FileInput(attrs={"class": "usa-file-input", "accept": "image/png,image/jpeg"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False, widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}))
    version = VersionField()  # optimistic locking (core.concurrency)


class VersionForm(SafeForm):
    """The Digital Promise sections, the public rubric, validity and alignments of one version."""

    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"class": "usa-input"}))
    description = _area(_("Summary"))
    competency = _area(_("Competency"), _("The one competency the educator shows."))
    key_method = _area(_("Key method"), _("The research-backed method the educator uses."))
    method_components = _area(_("Method components"), required=False)
    research = _area(_("Research and rationale"), required=False)
    resources = _area(_("Resources"), required=False)
    submission_guidelines = _area(_("Submission guidelines"), _("What evidence to submit."))
    evaluation_criteria = _area(_("Evaluation criteria"))
    rubric = _area(
        _("Public rubric"),
        _("One criterion a line: code | name | description | required or optional. Assessors score exactly this rubric."),
        rows=5,
    )
    validity_days = forms.IntegerField(
        label=_("Valid for (days)"),
        help_text=_("Empty: does not expire."),
        required=False,
        min_value=1,
        max_value=36500,
        widget=forms.NumberInput(attrs={"class": "usa-input"}),
    )
    alignments = ItemChoiceField(
        label=_("Framework items it builds"), help_text=_("Choose one or more from the list."), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"class": "usa-select", "size": 8}),
    )  # fmt: skip

    version = VersionField()  # optimistic locking (core.concurrency): the draft's edits, not its number

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alignments"].queryset = items  # type: ignore[attr-defined]

    def clean_rubric(self) -> list[dict[str, Any]]:
        rows, errors = [], []
        for number, line in enumerate((self.cleaned_data.get("rubric") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                errors.append(_("Line %(n)d needs at least a code and a name, separated by |.") % {"n": number})
                continue
            flag = parts[3].lower() if len(parts) > 3 else "required"
            if flag not in ("required", "optional"):
                errors.append(_("Line %(n)d: the last part is required or optional.") % {"n": number})
                continue
            rows.append({"code": parts[0], "name": parts[1], "description": parts[2] if len(parts) > 2 else "", "required": flag == "required"})
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def service_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("alignments", "issuer", "slug", "version")}

    @staticmethod
    def rubric_text(rubric: list[dict[str, Any]]) -> str:
        lines = [" | ".join([row["code"], row["name"], row.get("description", ""), "required" if row.get("required", True) else "optional"]) for row in rubric]
        return "\n".join(lines)


class NewMicroCredentialForm(VersionForm):
    issuer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Issuer"), queryset=None, widget=forms.Select(attrs={"class": "usa-select"}))
    slug = forms.CharField(
        label=_("Short name"),
        help_text=_("Letters, digits and hyphens; unique for the issuer."),
        max_length=80,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    field_order = ["issuer", "slug"]

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        del self.fields["version"]  # a new micro-credential has no version to lock yet
