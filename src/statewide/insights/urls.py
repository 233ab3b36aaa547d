from django.urls import path

from statewide.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.landing, name="index"),
    path("<str:usps>/", views.state, name="state"),
    path("<str:usps>/report.pdf", views.state_report, name="state_report"),
    path("<str:usps>/districts/<str:leaid>/", views.district_report, name="district"),
    path("<str:usps>/districts/<str:leaid>/report.pdf", views.district_report_pdf, name="district_pdf"),
    path("<str:usps>/<slug:slug>/", views.dashboard, name="dashboard"),
    path("<str:usps>/<slug:slug>/export.<str:fmt>", views.export, name="export"),
]
