from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list_page, name="list"),
    path("new/", views.policy_create_page, name="new"),
    path("<int:pk>/", views.policy_detail_page, name="detail"),
    path("<int:pk>/file/", views.policy_file_download, name="file"),
    path("<int:pk>/edit/", views.policy_edit_page, name="edit"),
    path("<int:pk>/withdraw/", views.policy_withdraw_action, name="withdraw"),
    path("<int:pk>/restore/", views.policy_restore_action, name="restore"),
]
