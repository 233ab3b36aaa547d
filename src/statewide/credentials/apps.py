from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "statewide.credentials"
    label = "credentials"
    verbose_name = "Educator micro-credentials"
