from django.urls import URLPattern, URLResolver, include, path

app_name = "frameworks"
urlpatterns: list[URLPattern | URLResolver] = [
    path("import-case/", include("statewide.frameworks.case.web_urls")),
]
