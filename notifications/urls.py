from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("<int:pk>/", views.notice_open_page, name="open"),
    path("read-all/", views.mark_all_read_page, name="read-all"),
    path("settings/", views.settings_page, name="settings"),
]
