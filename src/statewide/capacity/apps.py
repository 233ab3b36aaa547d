from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "statewide.capacity"
    label = "capacity"
    verbose_name = "Local capacity"
