from rest_framework import mixins

from enterprises.models import Enterprise
from enterprises.selectors import enterprise_list
from enterprises.services import enterprise_create
from regions.api.base import ScopedReadOnlyViewSet, service_errors_as_api_errors

from .serializers import EnterpriseSerializer


class EnterpriseViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Enterprises and key projects in the user's scope; offices register new ones in regions they manage.

    Query parameters: `search` (name, credit code, contact), `region` (a region id: its subtree).
    """

    queryset = Enterprise.objects.all()  # for the schema; rows come from the selector
    serializer_class = EnterpriseSerializer

    def get_queryset(self):
        return enterprise_list(fetched_by=self.request.user, search=self.request.query_params.get("search", ""))

    def perform_create(self, serializer):
        with service_errors_as_api_errors():
            serializer.instance = enterprise_create(actor=self.request.user, **serializer.validated_data)
