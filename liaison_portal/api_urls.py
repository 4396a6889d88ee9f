from django.urls import include, path

urlpatterns = [
    path("", include("regions.api.urls")),
    path("", include("enterprises.api.urls")),
    path("", include("officers.api.urls")),
    path("", include("problems.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("dashboards.api.urls")),
    path("", include("branches.api.urls")),
    path("", include("policies.api.urls")),
    path("", include("medics.api.urls")),
    path("", include("assessments.api.urls")),
]
