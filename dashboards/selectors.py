"""Reads for the dashboards: summary rows for every figure, and the rows behind a figure for one region and day.

The dashboard itself reads only summary rows plus a few small indexed queries (the first missing reporters, the
overdue problems grouped by department, the shuttle totals, the bulletins); its query count does not grow with
the number of regions or days. The drill-down lists (`*_rows`) read source rows of one region's subtree and one
day, a page at a time: they are the rows behind a number, not an aggregate.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from enterprises.models import Enterprise
from problems.models import Problem
from problems.selectors import problem_ledger
from regions.choices import RegionLevel
from regions.models import Region
from regions.scoping import get_visible_or_404, scope_for
from reports.models import DailyReport
from reports.selectors import expected_assignments, missing_assignments
from summaries.models import RegionDaySummary
from summaries.selectors import summary_children, summary_trend

from .models import Bulletin, ShuttleTrip

# Regions whose children are none or parks list their enterprises on the dashboard (the last drill-down level).
ENTERPRISE_LEVELS = (RegionLevel.COUNTY, RegionLevel.PARK)
HANDLED_ABOVE = (RegionLevel.CITY, RegionLevel.PROVINCE)


# Regions ----------------------------------------------------------------------------------------------------------

def dashboard_regions(*, user) -> list[Region]:
    """The regions at the top of the user's scope, the province for administrators; none for a non-office user."""
    scope = scope_for(user)
    if scope.everything:
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    if not scope.is_office:
        return []
    return list(Region.objects.filter(path__in=scope.region_paths).order_by("depth", "code"))


def dashboard_region(*, user, pk: int | None) -> Region:
    """The region a dashboard shows: `pk` if the user sees it, else their top region; 404 outside scope."""
    if not scope_for(user).is_office:
        raise Http404
    if pk is None:
        tops = dashboard_regions(user=user)
        if not tops:
            raise Http404
        return tops[0]
    return get_visible_or_404(Region.objects.select_related("parent"), user, pk=pk)


def region_trail(*, region: Region, user) -> list[tuple[Region, bool]]:
    """The regions from the province down to `region`, each with whether the user may open its dashboard."""
    scope = scope_for(user)
    return [(ancestor, scope.sees_region(ancestor)) for ancestor in [*region.ancestors(), region]]


def lists_enterprises(region: Region) -> bool:
    """A county or park (whose children are none or parks) lists its enterprises: the last drill-down level."""
    return region.level in ENTERPRISE_LEVELS


# Summary rows -----------------------------------------------------------------------------------------------------

def region_days(*, region: Region, day: date, days: int, fetched_by) -> list[RegionDaySummary]:
    """The region's own summary rows for the `days` days up to `day` (the trend, today and yesterday), oldest first."""
    return list(summary_trend(region=region, start=day - timedelta(days=days - 1), end=day, fetched_by=fetched_by))


@dataclass
class ChildRow:
    region: Region
    summary: RegionDaySummary | None


def child_rows(*, region: Region, day: date, fetched_by) -> list[ChildRow]:
    """Every child region with its summary row of `day` (None while the row is not computed yet): two queries."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    summaries = {row.region_id: row for row in summary_children(region=region, day=day, fetched_by=fetched_by)}
    return [ChildRow(child, summaries.get(child.pk)) for child in children]


# Small live reads on the dashboard --------------------------------------------------------------------------------

def missing_reporters(*, region: Region, day: date, fetched_by, limit: int) -> list:
    """The first `limit` of the day's missing reports, in the order of the full list they link to."""
    return list(missing_assignments(day=day, fetched_by=fetched_by, region=region)[:limit])


def _end_of(day: date) -> datetime:
    """Local midnight after `day`: a problem resolved before it was resolved on or before `day`."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _open_at_end_of(day: date) -> Q:
    """Raised by `day` and not resolved at the end of it: the summaries' `p.is_open`."""
    return Q(raised_on__lte=day) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=_end_of(day)))


PROBLEM_SHOWS = ("new", "open", "overdue", "escalated", "resolved")


