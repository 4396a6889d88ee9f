from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list_page, name="list"),
    path("new/", views.meeting_new_page, name="new"),
    path("<int:pk>/", views.meeting_detail_page, name="detail"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/", views.item_list_page, name="items"),
    path("items/overdue/", views.overdue_items_page, name="overdue"),
    path("no-meeting/", views.no_meeting_page, name="no-meeting"),
]
