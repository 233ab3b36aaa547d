"""1EdTech CASE 1.0 provider endpoints, mounted at /ims/case/v1p0/."""

from django.urls import path

from statewide.frameworks.case import views

app_name = "case"
urlpatterns = [
    path("CFDocuments", views.documents, name="documents"),
    path("CFDocuments/<str:sourced_id>", views.document, name="document"),
    path("CFPackages/<str:sourced_id>", views.package, name="package"),
    path("CFItems/<str:sourced_id>", views.item, name="item"),
    path("CFAssociations/<str:sourced_id>", views.association, name="association"),
    path("CFItemAssociations/<str:sourced_id>", views.item_associations, name="item_associations"),
    path("CFRubrics/<str:sourced_id>", views.rubric, name="rubric"),
    path("CFItemTypes/<str:sourced_id>", views.item_type_view, name="item_type"),
    path("CFConcepts/<str:sourced_id>", views.undefined_definition, name="concept"),
    path("CFSubjects/<str:sourced_id>", views.undefined_definition, name="subject"),
    path("CFLicenses/<str:sourced_id>", views.undefined_definition, name="license"),
    path("CFAssociationGroupings/<str:sourced_id>", views.undefined_definition, name="association_grouping"),
]
