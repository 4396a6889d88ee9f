"""Reads on daily reports: what is expected, what is missing, what an officer still has to file.

"Expected" is exact: one report per assignment active on the day (start to end, inclusive), minus the assignments
whose enterprise or officer has an exemption covering the day. Everything here is set-based SQL.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from notifications.selectors import unread_notices as notifications_unread_notices
from officers.models import Assignment
from problems.models import Problem
from regions.models import Region

from .models import DailyReport, ReportExemption


def difficulty_token(token: str, index: int) -> str:
    """The client token of the problem a save raises from its `index`-th difficulty (reports.services): a replayed
    save raises nothing twice, and problems_raised_by_save finds what a save raised."""
    return f"{token}:{index}"


def problems_raised_by_save(*, officer, token: str, difficulties: int) -> list[Problem]:
    """The problems one save of a report raised from its `difficulties` difficulties (also when the save was a
    replay of an earlier one), with the office each went to; one query on the problems' client-token key."""
    if not difficulties:
        return []
    tokens = [difficulty_token(token, index) for index in range(difficulties)]
    return list(Problem.objects.filter(raised_by=officer, client_token__in=tokens)
                .select_related("handling_region").order_by("pk"))


def _report_for_day(day: date):
    return DailyReport.objects.filter(officer=OuterRef("officer"), enterprise=OuterRef("enterprise"), day=day)


def _exempt_on(day: date):
    covering = ReportExemption.objects.filter(start_date__lte=day, end_date__gte=day)
    return Exists(covering.filter(enterprise=OuterRef("enterprise"))) | Exists(
        covering.filter(officer=OuterRef("officer"))
    )


def _owing(*, day: date, fetched_by, region: Region | None = None) -> QuerySet:
    """The assignments that owe a report on `day` (active, not exempt), as the user sees them."""
    queryset = Assignment.objects.all() if fetched_by is None else Assignment.objects.visible_to(fetched_by)
    # Two NOT EXISTS, not NOT (a OR b): PostgreSQL makes each an anti-join instead of two probes per assignment.
    covering = ReportExemption.objects.filter(start_date__lte=day, end_date__gte=day)
    queryset = queryset.active_on(day).exclude(Exists(covering.filter(enterprise=OuterRef("enterprise")))).exclude(
        Exists(covering.filter(officer=OuterRef("officer"))))
    if region is not None:
        queryset = queryset.filter(commanding_region__path__startswith=region.path)
    return queryset


def expected_assignments(*, day: date, fetched_by, region: Region | None = None) -> QuerySet:
    """Assignments that owe a report on `day`, annotated with `has_report` and `report_is_late`.

    `fetched_by=None` means the whole province (for the system's own tasks, never for a request).
    """
    return _owing(day=day, fetched_by=fetched_by, region=region).annotate(
        has_report=Exists(_report_for_day(day)),
        report_is_late=Exists(_report_for_day(day).filter(is_late=True)),
    )


def missing_assignments(*, day: date, fetched_by, region: Region | None = None) -> QuerySet:
    """The expected reports not filed, with who to call."""
    return (
        expected_assignments(day=day, fetched_by=fetched_by, region=region)
        .filter(has_report=False)
        .select_related("officer__backing_unit", "enterprise__region__parent")
        .order_by("enterprise__region__path", "officer__name", "enterprise__name")
    )


def reporting_counts(*, day: date, fetched_by, region: Region | None = None) -> dict:
    """Expected, filed, late and missing counts for a day, in two queries.

    The filed ones are counted from the day's reports that an owing assignment matches (officer and enterprise): an
    EXISTS in a WHERE is a hash semi-join, where counting `expected_assignments`' annotations would probe the reports
    twice for every assignment (about 200 ms, against 30, for a province's 42,000). The two agree because the roster
    services refuse overlapping stationings of one officer in one enterprise.
    """
    owing = _owing(day=day, fetched_by=fetched_by, region=region)
    counts = {"expected": owing.count()}
    counts |= DailyReport.objects.filter(day=day).filter(Exists(owing.filter(
        officer=OuterRef("officer"), enterprise=OuterRef("enterprise")))).aggregate(
        filed=Count("id"), late=Count("id", filter=Q(is_late=True)))
    counts["missing"] = counts["expected"] - counts["filed"]
    counts["rate"] = round(100 * counts["filed"] / counts["expected"], 1) if counts["expected"] else None
    return counts


def officer_day(*, user, day: date) -> list[Assignment]:
    """The signed-in officer's assignments active on `day`, each with `.todays_report` and `.has_previous`.

    Two queries whatever the number of enterprises: assignments with their reports of the day prefetched.
    """
    assignments = (
        Assignment.objects.visible_to(user)
        .filter(officer__user=user)
        .active_on(day)
        .select_related("enterprise__region__parent", "officer")
        .annotate(
            has_previous=Exists(
                DailyReport.objects.filter(officer=OuterRef("officer"), enterprise=OuterRef("enterprise"),
                                           day__lt=day)
            ),
            exempt=_exempt_on(day),
        )
        .prefetch_related(Prefetch("reports", queryset=DailyReport.objects.filter(day=day), to_attr="day_reports"))
        .order_by("enterprise__name")
    )
    result = list(assignments)
    for assignment in result:
        assignment.todays_report = assignment.day_reports[0] if assignment.day_reports else None
    return result


def report_prefill(*, assignment: Assignment, day: date) -> DailyReport | None:
    """The day's own report if filed, else the officer's latest earlier report for that enterprise."""
    return (
        DailyReport.objects.filter(officer=assignment.officer_id, enterprise=assignment.enterprise_id, day__lte=day)
        .order_by("-day")
        .first()
    )


def report_list(*, fetched_by, day: date | None = None, enterprise_id: int | None = None) -> QuerySet:
    queryset = DailyReport.objects.visible_to(fetched_by).select_related("officer", "enterprise__region")
    if day is not None:
        queryset = queryset.filter(day=day)
    if enterprise_id is not None:
        queryset = queryset.filter(enterprise_id=enterprise_id)
    return queryset.order_by("-day", "enterprise__name", "id")


def enterprise_recent_reports(*, enterprise, fetched_by, limit: int = 14) -> list[DailyReport]:
    return list(
        DailyReport.objects.visible_to(fetched_by).filter(enterprise=enterprise).select_related("officer")
        .order_by("-day", "officer__name")[:limit]
    )


def unread_notices(*, user) -> QuerySet:
    """The user's unread notices (the officer's home lists the first few); the notifications app owns them."""
    return notifications_unread_notices(user=user)
