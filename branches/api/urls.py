from rest_framework.routers import SimpleRouter

from .views import BranchViewSet, VisitViewSet

router = SimpleRouter()
router.register("branches", BranchViewSet, basename="branch")
router.register("branch-visits", VisitViewSet, basename="branch-visit")
urlpatterns = router.urls
