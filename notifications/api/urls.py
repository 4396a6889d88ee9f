from rest_framework.routers import SimpleRouter

from .views import MyNoticeViewSet

router = SimpleRouter()
router.register("my/notices", MyNoticeViewSet, basename="my-notice")
urlpatterns = router.urls