def problem_condition(show: str, day: date) -> Q:
    """The rows behind each problem measure of the summaries (`summaries.measures`), for one day."""
    if show == "new":
        return Q(raised_on=day)
    if show == "resolved":
        return Q(resolved_at__gte=_end_of(day - timedelta(days=1)), resolved_at__lt=_end_of(day))
    condition = _open_at_end_of(day)
    if show == "overdue":
        condition &= Q(deadline__lt=day)
    elif show == "escalated":
        condition &= Q(handling_region__level__in=HANDLED_ABOVE) & (
            Q(escalated_at__isnull=True) | Q(escalated_at__lt=_end_of(day)))
    return condition


def overdue_by_department(*, region: Region, day: date, fetched_by) -> list[dict]:
    """Open problems of the region's enterprises past their deadline on `day`, counted per department: one query.

    The same rule as the `problems_overdue` measure, grouped: the counts add up to the summary's figure.
    """
    return list(
        Problem.objects.visible_to(fetched_by)
        .filter(problem_condition("overdue", day), enterprise__region__path__startswith=region.path)
        .values("department_id", "department__name", "department__region__name")
        .annotate(count=Count("id"))
        .order_by("-count", "department__name")
    )


def shuttle_totals(*, region: Region, day: date, fetched_by) -> dict:
    """Shuttle trips organised in the region's subtree up to `day`, and on `day`: one query."""
    return (
        ShuttleTrip.objects.visible_to(fetched_by)
        .filter(region__path__startswith=region.path, day__lte=day)
        .aggregate(trips=Count("id"), workers=Coalesce(Sum("workers_carried"), 0),
                   trips_today=Count("id", filter=Q(day=day)),
                   workers_today=Coalesce(Sum("workers_carried", filter=Q(day=day)), 0))
    )


def recent_bulletins(*, region: Region, day: date, fetched_by, days: int = 7) -> list[Bulletin]:
    """The region's own bulletins of the week up to `day`, and its children's of `day`: one query."""
    return list(
        Bulletin.objects.visible_to(fetched_by)
        .filter(Q(region=region, day__lte=day, day__gt=day - timedelta(days=days)) | Q(region__parent=region, day=day))
        .select_related("region").defer("data")
        .order_by(F("region__depth").asc(), "-day", "region__code")
    )


# Rows behind a number: one region's subtree, one day --------------------------------------------------------------

REPORT_STATUSES = ("expected", "filed", "late", "missing")


def expected_report_rows(*, region: Region, day: date, fetched_by, status: str = "expected") -> QuerySet:
    """The assignments expected to report on `day` for enterprises in the region's subtree (the reports measures).

    `status` narrows to those filed, filed late or missing; each row carries `report_id` when filed.
    """
    queryset = expected_assignments(day=day, fetched_by=fetched_by).filter(
        enterprise__region__path__startswith=region.path)
    if status == "filed":
        queryset = queryset.filter(has_report=True)
    elif status == "late":
        queryset = queryset.filter(report_is_late=True)
    elif status == "missing":
        queryset = queryset.filter(has_report=False)
    report = DailyReport.objects.filter(officer=OuterRef("officer"), enterprise=OuterRef("enterprise"), day=day)
    return (queryset.annotate(report_id=Subquery(report.values("pk")[:1]))
            .select_related("officer__backing_unit", "enterprise__region")
            .order_by("enterprise__region__path", "enterprise__name", "officer__name", "pk"))


ENTERPRISE_SHOWS = ("all", "stationed", "reporting", "missing", "resumed", "short_of_masks", "suspected", "hiring")


