from rest_framework.routers import SimpleRouter

from .views import MeetingViewSet, RectificationItemViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("rectification-items", RectificationItemViewSet, basename="rectification-item")
urlpatterns = router.urls
