"""Pages for importing a CASE 1.0 package, mounted under /frameworks/import-case/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
