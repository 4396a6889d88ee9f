from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from notifications.selectors import inbox, unread_notices
from notifications.services import notices_mark_all_read, notices_mark_read

from .serializers import MarkedReadSerializer, NoticeSerializer


class MyNoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's unread notices, newest first; mark one or all of them read."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return unread_notices(user=self.request.user)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        """Mark this notice read (another user's notice is a 404)."""
        notice = get_object_or_404(inbox(user=request.user), pk=pk)
        notices_mark_read(user=request.user, notice_ids=[notice.pk])
        notice.refresh_from_db()
        return Response(NoticeSerializer(notice).data)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every notice of the user read."""
        return Response({"marked_read": notices_mark_all_read(user=request.user)})
