from rest_framework.routers import SimpleRouter

from .views import MedicCoverageViewSet, MedicViewSet

router = SimpleRouter()
router.register("medics", MedicViewSet, basename="medic")
router.register("medic-coverages", MedicCoverageViewSet, basename="medic-coverage")
urlpatterns = router.urls
