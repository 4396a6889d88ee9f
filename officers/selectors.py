"""Reads on officers and assignments; pages, the API and exports share them."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from .models import Allowance, Assignment, HealthCheck, InsurancePolicy, Officer, RestPeriod


def _active_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def officer_list(*, fetched_by) -> QuerySet:
    """Officers the user may see, with backing unit and the number of enterprises they serve today; its filters are
    officers.filters."""
    today = timezone.localdate()
    return Officer.objects.visible_to(fetched_by).select_related("backing_unit__region").annotate(
        active_assignment_count=Count("assignments", filter=_active_on(today, "assignments__"), distinct=True)
    ).order_by("name", "id")


def assignment_list(*, fetched_by) -> QuerySet:
    """Assignments the user may see, with officer and enterprise, newest first; its filters are officers.filters."""
    return (Assignment.objects.visible_to(fetched_by)
            .select_related("officer", "enterprise__region", "managing_region", "commanding_region")
            .order_by("-start_date", "-id"))


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


# Officer care -----------------------------------------------------------------------------------------------------


def rest_window(day: date | None = None) -> tuple[date, date]:
    """The first and last day of the rest window ending on `day`: OFFICER_REST_WINDOW_DAYS days, today included."""
    day = day or timezone.localdate()
    return day - timedelta(days=settings.OFFICER_REST_WINDOW_DAYS - 1), day


def rest_days_in(first: date, last: date) -> Subquery:
    """Per officer (OuterRef "pk"): the rest and rotation days inside [first, last], each period clipped to it."""
    one_day = Value(timedelta(days=1), output_field=DurationField())
    days = ExpressionWrapper(
        Least("end_date", Value(last, output_field=DateField()))
        - Greatest("start_date", Value(first, output_field=DateField())) + one_day,
        output_field=DurationField(),
    )
    totals = (
        RestPeriod.objects.filter(officer=OuterRef("pk"), start_date__lte=last, end_date__gte=first)
        .order_by().values("officer").annotate(total=Sum(days)).values("total")
    )
    return Coalesce(Subquery(totals, output_field=DurationField()), Value(timedelta(0), output_field=DurationField()))


def officers_overdue_for_rest(*, fetched_by, day: date | None = None) -> QuerySet:
    """Officers stationed throughout the rest window who took fewer rest days in it than the rule asks (one query).

    Each row carries `rest_time` (a timedelta: the rest and rotation days within the window).
    """
    first, last = rest_window(day)

    def stationed_on(when: date) -> QuerySet:
        return Assignment.objects.filter(_active_on(when), officer=OuterRef("pk"))

    return (
        Officer.objects.visible_to(fetched_by)
        .filter(Exists(stationed_on(last)), Exists(stationed_on(first)))
        .annotate(rest_time=rest_days_in(first, last))
        .filter(rest_time__lt=timedelta(days=settings.OFFICER_REST_DAYS_PER_WINDOW))
        .select_related("backing_unit__region")
        .order_by("rest_time", "name", "id")
    )


def _posting_end_subquery() -> Subquery:
    """Per officer (OuterRef "pk"): the end of their last assignment."""
    return Subquery(
        Assignment.objects.filter(officer=OuterRef("pk")).order_by().values("officer")
        .annotate(last=Max("end_date")).values("last"),
        output_field=DateField(),
    )


def officers_due_health_check(*, fetched_by, day: date | None = None) -> QuerySet:
    """Officers whose posting has ended (no assignment runs past `day`) with no health check recorded since (one query).

    Each row carries `posting_ended_on`, the day the check became due. Computed from the assignments, so a recall or
    an ended assignment flags the officer without any extra write.
    """
    day = day or timezone.localdate()
    still_posted = Assignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=day), officer=OuterRef("pk"))
    checked = HealthCheck.objects.filter(officer=OuterRef("pk"), due_on__gte=OuterRef("posting_ended_on"))
    return (
        Officer.objects.visible_to(fetched_by)
        .filter(~Exists(still_posted))
        .annotate(posting_ended_on=_posting_end_subquery())
        .filter(posting_ended_on__isnull=False)
        .filter(~Exists(checked))
        .select_related("backing_unit__region")
        .order_by("posting_ended_on", "name", "id")
    )


def officers_without_insurance(*, fetched_by, day: date | None = None) -> QuerySet:
    """Officers stationed on `day` whom no insurance policy covers on that day (one query)."""
    day = day or timezone.localdate()
    stationed = Assignment.objects.filter(_active_on(day), officer=OuterRef("pk"))
    insured = InsurancePolicy.objects.filter(officer=OuterRef("pk"), start_date__lte=day, end_date__gte=day)
    return (
        Officer.objects.visible_to(fetched_by)
        .filter(Exists(stationed), ~Exists(insured))
        .select_related("backing_unit__region")
        .order_by("name", "id")
    )


CARE_LISTS = {
    "rest": officers_overdue_for_rest,
    "health": officers_due_health_check,
    "insurance": officers_without_insurance,
}


def care_counts(*, fetched_by, day: date | None = None) -> dict[str, int]:
    """How many officers each care list holds (one count query per list)."""
    return {name: select(fetched_by=fetched_by, day=day).count() for name, select in CARE_LISTS.items()}


@dataclass
class CareRecord:
    """One officer's care: policies, allowances, rest, health checks, and what is outstanding today."""

    policies: list
    allowances: list
    rest_periods: list
    health_checks: list
    insured_today: bool
    rest_days_in_window: int
    rest_window_first: date
    rest_overdue: bool
    stationed: bool
    posting_ended_on: date | None
    health_check_due: bool


def officer_care_record(*, officer: Officer, fetched_by, day: date | None = None) -> CareRecord:
    """Everything about one officer's care the user may see (a fixed number of queries)."""
    day = day or timezone.localdate()
    first, last = rest_window(day)
    policies = list(InsurancePolicy.objects.visible_to(fetched_by).filter(officer=officer)
                    .order_by("-start_date", "-id"))
    allowances = list(Allowance.objects.visible_to(fetched_by).filter(officer=officer)
                      .order_by("-month", "kind", "-id"))
    rests = list(RestPeriod.objects.visible_to(fetched_by).filter(officer=officer).order_by("-start_date", "-id"))
    checks = list(HealthCheck.objects.visible_to(fetched_by).filter(officer=officer).order_by("-done_on", "-id"))
    assignments = list(Assignment.objects.filter(officer=officer).values_list("start_date", "end_date"))
    stationed = any(start <= day and (end is None or end >= day) for start, end in assignments)
    stationed_all_window = stationed and any(start <= first and (end is None or end >= first)
                                             for start, end in assignments)
    rest_days = sum(max(0, (min(r.end_date, last) - max(r.start_date, first)).days + 1) for r in rests)
    posting_ended_on = None
    if assignments and not any(end is None or end > day for _start, end in assignments):
        posting_ended_on = max(end for _start, end in assignments)
    return CareRecord(
        policies=policies, allowances=allowances, rest_periods=rests, health_checks=checks,
        insured_today=any(p.start_date <= day <= p.end_date for p in policies),
        rest_days_in_window=rest_days, rest_window_first=first,
        rest_overdue=stationed_all_window and rest_days < settings.OFFICER_REST_DAYS_PER_WINDOW,
        stationed=stationed, posting_ended_on=posting_ended_on,
        health_check_due=posting_ended_on is not None and not any(c.due_on >= posting_ended_on for c in checks),
    )
