"""Reads for the people-facing pages that combine regions, enterprises and officers."""

from collections import Counter

from django.db.models import Count, QuerySet
from django.utils import timezone

from enterprises.models import Enterprise
from enterprises.selectors import enterprise_list
from officers.models import Assignment
from officers.selectors import active_on
from regions.models import Region
from regions.scoping import Scope


def top_regions(*, scope: Scope) -> QuerySet:
    """The regions at the top of the user's scope: the province for administrators, else their posts' regions."""
    if scope.everything:
        return Region.objects.filter(parent__isnull=True)
    return Region.objects.filter(path__in=scope.region_paths)


def region_overview(*, region: Region, fetched_by) -> list[dict]:
    """One row per child region (or the region itself when it has none) with enterprise and officer counts.

    Three queries whatever the number of regions: children, enterprises grouped by region, assignments grouped.
    """
    children = list(Region.objects.filter(parent=region).order_by("code")) or [region]
    today = timezone.localdate()
    enterprise_paths = (
        Enterprise.objects.visible_to(fetched_by)
        .filter(region__path__startswith=region.path)
        .values_list("region__path")
        .annotate(n=Count("id"))
    )
    stationed_paths = (
        Assignment.objects.visible_to(fetched_by)
        .filter(active_on(today), commanding_region__path__startswith=region.path)
        .values_list("commanding_region__path")
        .annotate(n=Count("id"))
    )
    enterprises, stationed = Counter(), Counter()
    for counts, rows in ((enterprises, enterprise_paths), (stationed, stationed_paths)):
        for path, n in rows:
            child = next((c for c in children if path.startswith(c.path)), None)
            if child is not None:
                counts[child.pk] += n
    return [
        {"region": child, "enterprises": enterprises[child.pk], "active_assignments": stationed[child.pk]}
        for child in children
    ]


def roster_enterprises(*, fetched_by) -> QuerySet:
    """The enterprise roster page: enterprise_list plus how many officers are stationed there today."""
    today = timezone.localdate()
    return enterprise_list(fetched_by=fetched_by).annotate(
        active_officer_count=Count("assignments", filter=active_on(today, "assignments__"), distinct=True)
    )
