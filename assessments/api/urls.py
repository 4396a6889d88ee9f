from rest_framework.routers import SimpleRouter

from .views import AssessmentRoundViewSet, OfficerAssessmentViewSet

router = SimpleRouter()
router.register("assessment-rounds", AssessmentRoundViewSet, basename="assessment-round")
router.register("officer-assessments", OfficerAssessmentViewSet, basename="officer-assessment")
urlpatterns = router.urls
