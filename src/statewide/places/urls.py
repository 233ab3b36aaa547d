from django.urls import path

from statewide.places import views

app_name = "places"
urlpatterns = [
    path("", views.district_list_page, name="district_list"),
    path("<str:leaid>/", views.district_detail_page, name="district_detail"),
]
