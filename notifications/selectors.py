"""Reads of the notifications app: a person's own notices (nobody reads another's inbox)."""

from django.db.models import QuerySet

from .models import Notice


def inbox(*, user) -> QuerySet:
    """The user's notices, newest first."""
    return Notice.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_notices(*, user) -> QuerySet:
    return inbox(user=user).filter(read_at__isnull=True)


def unread_notice_count(*, user) -> int:
    """One COUNT over the partial index of unread notices."""
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
