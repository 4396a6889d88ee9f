from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action

from policies.choices import PolicyCategory
from policies.models import PolicyDocument
from policies.selectors import policy_detail, policy_list
from policies.views import policy_file_response
from regions.api.base import ScopedReadOnlyViewSet
from regions.models import Region

from .serializers import PolicyDetailSerializer, PolicySerializer

LIST_PARAMETERS = [
    OpenApiParameter("search", str, description="words that must all appear in the title, summary, keywords, "
                                                "issuing body or text"),
    OpenApiParameter("category", str, enum=PolicyCategory.values),
    OpenApiParameter("region", int, description="a region id: documents published for it or below it"),
]


@extend_schema_view(list=extend_schema(parameters=LIST_PARAMETERS))
class PolicyViewSet(ScopedReadOnlyViewSet):
    """The policy library the user reads (published for their region, a region above it, or below their office),
    newest first; read-only: offices publish on the pages."""

    queryset = PolicyDocument.objects.all()  # for the schema; rows come from the selectors
    serializer_class = PolicySerializer

    def get_queryset(self) -> QuerySet:
        params = self.request.query_params
        region = None
        if params.get("region", "").isdigit():
            region = Region.objects.filter(pk=params["region"]).first()
            if region is None:
                return PolicyDocument.objects.none()
        return policy_list(fetched_by=self.request.user, search=params.get("search", ""),
                           category=params.get("category", ""), region=region)

    def get_object(self) -> PolicyDocument:
        return policy_detail(fetched_by=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return PolicySerializer if self.action == "list" else PolicyDetailSerializer

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
                              404: OpenApiResponse(description="no such document in scope, or it has no file")})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The document's file as an attachment, typed by the format its content was checked to be."""
        document = self.get_object()
        if not document.file:
            raise Http404
        return policy_file_response(document)
