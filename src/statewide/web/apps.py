from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "statewide.web"
    label = "web"
    verbose_name = "Web shell"
