from django.contrib import admin

from statewide.accounts.models import ApiToken, Membership, User
from statewide.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("email", "full_name", "is_superuser", "is_active", "last_login")
    search_fields = ("email", "full_name")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "organisation")
    list_filter = ("role",)
    list_select_related = ("user", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
