from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from branches.filters import VisitFilterSet
from branches.models import Branch, BranchMember, BranchVisit
from branches.services import visit_log
from idempotency.services import idempotent
from regions.api.base import ScopedReadOnlyViewSet, ScopedViewSetMixin, service_errors_as_api_errors
from regions.scoping import can_manage

from .serializers import BranchSerializer, VisitCreateSerializer, VisitSerializer


class BranchViewSet(ScopedReadOnlyViewSet):
    """Joint Party branches in the user's scope (members see their own), with members and enterprise ids."""

    queryset = Branch.objects.select_related("region", "department").prefetch_related("enterprises", "members") \
        .order_by("name", "id")
    serializer_class = BranchSerializer


class VisitViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """Branch members' visits in the user's scope, newest first, filtered as the office's visits page is; a member
    logs their own.

    Creating honours an `Idempotency-Key` header: the same key and body replays the first answer.
    """

    queryset = BranchVisit.objects.all()  # for the schema; rows come from the selector
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet

    @extend_schema(request=VisitCreateSerializer, responses={201: VisitSerializer})
    @idempotent
    def create(self, request):
        incoming = VisitCreateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        member: BranchMember = incoming.validated_data["member"]
        if member.user_id != request.user.pk and not can_manage(request.user, member.branch):
            raise NotFound
        enterprise = member.branch.enterprises.filter(pk=incoming.validated_data["enterprise"]).first()
        if enterprise is None:
            raise ApiValidationError({"enterprise": [_("Choose one of this branch's enterprises.")]})
        with service_errors_as_api_errors():
            visit = visit_log(actor=request.user, member=member, enterprise=enterprise,
                              visited_on=incoming.validated_data["visited_on"],
                              checked=incoming.validated_data["checked"],
                              issues_found=incoming.validated_data["issues_found"])
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)
