from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "statewide.assessments"
    label = "assessments"
    verbose_name = "Assessments"
