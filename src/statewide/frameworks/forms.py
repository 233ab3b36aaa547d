"""Forms for browsing (search, crosswalk) and for content editors (items, descriptors, publishing)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm, VersionField
from statewide.core.text import validate_http_url
from statewide.frameworks.models import DescriptorKind, Framework

SOURCES_HELP = _(
    "One source per line: a web address, optionally followed by ' | ' and a title (https://example.org/page | Title), "
    "or a citation in words. At least one source is required."
)


def _framework_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *((fw.slug, str(fw)) for fw in Framework.objects.order_by("position", "title"))]


class SearchForm(SafeForm):
    q = forms.CharField(label=_("Search words"), max_length=200, required=False)
    framework = forms.ChoiceField(label=_("Framework"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["framework"]).choices = _framework_choices(str(_("All frameworks")))


class CrosswalkForm(SafeForm):
    left = forms.ChoiceField(label=_("First framework"), choices=())
    right = forms.ChoiceField(label=_("Second framework"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _framework_choices(str(_("Choose a framework")))
        cast(forms.ChoiceField, self.fields["left"]).choices = choices
        cast(forms.ChoiceField, self.fields["right"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("left") and data.get("left") == data.get("right"):
            self.add_error("right", _("Choose two different frameworks."))
        return data


def sources_to_text(sources: list[dict[str, Any]]) -> str:
    lines = []
    for s in sources or []:
        if s.get("url"):
            lines.append(f"{s['url']} | {s['title']}" if s.get("title") else s["url"])
        elif s.get("citation"):
            lines.append(s["citation"])
    return "\n".join(lines)


class SourcesField(forms.CharField):
    """A textarea of sources, one per line, cleaned into the model's list of source dicts."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Sources"))
        kwargs.setdefault("help_text", SOURCES_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        text = super().clean(value)
        out: list[dict[str, str]] = []
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            head, _sep, title = (p.strip() for p in line.partition("|"))
            if head.lower().startswith(("http://", "https://")):
                try:
                    validate_http_url(head)
                except ValidationError:
                    raise ValidationError(_("“%(url)s” is not a valid web address."), params={"url": head}) from None
                out.append({"url": head, "title": title} if title else {"url": head})
            else:
                out.append({"citation": line})
        if self.required and not out:
            raise ValidationError(_("Give at least one source (a URL or a citation)."))
        return out


class _ProvenanceRules(SafeForm):
    version = VersionField()  # optimistic locking (core.concurrency)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("confirmed") and not (data.get("status_note") or "").strip():
            self.add_error("status_note", _("Say what is not confirmed when the content is not confirmed."))
        if data.get("checked_on") and data["checked_on"] > timezone.localdate():
            self.add_error("checked_on", _("The checked-on date cannot be in the future."))
        return data


class ItemEditForm(_ProvenanceRules):
    name = forms.CharField(label=_("Name"), max_length=300)
    definition = forms.CharField(label=_("Definition"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    confirmed = forms.BooleanField(label=_("Confirmed by a source"), required=False)
    status_note = forms.CharField(label=_("Note on what is not confirmed"), max_length=300, required=False, help_text=_("Shown next to unconfirmed content."))
    sources = SourcesField()
    checked_on = forms.DateField(label=_("Checked on"), help_text=_("The date the sources were last checked, as YYYY-MM-DD."))


class DescriptorEditForm(_ProvenanceRules):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    confirmed = forms.BooleanField(label=_("Confirmed by a source"), required=False)
    status_note = forms.CharField(label=_("Note on what is not confirmed"), max_length=300, required=False, help_text=_("Shown next to unconfirmed content."))
    sources = SourcesField()
    checked_on = forms.DateField(label=_("Checked on"), help_text=_("The date the sources were last checked, as YYYY-MM-DD."))


class DescriptorAddForm(DescriptorEditForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DescriptorKind.choices)

    field_order = ["kind", "text", "confirmed", "status_note", "sources", "checked_on"]


class ExampleEditForm(_ProvenanceRules):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    confirmed = forms.BooleanField(label=_("Confirmed by a source"), required=False)
    status_note = forms.CharField(label=_("Note on what is not confirmed"), max_length=300, required=False, help_text=_("Shown next to unconfirmed content."))
    sources = SourcesField()
    checked_on = forms.DateField(label=_("Checked on"), help_text=_("The date the sources were last checked, as YYYY-MM-DD."))


class PublishForm(SafeForm):
    note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
