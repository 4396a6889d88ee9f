from django.urls import path

from . import views

app_name = "medics"

urlpatterns = [
    path("", views.medic_list_page, name="list"),
    path("<int:pk>/", views.medic_detail_page, name="detail"),
    path("coverages/<int:pk>/end/", views.coverage_end, name="coverage-end"),
    path("gaps/", views.coverage_gaps_page, name="gaps"),
    path("institutions/", views.institution_list_page, name="institutions"),
]
