"""1EdTech CASE 1.0 provider endpoints, mounted at /ims/case/v1p0/."""

from django.urls import URLPattern

app_name = "case"
urlpatterns: list[URLPattern] = []
