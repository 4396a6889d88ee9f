from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.round_list_page, name="round-list"),
    path("open/", views.round_open_page, name="round-open"),
    path("<int:pk>/", views.round_detail_page, name="round"),
    path("<int:pk>/opinions/", views.round_opinions_page, name="round-opinions"),
    path("<int:pk>/<slug:action>/", views.round_action, name="round-action"),
    path("officers/<int:pk>/", views.assessment_detail_page, name="assessment"),
    path("officers/<int:pk>/<slug:action>/", views.assessment_action, name="assessment-action"),
    path("vacancies/", views.vacancy_list_page, name="vacancy-list"),
    path("vacancies/<int:pk>/", views.vacancy_fill_page, name="vacancy"),
    path("opinion/<str:token>/", views.opinion_page, name="opinion"),
]
