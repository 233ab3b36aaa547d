from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "statewide.places"
    label = "places"
    verbose_name = "Places and organizations"
