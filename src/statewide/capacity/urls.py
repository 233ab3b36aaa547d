from django.urls import path

from statewide.capacity.views import library, manage, networks, readiness, supports

app_name = "capacity"
urlpatterns = [
    path("", readiness.landing, name="index"),
    path("resources/", library.resources_page, name="resources"),
    path("resources/new/", library.resource_edit, name="resource_new"),
    path("resources/<uuid:public_id>/edit/", library.resource_edit, name="resource_edit"),
    path("resources/<uuid:public_id>/withdraw/", library.resource_withdraw, name="resource_withdraw"),
    path("partners/", library.partners_page, name="partners"),
    path("districts/<str:leaid>/", readiness.district_profile, name="district"),
    path("districts/<str:leaid>/rounds/", readiness.round_open, name="round_open"),
    path("districts/<str:leaid>/ta/", supports.ta_new, name="ta_new"),
    path("districts/<str:leaid>/supports/<uuid:public_id>/interest/", supports.support_interest, name="support_interest"),
    path("rounds/<uuid:public_id>/", readiness.round_page, name="round"),
    path("rounds/<uuid:public_id>/team/", readiness.team_add, name="team_add"),
    path("rounds/<uuid:public_id>/submit/", readiness.round_submit, name="round_submit"),
    path("rounds/<uuid:public_id>/report/", readiness.report, name="report"),
    path("rounds/<uuid:public_id>/report.pdf", readiness.report_pdf, name="report_pdf"),
    path("ta/<uuid:public_id>/", supports.ta_detail, name="ta"),
    path("networks/<uuid:public_id>/", networks.network_page, name="network"),
    path("networks/<uuid:public_id>/edit/", manage.network_edit, name="network_edit"),
    path("networks/<uuid:public_id>/applications/", manage.network_applications, name="network_applications"),
    path("supports/<uuid:public_id>/edit/", manage.support_edit, name="support_edit"),
    path("supports/<uuid:public_id>/attendance/", manage.support_attendance, name="support_attendance"),
    path("states/<str:usps>/networks/new/", manage.network_new, name="network_new"),
    path("states/<str:usps>/supports/new/", manage.support_new, name="support_new"),
    path("states/<str:usps>/tiers/", manage.tier_settings, name="tier_settings"),
    path("states/<str:usps>/networks/", networks.network_list, name="networks"),
    path("states/<str:usps>/", supports.state_overview, name="state"),
    path("states/<str:usps>/supports/", supports.supports_page, name="supports"),
    path("states/<str:usps>/ta/", supports.ta_queue, name="ta_queue"),
    path("states/<str:usps>/<str:what>.<str:fmt>", supports.state_export, name="state_export"),
]
