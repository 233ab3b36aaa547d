"""Forms of the micro-credentials pages (text checked by the one sanitiser through SafeForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm

MAX_PASTE = 200_000
MAX_CSV_FILE = 2 * 1024 * 1024  # bulk award files over core.jobs.BACKGROUND_IMPORT_BYTES run in the background


class VerifyForm(SafeForm):
    credential = forms.CharField(
        label=_("Credential (JSON or JWT)"),
        help_text=_("Paste the credential's JSON, or its compact JWT."),
        required=False,
        max_length=MAX_PASTE,
        widget=forms.Textarea(attrs={"rows": 8, "class": "usa-textarea", "spellcheck": "false"}),
    )
    image = forms.FileField(label=_("Or a badge image (PNG or SVG)"), help_text=_("An image with the credential baked in."), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("credential") or "").strip() and not data.get("image"):
            raise forms.ValidationError(_("Paste a credential or choose a badge image."))
        image = data.get("image")
        if image is not None and image.size > 2 * 1024 * 1024:
            self.add_error("image", _("An image may be at most 2 MB."))
        return data


class EvidenceForm(SafeForm):
    evidence_text = forms.CharField(
        label=_("Your evidence"),
        help_text=_("Describe what you did and what changed."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "usa-textarea"}),
    )
    evidence_links = forms.CharField(
        label=_("Links"),
        help_text=_("One web address per line (videos, documents)."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "usa-textarea"}),
    )
    file = forms.FileField(label=_("Add a file"), help_text=_("PDF, PNG, JPEG or plain text, at most 5 MB."), required=False)

    def links(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("evidence_links") or "").splitlines() if line.strip()]


class ReviewForm(SafeForm):
    feedback = forms.CharField(label=_("Feedback for the educator"), required=False, widget=forms.Textarea(attrs={"rows": 5, "class": "usa-textarea"}))

    def __init__(self, *args: Any, rubric: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for row in rubric:
            self.fields[f"score_{row['code']}"] = forms.ChoiceField(
                label=row["name"],
                help_text=row.get("description", ""),
                choices=[("", _("Choose")), ("met", _("Met")), ("not_met", _("Not yet met"))],
                widget=forms.Select(attrs={"class": "usa-select"}),
            )

    def scores(self) -> dict[str, bool]:
        return {row["code"]: self.cleaned_data.get(f"score_{row['code']}") == "met" for row in self.rubric if self.cleaned_data.get(f"score_{row['code']}")}


class StatusForm(SafeForm):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("revoke", _("Revoke (permanent; published: every verifier sees it)")),
            ("suspend", _("Suspend (published in the issuer's suspension list; only this platform's verifier reads it)")),
            ("unsuspend", _("Lift the suspension")),
        ],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.TextInput(attrs={"class": "usa-input"}))


class CredentialFilterForm(SafeForm):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("revoked", _("Revoked")), ("expired", _("Expired"))],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )


class BulkAwardForm(SafeForm):
    csv = forms.CharField(
        label=_("Recipients (CSV)"),
        help_text=_("A header row with email and narrative, then one row per person."),
        required=False,
        max_length=MAX_PASTE,
        widget=forms.Textarea(attrs={"rows": 8, "class": "usa-textarea", "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        help_text=_("At most 2 MB. A large file is awarded in the background: its job page shows the progress and the rows not matched."),
        required=False,
    )

    def csv_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.size > MAX_CSV_FILE:
                self.add_error("file", _("A file may be at most 2 MB."))
                return ""
            try:
                return upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not UTF-8 text."))
                return ""
        return self.cleaned_data.get("csv") or ""
