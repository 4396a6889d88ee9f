from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list_page, name="list"),
    path("file/<int:assignment_pk>/<str:day>/", views.report_form, name="file"),
    path("file/<int:assignment_pk>/<str:day>/unchanged/", views.report_unchanged, name="file-unchanged"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("missing/", views.missing_reports, name="missing"),
    path("exemptions/", views.exemptions, name="exemptions"),
]
