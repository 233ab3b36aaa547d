from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "statewide.cli"
    label = "cli"
    verbose_name = "Command line"
