from django.urls import path

from statewide.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.quiz, name="quiz"),
    path("results/<str:token>/", views.result, name="result"),
    path("results/<str:token>/result.pdf", views.result_pdf, name="result_pdf"),
]
