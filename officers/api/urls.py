from rest_framework.routers import SimpleRouter

from .views import AssignmentViewSet, MyAssignmentViewSet, OfficerViewSet

router = SimpleRouter()
router.register("officers", OfficerViewSet, basename="officer")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("my/assignments", MyAssignmentViewSet, basename="my-assignment")
urlpatterns = router.urls
