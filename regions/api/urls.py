from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DepartmentViewSet, MeView, RegionViewSet, TokenView

router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("departments", DepartmentViewSet, basename="department")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    *router.urls,
]
