from django.urls import path

from statewide.policies.feeds import PolicyChangesFeed
from statewide.policies.views import compare, editing, follows, records, states, types

app_name = "policies"
urlpatterns = [
    path("", states.index, name="index"),
    path("states/<str:usps>/", states.state, name="state"),
    path("states/<str:usps>/level/", editing.level_override, name="level_override"),
    path("compare/", compare.compare, name="compare"),
    path("compare.csv", compare.compare_export, {"fmt": "csv"}, name="compare_csv"),
    path("compare.xlsx", compare.compare_export, {"fmt": "xlsx"}, name="compare_xlsx"),
    path("policies/", records.policy_list, name="list"),
    path("policies/new/", editing.record_create, name="create"),
    path("policies/import/", editing.import_records, name="import"),
    path("policies/<uuid:public_id>/", records.policy_detail, name="detail"),
    path("policies/<uuid:public_id>/edit/", editing.record_edit, name="edit"),
    path("policies/<uuid:public_id>/delete/", editing.record_delete, name="delete"),
    path("types/", types.type_list, name="types"),
    path("types/<slug:code>/edit/", types.type_edit, name="type_edit"),
    path("changes/", records.changes, name="changes"),
    path("changes.atom", PolicyChangesFeed(), name="feed"),
    path("follows/", follows.follows, name="follows"),
    path("follow/", follows.follow, name="follow"),
    path("unfollow/", follows.unfollow, name="unfollow"),
]
