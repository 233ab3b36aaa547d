from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "statewide.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"
