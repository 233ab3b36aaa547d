from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "statewide.api"
    label = "api"
    verbose_name = "JSON API"
