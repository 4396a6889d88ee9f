import hashlib
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from idempotency.services import idempotency_key, idempotent
from officers.models import Assignment
from regions.api.base import ScopedViewSetMixin, service_errors_as_api_errors
from regions.scoping import scope_for
from reports.filters import MissingReporterFilterSet, ReportFilterSet
from reports.models import DailyReport, ReportExemption
from reports.selectors import officer_day
from reports.services import (
    ReportConflict,
    exemption_create,
    report_file_unchanged,
    report_submit,
    report_update,
    report_values,
)

from .serializers import (
    ExemptionSerializer,
    MissingReportSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ReportUpdateSerializer,
    TodayAssignmentSerializer,
    UnchangedReportSerializer,
)


def _conflict(conflict: ReportConflict) -> Response:
    """409 with the report as the server has it (`current`): a phone whose queued change met a newer version shows
    both and lets the officer choose, then sends again with `current.version`."""
    body = {"detail": conflict.message}
    if conflict.report is not None:
        body["report"] = conflict.report.pk
        body["version"] = conflict.report.version
        body["current"] = ReportSerializer(conflict.report).data
    return Response(body, status=status.HTTP_409_CONFLICT)


def _my_assignment_on(user, enterprise_id: int, day: date) -> Assignment:
    """The officer's assignment to the enterprise on that day; not their enterprise at all is a 404."""
    mine = list(Assignment.objects.visible_to(user).filter(officer__user=user, enterprise_id=enterprise_id)
                .select_related("officer", "enterprise__region"))
    if not mine:
        raise NotFound
    on_day = next((assignment for assignment in mine if assignment.is_active_on(day)), None)
    if on_day is None:
        raise ApiValidationError({"day": [_not_stationed_message(day)]})
    return on_day


def _not_stationed_message(day: date) -> str:
    return _("You were not stationed in this enterprise on %(day)s.") % {"day": day.isoformat()}


def _token(request, prefix: str) -> str | None:
    """The report's replay token for the request's Idempotency-Key: a digest, so any valid key (up to 64 characters)
    fits the 64-wide token column with room for the problems' ":<n>" suffix."""
    key = idempotency_key(request)
    if not key:
        return None
    return "api:" + hashlib.sha256(f"{request.user.pk}\n{prefix}\n{key}".encode()).hexdigest()[:56]


class ReportViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Daily reports in the user's scope. Officers file and change their own; offices read and chase the missing.

    Writes honour an `Idempotency-Key` header (1 to 64 printable ASCII characters, e.g. a UUID; anything else
    answers 400): the same key and body replays the first answer, the same key with another body answers 422, and a
    retry while the first request still runs waits for its answer. Changing a report needs the `version` you loaded;
    a newer version answers 409. While the database is unreachable every request answers 503 with an
    application/problem+json body; retry with the same key.
    """

    queryset = DailyReport.objects.all()  # for the schema; rows come from the FilterSet's scoped rows
    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilterSet

    def get_queryset(self):
        return ReportFilterSet.scoped_rows(self.request.user).prefetch_related("problems")

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    @idempotent
    def create(self, request):
        incoming = ReportCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        day = incoming.validated_data["day"]
        assignment = _my_assignment_on(request.user, incoming.validated_data["enterprise"], day)
        try:
            with service_errors_as_api_errors():
                report = report_submit(actor=request.user, assignment=assignment, day=day, values=incoming.values(),
                                       difficulties=incoming.difficulty_list(), token=_token(request, "create"),
                                       filed_at=incoming.validated_data.get("filed_at"))
        except ReportConflict as conflict:
            return _conflict(conflict)
        except PermissionDenied as denied:
            raise NotFound from denied
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportUpdateSerializer, responses={200: ReportSerializer})
    @idempotent
    def update(self, request, pk=None):
        report = self.get_object()
        incoming = ReportUpdateSerializer(data=request.data, partial=self.request.method == "PATCH")
        incoming.is_valid(raise_exception=True)
        values = {**report_values(report), **incoming.values()}
        try:
            with service_errors_as_api_errors():
                report = report_update(actor=request.user, report=report, values=values,
                                       expected_version=incoming.validated_data["version"],
                                       difficulties=incoming.difficulty_list(), token=_token(request, f"update-{pk}"),
                                       filed_at=incoming.validated_data.get("filed_at"))
        except ReportConflict as conflict:
            return _conflict(conflict)
        except PermissionDenied as denied:
            raise NotFound from denied
        return Response(ReportSerializer(report).data)

    @extend_schema(request=ReportUpdateSerializer, responses={200: ReportSerializer})
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk)

    @extend_schema(request=UnchangedReportSerializer, responses={201: ReportSerializer})
    @action(detail=False, methods=["post"])
    @idempotent
    def unchanged(self, request):
        """File the day's report with the same figures as the officer's previous one (one tap)."""
        incoming = UnchangedReportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        day = incoming.validated_data["day"]
        assignment = _my_assignment_on(request.user, incoming.validated_data["enterprise"], day)
        try:
            with service_errors_as_api_errors():
                report = report_file_unchanged(actor=request.user, assignment=assignment, day=day,
                                               token=_token(request, "unchanged"))
        except ReportConflict as conflict:
            return _conflict(conflict)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=MissingReportSerializer(many=True))
    @action(detail=False, methods=["get"], queryset=Assignment.objects.all(), filterset_class=MissingReporterFilterSet,
            serializer_class=MissingReportSerializer)
    def missing(self, request):
        """The expected reports not filed on a day (default: the latest day whose reports are due, yesterday until
        the due time), for offices: the /reports/missing/ page's rows and filters."""
        if not scope_for(request.user).is_office:
            raise NotFound
        rows = self.filter_queryset(MissingReporterFilterSet.scoped_rows(request.user))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MissingReportSerializer(page, many=True).data)


class MyTodayViewSet(viewsets.ViewSet):
    """The signed-in officer's enterprises today and what is still to file."""

    @extend_schema(responses=TodayAssignmentSerializer(many=True))
    def list(self, request):
        return Response(TodayAssignmentSerializer(officer_day(user=request.user, day=timezone.localdate()),
                                                  many=True).data)


class ExemptionViewSet(mixins.CreateModelMixin, ScopedViewSetMixin, mixins.ListModelMixin,
                       mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Report exemptions in the user's scope; an office records days on which an enterprise or officer owes no
    report. A kind with the wrong target (an officer for a shut enterprise...) answers 400 and saves nothing."""

    queryset = ReportExemption.objects.select_related("enterprise", "officer").order_by("-start_date", "-id")
    serializer_class = ExemptionSerializer

    def perform_create(self, serializer):
        with service_errors_as_api_errors():
            serializer.instance = exemption_create(actor=self.request.user, **serializer.validated_data)
