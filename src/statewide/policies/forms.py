"""Forms of the tracker pages: map measure, list filters, compare, record editing, level override, import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from statewide.core.forms import SafeForm, VersionField
from statewide.core.text import http_url_problem
from statewide.frameworks.models import Level
from statewide.places.models import Jurisdiction
from statewide.policies.models import DatePrecision, LegalInstrument, RelationKind, Status
from statewide.policies.selectors import FIRST_FILTER_YEAR, LAST_FILTER_YEAR, LEVEL_FRAMEWORK, condition_list, policy_type_list
from statewide.policies.views.mapdata import FIRST_YEAR

IMPORT_MAX_BYTES = 2 * 1024 * 1024
DATE_HELP = _("YYYY-MM-DD, or just the year (YYYY) when only the year is known.")


def _types() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in policy_type_list()]


def _conditions() -> list[tuple[str, str]]:
    """Condition choices; an unconfirmed condition says so in its label (options cannot carry a tag)."""
    return [(c.code, c.name if c.confirmed else f"{c.name} ({_('unconfirmed')})") for c in condition_list()]


def _states() -> list[tuple[str, str]]:
    return list(Jurisdiction.objects.order_by("name").values_list("usps", "name"))


class MapForm(SafeForm):
    measure = forms.ChoiceField(label=_("Color the map by"), required=False)
    year = forms.IntegerField(label=_("As of the end of"), required=False, min_value=FIRST_YEAR, max_value=2100)
    sort = forms.CharField(required=False, widget=forms.HiddenInput, max_length=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type_choices = _types()
        self.condition_choices = _conditions()
        self.fields["measure"].choices = [  # type: ignore[attr-defined]
            ("level", _("Maturity level")),
            (_("Has a policy of type"), [(f"type:{c}", n) for c, n in self.type_choices]),
            (_("Has a policy serving the condition"), [(f"condition:{c}", n) for c, n in self.condition_choices]),
        ]

    def measure_label(self, measure: str) -> str:
        if measure == "level":
            return str(_("Maturity level"))
        kind, _sep, code = measure.partition(":")
        names = dict(self.type_choices if kind == "type" else self.condition_choices)
        prefix = _("Has a policy of type") if kind == "type" else _("Has a policy serving the condition")
        return f"{prefix}: {names.get(code, code)}"


class PolicySearchForm(SafeForm):
    q = forms.CharField(label=_("Words"), required=False, max_length=100, help_text=_("Title, summary, bill number, code section or state."))
    jurisdiction = forms.ChoiceField(label=_("State"), required=False)
    type = forms.ChoiceField(label=_("Policy type"), required=False)
    condition = forms.ChoiceField(label=_("Framework condition"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])
    instrument = forms.ChoiceField(label=_("Instrument"), required=False, choices=[("", _("Any instrument")), *LegalInstrument.choices])
    year = forms.IntegerField(label=_("In force during"), required=False, min_value=FIRST_FILTER_YEAR, max_value=LAST_FILTER_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", _("All states")), *_states()]  # type: ignore[attr-defined]
        self.fields["type"].choices = [("", _("Any type")), *_types()]  # type: ignore[attr-defined]
        self.fields["condition"].choices = [("", _("Any condition")), *_conditions()]  # type: ignore[attr-defined]


class _StatesField(forms.MultipleChoiceField):
    """The compare page sends four selects named `states`; the ones left at "none" arrive empty and are dropped."""

    def to_python(self, value: Any) -> list[str]:
        return [v for v in super().to_python(value) if v]


class CompareForm(SafeForm):
    states = _StatesField(label=_("States"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state_choices = _states()
        self.fields["states"].choices = self.state_choices  # type: ignore[attr-defined]

    def clean_states(self) -> list[str]:
        picked: list[str] = []
        for s in self.cleaned_data["states"]:
            if s and s not in picked:
                picked.append(s)
        if len(picked) > 4:
            raise forms.ValidationError(_("Compare at most four states."))
        return picked


class PolicyRecordForm(SafeForm):
    """Field names are the `statewide-policies/1` keys, so service errors land on the right field."""

    jurisdiction = forms.ChoiceField(label=_("State"))
    title = forms.CharField(label=_("Title"), max_length=300)
    policy_type = forms.ChoiceField(label=_("Policy type"))
    instrument = forms.ChoiceField(label=_("Instrument"), choices=LegalInstrument.choices)
    bill_number = forms.CharField(label=_("Bill number"), required=False, max_length=60, help_text=_("For example HB 110."))
    session = forms.CharField(label=_("Session"), required=False, max_length=60, help_text=_("For example 2015."))
    code_section = forms.CharField(label=_("Code section"), required=False, max_length=200, help_text=_("For example Idaho Code §33-1632."))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    introduced_on = forms.CharField(label=_("Introduced on"), required=False, max_length=10, help_text=DATE_HELP)
    enacted_on = forms.CharField(label=_("Enacted on"), required=False, max_length=10, help_text=DATE_HELP)
    effective_on = forms.CharField(label=_("Effective on"), required=False, max_length=10, help_text=DATE_HELP)
    amended_on = forms.CharField(label=_("Last amended on"), required=False, max_length=10, help_text=DATE_HELP)
    ended_on = forms.CharField(label=_("Repealed or expired on"), required=False, max_length=10, help_text=DATE_HELP)
    known_in_force_on = forms.CharField(
        label=_("Known in force on"),
        required=False,
        max_length=10,
        help_text=_("When the start date is unknown: the earliest date a source shows it in force."),
    )
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=DatePrecision.choices)
    conditions = forms.MultipleChoiceField(label=_("Framework conditions it serves"), required=False, widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("Summary, in our own words"), widget=forms.Textarea(attrs={"rows": 4}))
    sources = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: URL | title | checked on (YYYY-MM-DD). At least one."),
    )
    checked_on = forms.DateField(label=_("Record checked on"), required=False, help_text=_("YYYY-MM-DD"))
    confirmed = forms.BooleanField(label=_("Every detail is confirmed by the sources"), required=False)
    related = forms.CharField(
        label=_("Related records"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: amends, replaces or funds, a colon, and the other record's id."),
    )
    note = forms.CharField(label=_("Note for the history"), required=False, max_length=300)
    version = VersionField()  # optimistic locking (core.concurrency)

    def __init__(self, *args: Any, states: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = states if states is not None else _states()  # type: ignore[attr-defined]
        self.fields["policy_type"].choices = _types()  # type: ignore[attr-defined]
        self.fields["conditions"].choices = _conditions()  # type: ignore[attr-defined]

    def clean_sources(self) -> list[dict[str, str]]:
        out = []
        for n, line in enumerate(self.cleaned_data["sources"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            url = parts[0]
            problem = http_url_problem(url)
            if problem:
                raise forms.ValidationError(_("Line %(n)d: %(problem)s") % {"n": n, "problem": problem})
            checked = parts[2] if len(parts) > 2 else ""
            if checked:
                try:
                    dt.date.fromisoformat(checked)
                except ValueError as exc:
                    raise forms.ValidationError(_("Line %(n)d: the checked-on date must be YYYY-MM-DD.") % {"n": n}) from exc
            out.append({"url": url, "title": parts[1] if len(parts) > 1 else "", "checked_on": checked})
        if not out:
            raise forms.ValidationError(_("Give at least one source."))
        return out

    def clean_related(self) -> list[dict[str, str]]:
        out = []
        kinds = {k for k, _label in RelationKind.choices}
        for n, line in enumerate(self.cleaned_data["related"].splitlines(), start=1):
            if not line.strip():
                continue
            kind, _sep, to = (p.strip() for p in line.partition(":"))
            if kind not in kinds or not to:
                raise forms.ValidationError(_("Line %(n)d: write amends, replaces or funds, a colon, and a record id.") % {"n": n})
            out.append({"kind": kind, "to": to})
        return out

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"note", "version"}}
        for key in ("introduced_on", "enacted_on", "effective_on", "amended_on", "ended_on", "known_in_force_on"):
            data[key] = data[key] or None
        return data

    @staticmethod
    def initial_from(snapshot: dict[str, Any]) -> dict[str, Any]:
        initial = dict(snapshot)
        initial["sources"] = "\n".join(" | ".join([s.get("url", ""), s.get("title", ""), s.get("checked_on", "")]).rstrip(" |") for s in snapshot["sources"])
        initial["related"] = "\n".join(f"{r['kind']}:{r['to']}" for r in snapshot["related"])
        return initial


class LevelOverrideForm(SafeForm):
    level_code = forms.ChoiceField(label=_("Level"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, help_text=_("Shown on the state page."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = Level.objects.filter(framework__slug=LEVEL_FRAMEWORK).order_by("position").values_list("code", "name")
        self.fields["level_code"].choices = [("", _("No override: use the derived level")), *levels]  # type: ignore[attr-defined]
        self.fields["level_code"].required = False


class ImportForm(SafeForm):
    file = forms.FileField(label=_("File"), help_text=_("CSV or JSON in the statewide-policies/1 schema, at most 2 MB."))
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("json", "JSON")])

    def clean_file(self) -> bytes:
        f = self.cleaned_data["file"]
        if f.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        data: bytes = f.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file must be UTF-8 text.")) from exc
        if "\x00" in text:
            raise forms.ValidationError(_("The file is not a text file."))
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        data, fmt = cleaned.get("file"), cleaned.get("format")
        if isinstance(data, bytes) and fmt:
            head = data.decode("utf-8-sig").lstrip()[:1]
            if fmt == "json" and head not in ("{", "["):
                self.add_error("file", _("This does not look like JSON; choose CSV or upload a JSON file."))
            if fmt == "csv" and head in ("{", "["):
                self.add_error("file", _("This looks like JSON; choose JSON as the format."))
        return cleaned


class PolicyTypeForm(SafeForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    version = VersionField()  # optimistic locking (core.concurrency)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=32000)
    items = forms.CharField(
        label=_("Framework items it corresponds to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: framework slug / item code, for example kw-spf-2019/culture-of-innovation."),
    )

    def clean_items(self) -> list[tuple[str, str]]:
        pairs = []
        for n, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            slug, sep, code = (p.strip() for p in line.partition("/"))
            if not sep or not slug or not code:
                raise forms.ValidationError(_("Line %(n)d: write framework-slug/item-code.") % {"n": n})
            pairs.append((slug, code))
        return pairs
