"""Reads for the dashboards: summary rows for every figure, and the rows behind a figure for one region and day.

The dashboard itself reads only summary rows plus a few small indexed queries (the first missing reporters, the
overdue problems grouped by department, the shuttle totals, the bulletins); its query count does not grow with
the number of regions or days. The drill-down lists (`*_rows`) read source rows of one region's subtree and one
day, a page at a time: they are the rows behind a number, not an aggregate.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
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
    """`limit` of the day's missing reports (the list they link to has them all), shown in its order.

    Taken in id order, so the database stops at the `limit`-th instead of sorting a province's 2,000 missing
    reports first (20-60 ms at province scale, against ~10).
    """
    first = list(missing_assignments(day=day, fetched_by=fetched_by, region=region).order_by("pk")[:limit])
    return sorted(first, key=lambda a: (a.enterprise.region.path, a.officer.name, a.enterprise.name))


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
        Problem.objects.visible_within(fetched_by, region)
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


@dataclass
class EnterpriseDay:
    """One enterprise's day: the assignments expected to report and how many did (the reports measures), and
    from the day's reports the largest figures any officer gave (the enterprise measures)."""

    reports_expected: int = 0
    reports_filed: int = 0
    reports_late: int = 0
    has_report: bool = False
    resumed: bool = False
    short_of_masks: bool = False
    workers_on_duty: int | None = None
    workers_missing: int | None = None
    open_positions: int | None = None
    suspected_cases: int | None = None

    def shows_in(self, show: str) -> bool:
        return {
            "stationed": self.reports_expected > 0,
            "reporting": self.has_report,
            "missing": self.reports_filed < self.reports_expected,
            "resumed": self.resumed,
            "short_of_masks": self.short_of_masks,
            "suspected": bool(self.suspected_cases),
            "hiring": bool(self.open_positions),
        }.get(show, True)


NO_DAY = EnterpriseDay()
DAY_FIELDS = tuple(EnterpriseDay.__dataclass_fields__)


def _with_day(enterprise: Enterprise, figure: EnterpriseDay) -> Enterprise:
    for name in DAY_FIELDS:
        setattr(enterprise, name, getattr(figure, name))
    return enterprise


def enterprise_day_figures(*, region: Region, day: date) -> dict[int, EnterpriseDay]:
    """{enterprise id: its day} for the enterprises of the region's subtree: two grouped queries, one over the
    day's expected assignments, one over the day's reports (a task force's largest figure, as the summaries)."""
    figures: dict[int, EnterpriseDay] = {}
    expected = (
        expected_assignments(day=day, fetched_by=None).filter(enterprise__region__path__startswith=region.path)
        .order_by().values("enterprise_id")
        .annotate(n=Count("id"), filed=Count("id", filter=Q(has_report=True)),
                  late=Count("id", filter=Q(report_is_late=True)))
    )
    for row in expected:
        figures[row["enterprise_id"]] = EnterpriseDay(reports_expected=row["n"], reports_filed=row["filed"],
                                                      reports_late=row["late"])
    reports = (
        DailyReport.objects.filter(day=day, region__path__startswith=region.path).order_by().values("enterprise_id")
        .annotate(resumed_n=Count("id", filter=Q(resumed=True)), short_n=Count("id", filter=Q(masks_days__lt=3)),
                  on_duty=Max("workers_on_duty"), missing=Max("workers_missing"), positions=Max("open_positions"),
                  suspected=Max("suspected_cases"))
    )
    for row in reports:
        figure = figures.setdefault(row["enterprise_id"], EnterpriseDay())
        figure.has_report, figure.resumed, figure.short_of_masks = True, row["resumed_n"] > 0, row["short_n"] > 0
        figure.workers_on_duty, figure.workers_missing = row["on_duty"], row["missing"]
        figure.open_positions, figure.suspected_cases = row["positions"], row["suspected"]
    return figures


TOTAL_COLUMNS = ("reports_expected", "reports_filed", "workers_on_duty", "workers_missing", "open_positions",
                 "suspected_cases")


class EnterpriseDayRows:
    """The enterprises behind an enterprise figure, in tree and name order, sliceable for a paginator: a slice
    reads its enterprises in one query and gives each the attributes of its `EnterpriseDay`."""

    def __init__(self, ids: list[int], figures: dict[int, EnterpriseDay]):
        self.ids, self.figures = ids, figures

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_id = Enterprise.objects.select_related("region").in_bulk(ids)
        rows = [_with_day(by_id[pk], self.figures.get(pk, NO_DAY)) for pk in ids]
        return rows if isinstance(index, slice) else rows[0]

    def __iter__(self):
        return iter(self[:])

    def totals(self) -> dict:
        """The column totals: they equal the summary's figures for the same enterprises."""
        figures = [self.figures.get(pk, NO_DAY) for pk in self.ids]
        return {"count": len(self.ids),
                **{name: sum(getattr(figure, name) or 0 for figure in figures) for name in TOTAL_COLUMNS}}


def enterprise_day_list(*, region: Region, day: date, fetched_by) -> list[Enterprise]:
    """Every enterprise of the region's subtree the user may see, each with its `EnterpriseDay` attributes: the
    county dashboard's list, three queries."""
    figures = enterprise_day_figures(region=region, day=day)
    enterprises = list(Enterprise.objects.visible_to(fetched_by).filter(region__path__startswith=region.path)
                       .select_related("region").order_by("region__path", "name", "id"))
    return [_with_day(enterprise, figures.get(enterprise.pk, NO_DAY)) for enterprise in enterprises]


def enterprise_day_rows(*, region: Region, day: date, fetched_by, show: str = "all",
                        industry: str = "") -> EnterpriseDayRows:
    """The enterprises of the region's subtree the user may see, with their reporting and figures of `day`,
    narrowed to those behind one figure (`show`) and an industry. Three queries, then one per page read."""
    enterprises = Enterprise.objects.visible_to(fetched_by).filter(region__path__startswith=region.path)
    if industry:
        enterprises = enterprises.filter(industry=industry)
    ordered = list(enterprises.order_by("region__path", "name", "id").values_list("id", flat=True))
    figures = enterprise_day_figures(region=region, day=day)
    return EnterpriseDayRows([pk for pk in ordered if figures.get(pk, NO_DAY).shows_in(show)], figures)


def problem_rows(*, region: Region, day: date, fetched_by, show: str = "open") -> QuerySet:
    """The ledger's problems of the region's enterprises behind one problem figure of `day`; the ledger's own
    filters (problems.filters.ProblemFilterSet) narrow them further."""
    return problem_ledger(fetched_by=fetched_by).filter(
        problem_condition(show, day), enterprise__region__path__startswith=region.path)


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
