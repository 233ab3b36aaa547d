from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "statewide.policies"
    label = "policies"
    verbose_name = "Policies"
