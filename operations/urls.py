from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("health/", views.health_page, name="health"),
    path("health.json", views.health_json, name="health_json"),
]
