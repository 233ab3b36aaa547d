from django.urls import path

from statewide.credentials import adminviews, views

app_name = "credentials"
urlpatterns = [
    path("", views.catalog_page, name="catalog"),
    path("catalog/<uuid:public_id>/", views.catalog_detail_page, name="catalog_detail"),
    path("catalog/<uuid:public_id>/start", views.submission_start, name="start"),
    path("catalog/<uuid:public_id>/award/", views.bulk_award_page, name="bulk_award"),
    path("issuers/<slug:slug>/did.json", views.did_document, name="did"),
    path("issuers/<slug:slug>/profile", views.issuer_profile, name="issuer_profile"),
    path("issuers/<slug:slug>/image", views.issuer_image, name="issuer_image"),
    path("status/<slug:slug>/<str:purpose>", views.status_list, name="status_list"),
    path("c/<uuid:public_id>", views.credential_page, name="credential"),
    path("c/<uuid:public_id>/status", views.credential_status_change, name="status_change"),
    path("c/<uuid:public_id>/download.<str:kind>", views.credential_download, name="download"),
    path("verify/", views.verify_page, name="verify"),
    path("backpack/", views.backpack_page, name="backpack"),
    path("submissions/<uuid:public_id>/", views.submission_page, name="submission"),
    path("reviews/", views.review_queue_page, name="review_queue"),
    path("reviews/<uuid:public_id>/", views.review_page, name="review"),
    path("issued/", views.issued_page, name="issued"),
    path("growth/<str:usps>/", views.growth_page, name="growth"),
    path("manage/", adminviews.manage_page, name="manage"),
    path("manage/issuers/new/", adminviews.issuer_create_page, name="issuer_create"),
    path("manage/issuers/<slug:slug>/", adminviews.issuer_edit_page, name="issuer_edit"),
    path("manage/issuers/<slug:slug>/rotate", adminviews.issuer_rotate, name="issuer_rotate"),
    path("manage/new/", adminviews.version_create_page, name="version_create"),
    path("manage/<uuid:public_id>/", adminviews.version_edit_page, name="version_edit"),
    path("manage/<uuid:public_id>/publish", adminviews.version_publish, name="version_publish"),
    path("manage/<uuid:public_id>/new-version", adminviews.version_new_draft, name="version_new_draft"),
]
