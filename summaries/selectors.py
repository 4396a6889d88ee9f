"""Reads of the summary rows, for dashboards and bulletins: a region's children on a day, a region's trend.

Each is one indexed query on the summary table, whatever the size of the region; `fetched_by=None` is the system
(the daily bulletin task), never a request.
"""

from datetime import date

from django.db.models import QuerySet

from regions.models import Region

from .models import RegionDaySummary, SummaryVerification


def _visible(fetched_by) -> QuerySet:
    if fetched_by is None:
        return RegionDaySummary.objects.all()
    return RegionDaySummary.objects.visible_to(fetched_by)


def summary_children(*, region: Region, day: date, fetched_by) -> QuerySet:
    """The summary rows of the region's children on `day`, with their regions, in tree order."""
    return (_visible(fetched_by).filter(region__parent=region, day=day).select_related("region")
            .order_by("region__path"))


def summary_trend(*, region: Region, start: date, end: date, fetched_by) -> QuerySet:
    """The region's own summary rows from `start` to `end`, oldest first."""
    return _visible(fetched_by).filter(region=region, day__range=(start, end)).order_by("day")


def last_verification() -> SummaryVerification | None:
    """The latest `verify_summaries` run (nightly by the beat), for the health page; None before the first."""
    return SummaryVerification.objects.order_by("-finished_at").first()
