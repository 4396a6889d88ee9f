from datetime import date

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from idempotency.services import idempotent
from meetings import services
from meetings.filters import RectificationItemFilterSet
from meetings.models import Meeting, RectificationItem
from meetings.selectors import meeting_detail, meeting_list, rectification_item_detail
from regions.api.base import ScopedViewSetMixin, service_errors_as_api_errors

from .serializers import (
    ItemUpdateSerializer,
    MeetingListSerializer,
    MeetingSerializer,
    RectificationItemSerializer,
)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("week", date, description="any day of the ISO week (Monday to Sunday) to list"),
]))
class MeetingViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    """Consultation meetings in the user's scope, newest first; one with its attendees and rectification list.

    Creating records the meeting, its attendees and its items in one request (all or nothing); a refusal answers
    400 with field-level messages. Honours an `Idempotency-Key` header.
    """

    queryset = Meeting.objects.all()  # for the schema; rows come from the selectors
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return meeting_list(fetched_by=self.request.user, week=_day(self.request.query_params.get("week")))

    def get_object(self) -> Meeting:
        return meeting_detail(fetched_by=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return MeetingListSerializer if self.action == "list" else MeetingSerializer

    @extend_schema(request=MeetingSerializer, responses={201: MeetingSerializer})
    @idempotent
    def create(self, request):
        incoming = MeetingSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        attendees = [
            services.AttendeeInput(kind=row["kind"], name=(row.get("name") or "").strip() or (
                row["officer"].name if row.get("officer") else ""),
                user=row["officer"].user if row.get("officer") else None)
            for row in data["attendees"]
        ]
        items = [
            services.ItemInput(description=row["description"], due_on=row["due_on"],
                               owner_name=(row.get("owner_name") or "").strip() or (
                                   row["officer"].name if row.get("officer") else ""),
                               owner=row["officer"].user if row.get("officer") else None)
            for row in data.get("items", [])
        ]
        with service_errors_as_api_errors():
            meeting = services.meeting_record(
                actor=request.user, held_on=data["held_on"], branch=data.get("branch"),
                enterprise=data.get("enterprise"), risk_points=data["risk_points"],
                weak_links=data.get("weak_links", ""), attendees=attendees, items=items)
        meeting = meeting_detail(fetched_by=request.user, pk=meeting.pk)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class RectificationItemViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """Rectification items in the user's scope, soonest due first, filtered as the office's rectification items page
    is. PATCH moves one: `done` needs `evidence`.

    The office of the meeting, the item's owner or whoever recorded the meeting may update it; a refusal answers 400
    and nothing is saved.
    """

    queryset = RectificationItem.objects.all()  # for the schema; rows come from the selectors
    serializer_class = RectificationItemSerializer
    http_method_names = ["get", "patch", "head", "options"]
    filterset_class = RectificationItemFilterSet

    def get_queryset(self) -> QuerySet:
        return RectificationItemFilterSet.scoped_rows(self.request.user).prefetch_related("events__actor")

    def get_object(self) -> RectificationItem:
        return rectification_item_detail(fetched_by=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ItemUpdateSerializer, responses={200: RectificationItemSerializer})
    @idempotent
    def partial_update(self, request, pk=None):
        item = self.get_object()
        incoming = ItemUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        with service_errors_as_api_errors():
            services.rectification_item_update(actor=request.user, item=item, **incoming.validated_data)
        item = rectification_item_detail(fetched_by=request.user, pk=item.pk)
        return Response(RectificationItemSerializer(item).data)
