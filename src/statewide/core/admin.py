"""The Django admin is a read-only window for operators: every write goes through services,
which check permission and write the audit trail, so the admin never changes data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from statewide.core.models import AuditEvent, Job


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