def enterprise_day_rows(*, region: Region, day: date, fetched_by, show: str = "all", industry: str = "") -> QuerySet:
    """The enterprises of the region's subtree with their reporting and figures of `day` (the enterprise measures).

    Annotated with `reports_expected`, `reports_filed`, `reports_late` (assignments expected that day), and from
    the day's reports the largest figures any officer gave: `workers_on_duty`, `workers_missing`,
    `open_positions`, `suspected_cases`, with `has_report`, `resumed` and `short_of_masks`.
    """
    expected = expected_assignments(day=day, fetched_by=None).filter(enterprise=OuterRef("pk")).order_by()

    def expected_count(**condition):
        rows = expected.filter(**condition).values("enterprise").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    reports = DailyReport.objects.filter(enterprise=OuterRef("pk"), day=day).order_by()

    def largest(field):
        rows = reports.values("enterprise").annotate(v=Max(field)).values("v")
        return Subquery(rows, output_field=IntegerField())

    queryset = (
        Enterprise.objects.visible_to(fetched_by)
        .filter(region__path__startswith=region.path)
        .select_related("region")
        .annotate(
            reports_expected=expected_count(),
            reports_filed=expected_count(has_report=True),
            reports_late=expected_count(report_is_late=True),
            has_report=Exists(reports),
            resumed=Exists(reports.filter(resumed=True)),
            short_of_masks=Exists(reports.filter(masks_days__lt=3)),
            workers_on_duty=largest("workers_on_duty"),
            workers_missing=largest("workers_missing"),
            open_positions=largest("open_positions"),
            suspected_cases=largest("suspected_cases"),
        )
    )
    filters = {
        "stationed": Q(reports_expected__gt=0),
        "reporting": Q(has_report=True),
        "missing": Q(reports_expected__gt=F("reports_filed")),
        "resumed": Q(resumed=True),
        "short_of_masks": Q(short_of_masks=True),
        "suspected": Q(suspected_cases__gt=0),
        "hiring": Q(open_positions__gt=0),
    }
    if show in filters:
        queryset = queryset.filter(filters[show])
    if industry:
        queryset = queryset.filter(industry=industry)
    return queryset.order_by("region__path", "name", "id")


TOTAL_COLUMNS = ("reports_expected", "reports_filed", "workers_on_duty", "workers_missing", "open_positions",
                 "suspected_cases")


def enterprise_day_totals(rows: QuerySet) -> dict:
    """The column totals of `enterprise_day_rows`: they equal the summary's figures for the same rows."""
    # Aggregate aliases must differ from the annotations they sum, or Django drops the annotation from the
    # inner query and sums nothing.
    totals = rows.order_by().aggregate(
        count=Count("id"), **{f"total_{name}": Coalesce(Sum(name), 0) for name in TOTAL_COLUMNS})
    return {"count": totals["count"], **{name: totals[f"total_{name}"] for name in TOTAL_COLUMNS}}


def problem_rows(*, region: Region, day: date, fetched_by, show: str = "open", department: str = "",
                 category: str = "") -> QuerySet:
    """The ledger's problems of the region's enterprises behind one problem figure of `day`.

    `department` is a department id, or "none" for problems not dispatched to one.
    """
    queryset = problem_ledger(fetched_by=fetched_by).filter(
        problem_condition(show, day), enterprise__region__path__startswith=region.path)
    if department == "none":
        queryset = queryset.filter(department__isnull=True)
    elif department.isdigit():
        queryset = queryset.filter(department_id=int(department))
    if category:
        queryset = queryset.filter(category=category)
    return queryset


def shuttle_trip_rows(*, fetched_by, region: Region | None = None, start: date | None = None,
                      end: date | None = None) -> QuerySet:
    """Shuttle trips the user may see, newest first, with their enterprises (two queries a page)."""
    queryset = ShuttleTrip.objects.visible_to(fetched_by).select_related("region", "logged_by")
    if region is not None:
        queryset = queryset.filter(region__path__startswith=region.path)
    if start is not None:
        queryset = queryset.filter(day__gte=start)
    if end is not None:
        queryset = queryset.filter(day__lte=end)
    return queryset.prefetch_related("enterprises").order_by("-day", "-id")


def shuttle_trip_totals(rows: QuerySet) -> dict:
    """Trips and workers carried of a list of trips."""
    return rows.order_by().aggregate(trips=Count("id"), workers=Coalesce(Sum("workers_carried"), 0))


def bulletin_rows(*, fetched_by, region: Region | None = None) -> QuerySet:
    """The bulletins the user may see (a province office every city's, a city every county's), newest first."""
    queryset = Bulletin.objects.visible_to(fetched_by).select_related("region").defer("data")
    if region is not None:
        queryset = queryset.filter(region__path__startswith=region.path)
    return queryset.order_by("-day", "region__depth", "region__code")


def bulletin_detail(*, fetched_by, pk: int) -> Bulletin:
    return get_visible_or_404(Bulletin.objects.select_related("region"), fetched_by, pk=pk)
