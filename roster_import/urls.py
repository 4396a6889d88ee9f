from django.urls import path

from . import views

app_name = "roster_import"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("template/<str:kind>.<str:fmt>", views.import_template, name="template"),
    path("<int:pk>/", views.import_job, name="job"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
]
