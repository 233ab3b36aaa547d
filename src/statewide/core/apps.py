from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "statewide.core"
    label = "core"
    verbose_name = "Core"
