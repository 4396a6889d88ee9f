from django.urls import path

from . import views

app_name = "officers"

urlpatterns = [
    path("", views.care_overview_page, name="care"),
    path("mine/", views.my_care_page, name="my-care"),
    path("officers/<int:pk>/", views.officer_care_page, name="officer-care"),
]
