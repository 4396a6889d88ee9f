"""Reads of the notifications app: a person's own notices (nobody reads another's inbox)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from regions.choices import PostKind
from regions.models import Post

from .models import Notice


def inbox(*, user) -> QuerySet:
    """The user's notices, newest first."""
    return Notice.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_notices(*, user) -> QuerySet:
    return inbox(user=user).filter(read_at__isnull=True)


def unread_notice_count(*, user) -> int:
    """One COUNT over the partial index of unread notices."""
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def office_staff_ids(*, region_ids: Iterable[int]) -> list[int]:
    """The active users with an active liaison-office post in any of these regions (recipients of office events)."""
    return sorted(set(Post.objects.filter(kind=PostKind.LIAISON_OFFICE, is_active=True, region_id__in=list(region_ids),
                                          user__is_active=True).values_list("user_id", flat=True)))


def department_staff_ids(*, department_ids: Iterable[int]) -> list[int]:
    """The active users with an active post in any of these departments (recipients of a dispatched problem)."""
    return sorted(set(Post.objects.filter(kind=PostKind.DEPARTMENT, is_active=True,
                                          department_id__in=list(department_ids), user__is_active=True)
                      .values_list("user_id", flat=True)))
