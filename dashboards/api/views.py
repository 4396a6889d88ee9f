from datetime import date, timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards import selectors
from dashboards.figures import FIGURES
from dashboards.models import Bulletin, ShuttleTrip
from dashboards.services import shuttle_trip_log
from regions.api.base import ScopedReadOnlyViewSet, service_errors_as_api_errors
from regions.models import Region
from regions.scoping import get_visible_or_404

from .serializers import BulletinSerializer, DashboardSerializer, ShuttleTripSerializer

REGION_PARAMETER = OpenApiParameter("region", int, description="a region id: that region's subtree")


def _region(request) -> Region | None:
    value = request.query_params.get("region", "")
    return get_visible_or_404(Region, request.user, pk=int(value)) if value.isdigit() else None


def _day(request) -> date:
    today = timezone.localdate()
    try:
        return min(date.fromisoformat(request.query_params.get("day", "")), today)
    except ValueError:
        return today


@extend_schema(parameters=[REGION_PARAMETER])
class ShuttleTripViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Worker shuttle trips (就业直通车) in the user's scope, newest first; offices log the trips they ran."""

    queryset = ShuttleTrip.objects.all()  # for the schema; rows come from the selector
    serializer_class = ShuttleTripSerializer

    def get_queryset(self):
        return selectors.shuttle_trip_rows(fetched_by=self.request.user, region=_region(self.request))

    def perform_create(self, serializer):
        with service_errors_as_api_errors():
            serializer.instance = shuttle_trip_log(actor=self.request.user, **serializer.validated_data)


@extend_schema(parameters=[REGION_PARAMETER])
class BulletinViewSet(ScopedReadOnlyViewSet):
    """Daily bulletins (日总结) the user may see: the office's own and those of the regions below it."""

    queryset = Bulletin.objects.all()
    serializer_class = BulletinSerializer

    def get_queryset(self):
        return Bulletin.objects.visible_to(self.request.user).select_related("region").filter(
            **({"region__path__startswith": region.path} if (region := _region(self.request)) else {})
        ).order_by("-day", "region__depth", "region__code")


def _figures(row) -> dict | None:
    return None if row is None else {spec.key: getattr(row, spec.key) for spec in FIGURES}


class DashboardView(APIView):
    """A region's dashboard figures for a day (today by default), from the summary rows: a fixed few queries."""

    @extend_schema(responses=DashboardSerializer,
                   parameters=[OpenApiParameter("day", date, description="YYYY-MM-DD, any past day")])
    def get(self, request, region_id: int):
        region = selectors.dashboard_region(user=request.user, pk=region_id)
        day = _day(request)
        rows = {row.day: row for row in selectors.region_days(region=region, day=day, days=2, fetched_by=request.user)}
        current = rows.get(day)
        children = selectors.child_rows(region=region, day=day, fetched_by=request.user)
        data = {
            "region": region.pk, "region_name": region.name, "day": day,
            "computed_at": current.computed_at if current else None,
            "figures": _figures(current), "previous": _figures(rows.get(day - timedelta(days=1))),
            "new_problems_by_category": current.problems_new_by_category if current else {},
            "open_positions_by_industry": current.open_positions_by_industry if current else {},
            "children": [{"region": row.region.pk, "region_name": row.region.name, "figures": _figures(row.summary)}
                         for row in children],
        }
        return Response(DashboardSerializer(data).data)
