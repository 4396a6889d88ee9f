from rest_framework.routers import SimpleRouter

from .views import ExemptionViewSet, MyTodayViewSet, ReportViewSet

router = SimpleRouter()
router.register("report-exemptions", ExemptionViewSet, basename="report-exemption")
router.register("reports", ReportViewSet, basename="report")
router.register("my/today", MyTodayViewSet, basename="my-today")
urlpatterns = router.urls
