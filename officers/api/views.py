from rest_framework import mixins

from officers.filters import AssignmentFilterSet, OfficerFilterSet
from officers.models import Assignment, Officer
from officers.selectors import my_assignments
from officers.services import assignment_create
from regions.api.base import ScopedReadOnlyViewSet, service_errors_as_api_errors

from .serializers import AssignmentSerializer, OfficerSerializer


class OfficerViewSet(ScopedReadOnlyViewSet):
    """Officers in the user's scope (dual management: managing and commanding offices both see them)."""

    queryset = Officer.objects.all()  # for the schema; rows come from the selector
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilterSet


class AssignmentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Assignments in the user's scope; an office stations officers in enterprises within its reach."""

    queryset = Assignment.objects.all()  # for the schema; rows come from the selector
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet

    def perform_create(self, serializer):
        with service_errors_as_api_errors():
            serializer.instance = assignment_create(actor=self.request.user, **serializer.validated_data)


class MyAssignmentViewSet(ScopedReadOnlyViewSet):
    """The signed-in officer's assignments active today."""

    queryset = Assignment.objects.all()  # for the schema; rows come from the selector
    serializer_class = AssignmentSerializer

    def get_queryset(self):
        return my_assignments(user=self.request.user)
