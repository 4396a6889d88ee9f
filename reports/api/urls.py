from rest_framework.routers import SimpleRouter

from .views import MyNoticeViewSet, MyTodayViewSet, ReportViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
router.register("my/today", MyTodayViewSet, basename="my-today")
router.register("my/notices", MyNoticeViewSet, basename="my-notice")
urlpatterns = router.urls
