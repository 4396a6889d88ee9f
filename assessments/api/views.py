
from assessments.filters import OfficerAssessmentFilterSet
from assessments.models import AssessmentRound, OfficerAssessment
from regions.api.base import ScopedReadOnlyViewSet

from .serializers import AssessmentRoundSerializer, OfficerAssessmentSerializer


class AssessmentRoundViewSet(ScopedReadOnlyViewSet):
    """Assessment rounds the user sees: their region's, or those holding officers their office manages."""

    queryset = AssessmentRound.objects.select_related("region").order_by("-period_end", "-id")
    serializer_class = AssessmentRoundSerializer


class OfficerAssessmentViewSet(ScopedReadOnlyViewSet):
    """Officers' assessments the user sees, filtered as the round page filters its officers; `?round=<id>` is the
    page's round (a round the user does not see is a 400)."""

    queryset = OfficerAssessment.objects.all()  # for the schema; rows come from the FilterSet's scoped rows
    serializer_class = OfficerAssessmentSerializer
    filterset_class = OfficerAssessmentFilterSet
