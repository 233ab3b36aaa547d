from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "statewide.selfassessment"
    label = "selfassessment"
    verbose_name = "State self-assessment"
