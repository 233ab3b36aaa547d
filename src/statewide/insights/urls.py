from django.urls import path

from statewide.insights.views import dashboards, equity

app_name = "insights"
urlpatterns = [
    path("", dashboards.landing, name="index"),
    path("<str:usps>/", dashboards.state, name="state"),
    path("<str:usps>/report.pdf", dashboards.state_report, name="state_report"),
    path("<str:usps>/districts/<str:leaid>/", dashboards.district_report, name="district"),
    path("<str:usps>/districts/<str:leaid>/report.pdf", dashboards.district_report_pdf, name="district_pdf"),
    # Before the dashboards' <slug>: these names are not dashboard kinds.
    path("<str:usps>/equity/", equity.equity, name="equity"),
    path("<str:usps>/equity.<str:fmt>", equity.equity_download, name="equity_download"),
    path("<str:usps>/comparison/", equity.comparison, name="comparison"),
    path("<str:usps>/comparison.<str:fmt>", equity.comparison_download, name="comparison_download"),
    path("<str:usps>/disclosure/", equity.disclosure, name="disclosure"),
    path("<str:usps>/<slug:slug>/", dashboards.dashboard, name="dashboard"),
    path("<str:usps>/<slug:slug>/export.<str:fmt>", dashboards.export, name="export"),
]
