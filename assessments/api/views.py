from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from assessments.models import AssessmentRound, OfficerAssessment
from regions.api.base import ScopedReadOnlyViewSet

from .serializers import AssessmentRoundSerializer, OfficerAssessmentSerializer


class AssessmentRoundViewSet(ScopedReadOnlyViewSet):
    """Assessment rounds the user sees: their region's, or those holding officers their office manages."""

    queryset = AssessmentRound.objects.select_related("region").order_by("-period_end", "-id")
    serializer_class = AssessmentRoundSerializer


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("round", int, description="only the officers of this assessment round")]))
class OfficerAssessmentViewSet(ScopedReadOnlyViewSet):
    """Officers' assessments the user sees; `?round=<id>` narrows to one round."""

    queryset = OfficerAssessment.objects.select_related("officer__backing_unit").order_by("round_id", "officer__name",
                                                                                          "id")
    serializer_class = OfficerAssessmentSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        round_id = self.request.query_params.get("round", "")
        return queryset.filter(round_id=int(round_id)) if round_id.isdigit() else queryset
