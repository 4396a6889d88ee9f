from rest_framework import mixins

from medics.models import Medic, MedicCoverage
from medics.selectors import coverage_list, medic_list
from medics.services import medic_coverage_create
from regions.api.base import ScopedReadOnlyViewSet, service_errors_as_api_errors

from .serializers import MedicCoverageSerializer, MedicSerializer


class MedicViewSet(ScopedReadOnlyViewSet):
    """Medics in the user's scope, with how many small and above-size enterprises each covers today."""

    queryset = Medic.objects.all()  # for the schema; rows come from the selector
    serializer_class = MedicSerializer

    def get_queryset(self):
        return medic_list(fetched_by=self.request.user, search=self.request.query_params.get("search", ""))


class MedicCoverageViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Coverages in the user's scope; an office stations a medic in an enterprise it manages (limits checked)."""

    queryset = MedicCoverage.objects.all()  # for the schema; rows come from the selector
    serializer_class = MedicCoverageSerializer

    def get_queryset(self):
        return coverage_list(fetched_by=self.request.user)

    def perform_create(self, serializer):
        with service_errors_as_api_errors():
            serializer.instance = medic_coverage_create(actor=self.request.user, **serializer.validated_data)
