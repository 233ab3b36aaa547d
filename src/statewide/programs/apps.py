from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "statewide.programs"
    label = "programs"
    verbose_name = "District innovation programs"
