from django.urls import path

from statewide.programs.views import config, dashboard, district, public, state

app_name = "programs"
urlpatterns = [
    path("", public.index, name="index"),
    path("new/", state.program_new, name="new"),
    path("registry/<str:usps>/", public.registry, name="registry"),
    path("registry/<str:usps>/decisions.atom", public.DecisionsFeed(), name="feed"),
    path("participants/<uuid:public_id>/", public.participant, name="participant"),
    path("<uuid:program_id>/", public.program_detail, name="program"),
    path("<uuid:program_id>/apply/", district.program_apply, name="apply"),
    path("<uuid:program_id>/settings/", config.program_settings, name="settings"),
    path("<uuid:program_id>/rules/new/", config.rule_edit, name="rule_new"),
    path("<uuid:program_id>/rules/<slug:code>/", config.rule_edit, name="rule_edit"),
    path("<uuid:program_id>/criteria/new/", config.criterion_edit, name="criterion_new"),
    path("<uuid:program_id>/criteria/<int:number>/", config.criterion_edit, name="criterion_edit"),
    path("<uuid:program_id>/assurances/new/", config.assurance_edit, name="assurance_new"),
    path("<uuid:program_id>/assurances/<int:number>/", config.assurance_edit, name="assurance_edit"),
    path("<uuid:program_id>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<uuid:program_id>/participants.<str:fmt>", dashboard.export, name="export"),
    path("applications/<uuid:public_id>/", state.application_detail, name="application"),
    path("applications/<uuid:public_id>/steps/<slug:step>/", district.draft_step, name="step"),
    path("applications/<uuid:public_id>/submit/", district.draft_submit, name="submit"),
    path("applications/<uuid:public_id>/plan/", district.plan, name="plan"),
    path("applications/<uuid:public_id>/amend/", district.amend, name="amend"),
    path("applications/<uuid:public_id>/report/", district.report, name="report"),
    path("applications/<uuid:public_id>/final/", district.final, name="final"),
    path("applications/<uuid:public_id>/files/", district.upload, name="upload"),
    path("applications/<uuid:public_id>/files/<uuid:file_id>/", district.attachment, name="attachment"),
    path("applications/<uuid:public_id>/assign/", state.assign, name="assign"),
    path("applications/<uuid:public_id>/move/<slug:transition>/", state.move, name="move"),
    path("applications/<uuid:public_id>/comments/", state.comment, name="comment"),
    path("applications/<uuid:public_id>/score/", state.score, name="score"),
    path("applications/<uuid:public_id>/decide/", state.decide, name="decide"),
    path("applications/<uuid:public_id>/decisions/<uuid:decision_id>/approve/", state.approve, name="approve"),
    path("applications/<uuid:public_id>/decisions/<uuid:decision_id>/letter.pdf", state.letter, name="letter"),
]
