"""Reads on meetings and rectification lists; pages and the API share them, each with a fixed number of queries."""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from branches.models import Branch
from enterprises.models import Enterprise
from regions.scoping import get_visible_or_404

from .choices import OPEN_STATUSES, ItemStatus
from .models import Meeting, MeetingAttendee, RectificationEvent, RectificationItem


def iso_week(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def parse_iso_week(value: str | None) -> date | None:
    """The Monday of an ISO week written as the HTML week input sends it ("2026-W07"); None when it is not one."""
    try:
        year, week = (value or "").upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None


def _with_overdue(queryset: QuerySet, today: date) -> QuerySet:
    return queryset.annotate(
        is_overdue=Case(When(status__in=OPEN_STATUSES, due_on__lt=today, then=Value(True)),
                        default=Value(False), output_field=BooleanField())
    )


def meeting_list(
    *,
    fetched_by,
    week: date | None = None,
    branch: Branch | None = None,
    enterprise: Enterprise | None = None,
    today: date | None = None,
) -> QuerySet:
    """The meetings the user may see, newest first, with attendee and item counts; `week` is any day of an ISO week."""
    today = today or timezone.localdate()
    queryset = Meeting.objects.visible_to(fetched_by).select_related("branch", "enterprise", "region")
    if week is not None:
        monday, sunday = iso_week(week)
        queryset = queryset.filter(held_on__range=(monday, sunday))
    if branch is not None:
        queryset = queryset.filter(branch=branch)
    if enterprise is not None:
        queryset = queryset.filter(enterprise=enterprise)
    # Counts as subqueries: two to-many joins in one GROUP BY would multiply each other.
    attendees = (MeetingAttendee.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
                 .annotate(n=Count("pk")).values("n"))
    items = RectificationItem.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    return queryset.annotate(
        attendee_count=_count(attendees),
        item_count=_count(items.annotate(n=Count("pk")).values("n")),
        open_item_count=_count(items.filter(status__in=OPEN_STATUSES).annotate(n=Count("pk")).values("n")),
        overdue_item_count=_count(items.filter(status__in=OPEN_STATUSES, due_on__lt=today)
                                  .annotate(n=Count("pk")).values("n")),
    ).order_by("-held_on", "-id")


def _count(subquery) -> Coalesce:
    return Coalesce(Subquery(subquery, output_field=IntegerField()), Value(0))


def meeting_detail(*, fetched_by, pk: int, today: date | None = None) -> Meeting:
    """One meeting the user may see, with its attendees and its rectification list (and each item's history)."""
    today = today or timezone.localdate()
    items = _with_overdue(RectificationItem.objects.select_related("owner", "closed_by"), today).prefetch_related(
        Prefetch("events", queryset=RectificationEvent.objects.select_related("actor").order_by("at", "id"))
    ).order_by("due_on", "id")
    queryset = Meeting.objects.select_related("branch", "enterprise__region", "region", "created_by").prefetch_related(
        Prefetch("attendees", queryset=MeetingAttendee.objects.order_by("id")),
        Prefetch("items", queryset=items),
    )
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def rectification_items(
    *, fetched_by, status: str = "", overdue: bool | None = None, today: date | None = None
) -> QuerySet:
    """The rectification items the user may see, soonest due first, each with its meeting."""
    today = today or timezone.localdate()
    queryset = RectificationItem.objects.visible_to(fetched_by).select_related(
        "meeting__branch", "meeting__enterprise", "meeting__region", "closed_by")
    if status:
        queryset = queryset.filter(status=status)
    if overdue is True:
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif overdue is False:
        queryset = queryset.exclude(status__in=OPEN_STATUSES, due_on__lt=today)
    return _with_overdue(queryset, today).order_by("due_on", "id")


def overdue_items(*, fetched_by, today: date | None = None) -> QuerySet:
    """Items past their due date and not done, for the office: the longest overdue first."""
    return rectification_items(fetched_by=fetched_by, overdue=True, today=today)


def rectification_item_detail(*, fetched_by, pk: int, today: date | None = None) -> RectificationItem:
    today = today or timezone.localdate()
    queryset = _with_overdue(RectificationItem.objects.select_related(
        "meeting__branch", "meeting__enterprise__region", "meeting__region", "owner", "closed_by",
    ).prefetch_related(
        Prefetch("events", queryset=RectificationEvent.objects.select_related("actor").order_by("at", "id"))
    ), today)
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def branches_without_meeting(*, fetched_by, week: date | None = None) -> QuerySet:
    """The branches the user sees that held no consultation meeting in the ISO week of `week` (default: this week).

    A meeting counts for a branch when it names the branch or an enterprise the branch covers. One query decides
    it for every branch (a NOT EXISTS subquery); the covered enterprises come in one more, prefetched.
    """
    monday, sunday = iso_week(week or timezone.localdate())
    held = Meeting.objects.filter(held_on__range=(monday, sunday)).filter(
        Q(branch=OuterRef("pk")) | Q(enterprise__branch_coverage__branch=OuterRef("pk"))
    )
    return (
        Branch.objects.visible_to(fetched_by)
        .filter(~Exists(held))
        .select_related("region", "department")
        .prefetch_related(Prefetch("enterprises", queryset=Enterprise.objects.order_by("name")))
        .order_by("region__path", "name", "id")
    )


def officer_rectification_counts(*, officer_ids, start: date, end: date) -> dict[int, tuple[int, int]]:
    """For assessments: officer id -> (items owned by the officer's login, due in [start, end], closed on or before
    their due date; items owned and due in [start, end]). Officers with none are absent. One query."""
    rows = (
        RectificationItem.objects.filter(owner__officer__id__in=list(officer_ids), due_on__range=(start, end))
        .annotate(closed_day=TruncDate("closed_at"))
        .values("owner__officer__id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(status=ItemStatus.DONE, closed_day__lte=F("due_on"))),
        )
        .order_by()
    )
    return {row["owner__officer__id"]: (row["on_time"], row["total"]) for row in rows}
