from rest_framework import mixins

from enterprises.filters import EnterpriseFilterSet
from enterprises.models import Enterprise
from enterprises.services import enterprise_create
from regions.api.base import ScopedReadOnlyViewSet, service_errors_as_api_errors

from .serializers import EnterpriseSerializer


class EnterpriseViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Enterprises and key projects in the user's scope; offices register new ones in regions they manage.
    """

    queryset = Enterprise.objects.all()  # for the schema; rows come from the selector
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet

    def perform_create(self, serializer):
        with service_errors_as_api_errors():
            serializer.instance = enterprise_create(actor=self.request.user, **serializer.validated_data)
