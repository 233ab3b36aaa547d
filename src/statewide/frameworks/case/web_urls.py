"""Pages for importing a CASE 1.0 package, mounted under /frameworks/import-case/."""

from django.urls import path

from statewide.frameworks.case import views

urlpatterns = [path("", views.import_page, name="case_import")]
