from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("<int:region_id>/", views.dashboard_page, name="region"),
    path("<int:region_id>/reports/", views.report_rows_page, name="reports"),
    path("<int:region_id>/enterprises/", views.enterprise_rows_page, name="enterprises"),
    path("<int:region_id>/problems/", views.problem_rows_page, name="problems"),
    path("shuttles/", views.shuttle_list_page, name="shuttle-list"),
    path("shuttles/new/", views.shuttle_new_page, name="shuttle-new"),
    path("bulletins/", views.bulletin_list_page, name="bulletin-list"),
    path("bulletins/<int:pk>/", views.bulletin_page, name="bulletin"),
    path("bulletins/<int:pk>/xlsx/", views.bulletin_xlsx, name="bulletin-xlsx"),
]
