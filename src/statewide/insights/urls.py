from django.urls import path  # noqa: F401  (the dashboards add their routes here)

app_name = "insights"
urlpatterns: list = []
