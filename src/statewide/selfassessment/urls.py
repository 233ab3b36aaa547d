from django.urls import path

from statewide.selfassessment.views import campaigns, respond, results

app_name = "selfassessment"
urlpatterns = [
    path("", campaigns.landing, name="index"),
    path("new/", campaigns.campaign_new, name="new"),
    path("join/<str:token>/", respond.join, name="join"),
    path("answer/<str:token>/", respond.answer, name="answer"),
    path("<uuid:public_id>/", campaigns.campaign_detail, name="campaign"),
    path("<uuid:public_id>/edit/", campaigns.campaign_edit, name="edit"),
    path("<uuid:public_id>/status/", campaigns.campaign_status, name="status"),
    path("<uuid:public_id>/groups/", campaigns.group_new, name="group_new"),
    path("<uuid:public_id>/invite/", campaigns.invite, name="invite"),
    path("<uuid:public_id>/results/", results.results_page, name="results"),
    path("<uuid:public_id>/results.csv", results.results_csv, name="results_csv"),
    path("<uuid:public_id>/results.xlsx", results.results_xlsx, name="results_xlsx"),
    path("<uuid:public_id>/meeting/", results.meeting, name="meeting"),
    path("<uuid:public_id>/meeting/baseline/", results.adopt_baseline, name="baseline"),
    path("<uuid:public_id>/meeting/<slug:code>/", results.meeting_condition, name="meeting_condition"),
    path("<uuid:public_id>/roadmap/", results.roadmap, name="roadmap"),
    path("<uuid:public_id>/roadmap/<slug:code>/", results.roadmap_entry, name="roadmap_entry"),
    path("<uuid:public_id>/roadmap.<str:fmt>", results.roadmap_export, name="roadmap_export"),
    path("<uuid:public_id>/compare/", results.compare, name="compare"),
]
