from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("problems/", include("problems.urls")),
    path("meetings/", include("meetings.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("policies/", include("policies.urls")),
    path("branches/", include("branches.urls")),
    path("medics/", include("medics.urls")),
    path("care/", include("officers.urls")),
    path("files/", include("spreadsheets.urls")),
    path("roster/import/", include("roster_import.urls")),
    path("assessments/", include("assessments.urls")),
    path("", include("operations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("liaison_portal.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
