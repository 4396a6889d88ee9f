from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import BulletinViewSet, DashboardView, ShuttleTripViewSet

router = SimpleRouter()
router.register("shuttle-trips", ShuttleTripViewSet, basename="shuttle-trip")
router.register("bulletins", BulletinViewSet, basename="bulletin")
urlpatterns = [
    path("dashboard/<int:region_id>/", DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
