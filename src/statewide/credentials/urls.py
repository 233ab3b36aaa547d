from django.urls import path

from statewide.credentials import views

app_name = "credentials"
urlpatterns = [
    path("", views.catalog_page, name="catalog"),
    path("catalog/<uuid:public_id>/", views.catalog_detail_page, name="catalog_detail"),
    path("catalog/<uuid:public_id>/start", views.submission_start, name="start"),
    path("catalog/<uuid:public_id>/award/", views.bulk_award_page, name="bulk_award"),
    path("issuers/<slug:slug>/did.json", views.did_document, name="did"),
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
]
