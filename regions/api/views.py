from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from regions.api.base import ScopedReadOnlyViewSet
from regions.models import Department, Post, Region

from .serializers import DepartmentSerializer, MeSerializer, RegionSerializer


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions in the user's subtree."""

    queryset = Region.objects.order_by("path")
    serializer_class = RegionSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        level = self.request.query_params.get("level")
        return queryset.filter(level=level) if level else queryset


class DepartmentViewSet(ScopedReadOnlyViewSet):
    """Functional departments of the regions in the user's subtree."""

    queryset = Department.objects.select_related("region").order_by("region__path", "name")
    serializer_class = DepartmentSerializer


class MeView(APIView):
    """The signed-in user and the posts that decide what they see."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        posts = Post.objects.filter(user=request.user, is_active=True).select_related("region", "department")
        data = {"id": request.user.pk, "username": request.user.username,
                "full_name": request.user.get_full_name(), "posts": posts}
        return Response(MeSerializer(data).data)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the API token a phone or mini-program client sends afterwards.

    Failed attempts count towards the same lock-out (per username and address) as the log-in page.
    """

    permission_classes = []

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                return Response({"detail": _("Too many wrong passwords for this account from this address; try "
                                             "again in %(minutes)d minutes.") % {"minutes": minutes}}, status=429)
            return Response(serializer.errors, status=400)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
