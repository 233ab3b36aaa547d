from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from statewide.accounts.models import Role
from statewide.core.forms import SafeForm, SafeTextMixin


class SignInForm(SafeTextMixin, AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": _("That e-mail and password do not match an account. Check both and try again."),
        "inactive": _("This account is not active."),
    }


class ApiTokenForm(SafeForm):
    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("What the token is for, e.g. 'nightly export script'."))


class MembershipGrantForm(SafeForm):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("An account is created if none exists; the person sets a password through 'Forgot your password?'.")
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in Role if r != Role.CONTENT_EDITOR])


class AuditFilterForm(SafeForm):
    state = forms.CharField(label=_("State (USPS code)"), max_length=2, required=False)
    action = forms.CharField(label=_("Action starts with"), max_length=80, required=False)
    actor = forms.CharField(label=_("Actor e-mail contains"), max_length=254, required=False)
    since = forms.DateField(label=_("From (YYYY-MM-DD)"), required=False)
    until = forms.DateField(label=_("To (YYYY-MM-DD)"), required=False)
