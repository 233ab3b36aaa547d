"""The Django admin is a read-only window for operators: every write goes through services,
which check permission and write the audit trail, so the admin never changes our data.

The admin site is `SafeAdminSite` (`core.apps.StatewideAdminConfig`): every ModelAdmin registered
with it — ours and third-party ones such as auth's groups, which can still be edited — gets forms
with `core.forms.SafeTextMixin`, so the admin refuses control characters as every other form does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from statewide.core.forms import SafeTextMixin
from statewide.core.models import AuditEvent, Job


def _safe(form: Any) -> Any:
    """`form` (a ModelForm class) with the text sanitiser mixed in."""
    if issubclass(form, SafeTextMixin):
        return form
    return type(form.__name__, (SafeTextMixin, form), {"__module__": form.__module__})


class SafeAdminMixin:
    """The admin's add/change form, list-editable form and inline formsets apply `SafeTextMixin`."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        return _safe(super().get_form(request, obj, change, **kwargs))  # type: ignore[misc]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
        return _safe(super().get_changelist_form(request, **kwargs))  # type: ignore[misc]

    def get_formsets_with_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        for formset, inline in super().get_formsets_with_inlines(request, obj):  # type: ignore[misc]
            formset.form = _safe(formset.form)  # a class made for this request by inlineformset_factory
            yield formset, inline


class SafeAdminSite(admin.AdminSite):
    """The project's admin site: each registered ModelAdmin class is given `SafeAdminMixin`."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, SafeAdminMixin):
            base = type(base.__name__, (SafeAdminMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_label", "action", "object_repr", "scope_state", "request_id")
    list_filter = ("scope_state", "object_type")
    search_fields = ("action", "actor_label", "object_repr", "object_id")
    date_hierarchy = "occurred_at"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "label", "status", "attempts", "done", "total", "scope_state")
    list_filter = ("status", "kind", "scope_state")
    search_fields = ("label", "kind")
    exclude = ("payload",)  # addresses and uploads, while queued: not for browsing
