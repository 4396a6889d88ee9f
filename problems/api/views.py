from django.db.models import QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from problems import services
from problems.choices import ProblemStatus
from problems.filters import ProblemLedgerFilterSet
from problems.models import Problem
from problems.selectors import department_queue, my_problems, problem_after_action, problem_detail, problem_ledger
from regions.api.base import ScopedReadOnlyViewSet, service_errors_as_api_errors

from .serializers import (
    AssignManyResultSerializer,
    AssignManySerializer,
    AssignSerializer,
    DeadlineSerializer,
    EmptySerializer,
    ProblemDetailSerializer,
    ProblemSerializer,
    ReasonSerializer,
    ResolveSerializer,
)


def _changed(changed: services.ProblemChanged) -> Response:
    event = changed.event
    return Response({
        "detail": changed.message,
        "version": changed.problem.version,
        "status": changed.problem.status,
        "changed_by": (event.actor.get_full_name() or event.actor.get_username()) if event and event.actor else None,
        "changed_at": event.at if event else None,
        "action": event.action if event else None,
    }, status=status.HTTP_409_CONFLICT)


class ProblemViewSet(ScopedReadOnlyViewSet):
    """The problem ledger in the user's scope by urgency (waiting for dispatch, then by deadline, the closed ones
    last and only with `state`), and the actions on one problem or, to dispatch, on several.

    Each action is a POST that calls one service; a refusal answers 400 with field-level messages in the
    request's language, and the problem is unchanged. An action may carry the `version` of the problem the client
    read: if the problem changed since, it answers 409 with who changed it and when, and writes nothing.
    """

    queryset = Problem.objects.all()  # for the schema; rows come from the selectors
    serializer_class = ProblemSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProblemLedgerFilterSet

    def get_queryset(self) -> QuerySet:
        return ProblemLedgerFilterSet.scoped_rows(self.request.user)

    def get_object(self) -> Problem:
        return problem_detail(fetched_by=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "assign_many":
            return AssignManySerializer
        return ProblemSerializer if self.action in ("list", "queue") else ProblemDetailSerializer

    def _act(self, request, serializer_class, service):
        problem = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        try:
            with service_errors_as_api_errors():
                problem = service(actor=request.user, problem=problem, expected_version=expected_version, **data)
        except services.ProblemChanged as changed:
            return _changed(changed)
        problem = problem_after_action(pk=problem.pk)
        return Response(ProblemDetailSerializer(problem, context=self.get_serializer_context()).data)

    @extend_schema(request=AssignSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Dispatch to a department of the handling office's region with a deadline (default by category)."""
        return self._act(request, AssignSerializer, services.problem_assign)

    @extend_schema(request=AssignManySerializer, responses=AssignManyResultSerializer)
    @action(detail=False, methods=["post"], filter_backends=[])
    def assign_many(self, request):
        """Dispatch several problems to one department with one deadline, each checked as one dispatch is: those
        refused (not yours, not open to dispatch, changed since their `version`, the department outside their
        handling office) stay as they were and are listed with why; the others are dispatched together."""
        serializer = AssignManySerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        items = list({item["id"].pk: item for item in data["problems"]}.values())
        with service_errors_as_api_errors():
            result = services.problems_assign_many(
                actor=request.user, problems=[item["id"] for item in items], department=data["department"],
                deadline=data.get("deadline"),
                expected_versions={item["id"].pk: item["version"] for item in items if "version" in item})
        assigned = {p.pk: p for p in problem_ledger(fetched_by=request.user)
                    .filter(pk__in=[p.pk for p in result.assigned])}
        versions = dict(Problem.objects.filter(pk__in=[p.pk for p, _ in result.refused]).values_list("pk", "version"))
        return Response(AssignManyResultSerializer({
            "assigned": [assigned[p.pk] for p in result.assigned if p.pk in assigned],
            "refused": [{"id": p.pk, "version": versions.get(p.pk, p.version), "errors": errors}
                        for p, errors in result.refused],
        }, context=self.get_serializer_context()).data)

    @extend_schema(request=ReasonSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Hand the problem one tier up (county or park to city, city to province), with a reason."""
        return self._act(request, ReasonSerializer, services.problem_escalate)

    @extend_schema(request=ResolveSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Mark resolved, saying what was done (the assigned department or the handling office)."""
        return self._act(request, ResolveSerializer, services.problem_resolve)

    @extend_schema(request=ReasonSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The assigned department hands the problem back to the office, with a reason."""
        return self._act(request, ReasonSerializer, services.problem_decline)

    @extend_schema(request=EmptySerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """The assigned department starts work."""
        return self._act(request, EmptySerializer, services.problem_start)

    @extend_schema(request=EmptySerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The officer who raised the problem confirms it is solved."""
        return self._act(request, EmptySerializer, services.problem_confirm)

    @extend_schema(request=ReasonSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The officer who raised the problem says it is not solved, with a reason."""
        return self._act(request, ReasonSerializer, services.problem_reopen)

    @extend_schema(request=DeadlineSerializer, responses=ProblemDetailSerializer)
    @action(detail=True, methods=["post"])
    def set_deadline(self, request, pk=None):
        """The handling office moves the deadline (not into the past)."""
        return self._act(request, DeadlineSerializer, services.problem_set_deadline)

    @extend_schema(parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=ProblemStatus.values,
                                                description="default: the open ones")],
                   responses=ProblemSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[])  # its own `status`, not the ledger's filters
    def queue(self, request):
        """The work queue of the user's departments: assigned or co-handled problems by deadline."""
        queryset = department_queue(fetched_by=request.user, status=request.query_params.get("status", ""))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ProblemSerializer(page, many=True).data)


class MyProblemViewSet(ScopedReadOnlyViewSet):
    """The problems the signed-in officer raised, those waiting for their confirmation first."""

    queryset = Problem.objects.all()  # for the schema; rows come from the selector
    serializer_class = ProblemSerializer

    def get_queryset(self) -> QuerySet:
        return my_problems(user=self.request.user, status=self.request.query_params.get("status", ""))

    def get_object(self) -> Problem:
        problem = problem_detail(fetched_by=self.request.user, pk=self.kwargs["pk"])
        if problem.raised_by.user_id != self.request.user.pk:
            raise Http404  # an office sees the problem in the ledger, not among its own
        return problem

    def get_serializer_class(self):
        return ProblemDetailSerializer if self.action == "retrieve" else ProblemSerializer
