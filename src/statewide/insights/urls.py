from django.urls import path

from statewide.insights import views

app_name = "insights"
urlpatterns = [
    path("<str:usps>/equity/", views.equity, name="equity"),
    path("<str:usps>/equity.<str:fmt>", views.equity_download, name="equity_download"),
    path("<str:usps>/comparison/", views.comparison, name="comparison"),
    path("<str:usps>/disclosure/", views.disclosure, name="disclosure"),
]
