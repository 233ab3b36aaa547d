"""The 1EdTech Open Badges 3.0 service API, mounted at /ims/ob/v3p0/."""

from django.urls import path

from statewide.credentials import obviews

app_name = "ob"
urlpatterns = [
    path("discovery", obviews.discovery, name="discovery"),
    path("credentials", obviews.credentials, name="credentials"),
    path("profile", obviews.profile, name="profile"),
    path("register", obviews.register, name="register"),
]
