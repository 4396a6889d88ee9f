"""Reads on officers and assignments; pages, the API and exports share them."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from regions.models import Region

from .models import Assignment, Officer


def _active_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def officer_list(
    *, fetched_by, search: str = "", region: Region | None = None, filters: dict | None = None
) -> QuerySet:
    """Officers the user may see, with backing unit and the number of enterprises they serve today."""
    today = timezone.localdate()
    queryset = Officer.objects.visible_to(fetched_by).select_related("backing_unit__region")
    if region is not None:
        queryset = queryset.filter(
            Q(backing_unit__region__path__startswith=region.path)
            | Q(assignments__commanding_region__path__startswith=region.path)
        ).distinct()
    for field, value in (filters or {}).items():
        if value not in (None, ""):
            queryset = queryset.filter(**{field: value})
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(phone__icontains=search)
                                   | Q(backing_unit__name__icontains=search))
    return queryset.annotate(
        active_assignment_count=Count("assignments", filter=_active_on(today, "assignments__"), distinct=True)
    ).order_by("name", "id")


def officer_assignments(*, officer: Officer, fetched_by) -> QuerySet:
    """An officer's assignments the user may see, current and past, newest first."""
    return (
        Assignment.objects.visible_to(fetched_by)
        .filter(officer=officer)
        .select_related("enterprise__region", "managing_region", "commanding_region", "task_force", "replaces__officer")
        .order_by("-start_date", "-id")
    )


def my_assignments(*, user, day: date | None = None) -> QuerySet:
    """The signed-in officer's assignments active on a day (today by default)."""
    day = day or timezone.localdate()
    return (
        Assignment.objects.visible_to(user)
        .filter(officer__user=user)
        .filter(_active_on(day))
        .select_related("enterprise__region__parent", "task_force", "managing_region", "commanding_region")
        .order_by("enterprise__name")
    )


def enterprise_assignments(*, enterprise, fetched_by) -> QuerySet:
    return (
        Assignment.objects.visible_to(fetched_by)
        .filter(enterprise=enterprise)
        .select_related("officer__backing_unit", "managing_region", "commanding_region", "task_force")
        .order_by("-start_date", "-id")
    )


def enterprise_with_officers(queryset: QuerySet, day: date | None = None) -> QuerySet:
    """Prefetch each enterprise's officers active on a day, for lists that show who is stationed where."""
    day = day or timezone.localdate()
    return queryset.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(_active_on(day)).select_related("officer"),
            to_attr="active_assignments",
        )
    )


active_on = _active_on
