from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "statewide.core"
    label = "core"
    verbose_name = "Core"


class StatewideAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site: every registered ModelAdmin's forms apply the text sanitiser."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default
    default_site = "statewide.core.admin.SafeAdminSite"
