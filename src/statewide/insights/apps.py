from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "statewide.insights"
    label = "insights"
    verbose_name = "Insights"
