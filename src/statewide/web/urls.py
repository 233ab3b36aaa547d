from django.urls import path

from statewide.web import views, work

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.language, name="language"),
    path("my-work/", work.my_work, name="my_work"),
    path("jobs/<uuid:public_id>/", work.job_page, name="job"),
    path("jobs/<uuid:public_id>/download/", work.job_download, name="job_download"),
]
