from django.urls import path

from statewide.web import operations, views, work

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("operations/queue/", operations.queue_page, name="queue"),
    path("language/<str:code>/", views.language, name="language"),
    path("my-work/", work.my_work, name="my_work"),
    path("jobs/<uuid:public_id>/", work.job_page, name="job"),
    path("jobs/<uuid:public_id>/download/", work.job_download, name="job_download"),
]
