from rest_framework.routers import SimpleRouter

from .views import MyProblemViewSet, ProblemViewSet

router = SimpleRouter()
router.register("problems", ProblemViewSet, basename="problem")
router.register("my/problems", MyProblemViewSet, basename="my-problem")
urlpatterns = router.urls
