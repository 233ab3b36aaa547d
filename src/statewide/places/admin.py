from django.contrib import admin

from statewide.core.admin import ReadOnlyAdmin
from statewide.places.models import Jurisdiction, Organisation


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReadOnlyAdmin):
    list_display = ("usps", "fips", "name", "kind")


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "jurisdiction", "nces_leaid")
    list_filter = ("kind", "jurisdiction")
    search_fields = ("name", "nces_leaid")
    list_select_related = ("jurisdiction",)
