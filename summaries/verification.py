"""Checking the stored summaries against the raw rows by a second, independent route.

`summaries.services` computes every figure in one set-based SQL statement; this module shares none of it. It reads
the source rows through the ORM a few days at a time and counts them in plain Python loops, following the
definitions written in `summaries.measures` (and the README), then rolls the leaf figures up the tree by path
prefix. A stored row that differs from the recount, or a missing row whose recount is not all zeros, is a
mismatch. `manage.py verify_summaries` and the nightly beat run it.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from branches.models import BranchVisit
from officers.models import Assignment
from problems.models import Problem
from regions.choices import RegionLevel
from regions.models import Region
from reports.models import DailyReport, ReportExemption

from .measures import CATEGORY_COLUMN, INDUSTRY_COLUMN, MEASURES
from .models import RegionDaySummary

COUNTED = [measure.name for measure in MEASURES if measure.name != "reports_missing"]
COMPARED = [*(measure.name for measure in MEASURES), CATEGORY_COLUMN, INDUSTRY_COLUMN]
# Days read per pass: a week of a province's reports (~170,000 rows) fits comfortably in memory.
CHUNK_DAYS = 7
# Mismatches kept in the stored result (the command prints them all).
KEPT_MISMATCHES = 200


@dataclass(frozen=True)
class Mismatch:
    region_code: str
    region_name: str
    day: date
    measure: str
    stored: object
    recomputed: object

    def __str__(self):
        return f"{self.region_code} {self.region_name} {self.day:%Y-%m-%d} {self.measure}: " \
               f"stored {self.stored}, recomputed {self.recomputed}"


@dataclass
class Verification:
    region_days_checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)


def _figures() -> dict:
    return {**dict.fromkeys(COUNTED, 0), CATEGORY_COLUMN: Counter(), INDUSTRY_COLUMN: Counter()}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _chunks(first: date, last: date) -> Iterator[list[date]]:
    days = _days(first, last)
    for start in range(0, len(days), CHUNK_DAYS):
        yield days[start:start + CHUNK_DAYS]


def _local_day(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def leaf_recount(days: list[date]) -> dict[tuple[int, date], dict]:
    """{(region where the rows sit, day): figures} counted from the source rows of `days`."""
    first, last = days[0], days[-1]
    leaf: dict[tuple[int, date], dict] = defaultdict(_figures)

    exempt_enterprise, exempt_officer = set(), set()
    for enterprise_id, officer_id, start, end in ReportExemption.objects.filter(
            start_date__lte=last, end_date__gte=first).values_list("enterprise_id", "officer_id", "start_date",
                                                                   "end_date"):
        for day in _days(max(start, first), min(end, last)):
            if enterprise_id is not None:
                exempt_enterprise.add((enterprise_id, day))
            if officer_id is not None:
                exempt_officer.add((officer_id, day))

    expected = set()
    stationed = defaultdict(set)
    assignments = Assignment.objects.filter(start_date__lte=last).exclude(end_date__lt=first).values_list(
        "officer_id", "enterprise_id", "enterprise__region_id", "start_date", "end_date")
    for officer_id, enterprise_id, region_id, start, end in assignments.iterator(chunk_size=5000):
        for day in _days(max(start, first), min(end or last, last)):
            if (enterprise_id, day) in exempt_enterprise or (officer_id, day) in exempt_officer:
                continue
            expected.add((officer_id, enterprise_id, day))
            leaf[(region_id, day)]["reports_expected"] += 1
            stationed[(region_id, day)].add(enterprise_id)
    for key, enterprises in stationed.items():
        leaf[key]["enterprises_stationed"] += len(enterprises)

    per_enterprise: dict[tuple[int, int, date], dict] = {}
    reports = DailyReport.objects.filter(day__gte=first, day__lte=last).values_list(
        # Where the enterprise is now, as its expected assignments count (the report's region is a filing-time copy).
        "officer_id", "enterprise_id", "enterprise__region_id", "day", "is_late", "resumed", "masks_days",
        "suspected_cases", "workers_on_duty", "workers_missing", "open_positions", "enterprise__industry")
    for (officer_id, enterprise_id, region_id, day, is_late, resumed, masks_days, suspected, on_duty, missing,
         positions, industry) in reports.iterator(chunk_size=5000):
        figures = leaf[(region_id, day)]
        if (officer_id, enterprise_id, day) in expected:
            figures["reports_filed"] += 1
            figures["reports_late"] += bool(is_late)
        best = per_enterprise.setdefault((region_id, enterprise_id, day), {
            "industry": industry, "resumed": False, "short": False, "suspected_any": False, "suspected_cases": 0,
            "workers_on_duty": 0, "workers_missing": 0, "open_positions": 0})
        best["resumed"] |= bool(resumed)
        best["short"] |= masks_days < 3
        best["suspected_any"] |= suspected > 0
        for name, value in (("suspected_cases", suspected), ("workers_on_duty", on_duty),
                            ("workers_missing", missing), ("open_positions", positions)):
            best[name] = max(best[name], value)
    for (region_id, _, day), best in per_enterprise.items():
        figures = leaf[(region_id, day)]
        figures["enterprises_reporting"] += 1
        figures["enterprises_resumed"] += best["resumed"]
        figures["enterprises_short_of_masks"] += best["short"]
        figures["enterprises_with_suspected_cases"] += best["suspected_any"]
        for name in ("suspected_cases", "workers_on_duty", "workers_missing", "open_positions"):
            figures[name] += best[name]
        if best["open_positions"]:
            figures[INDUSTRY_COLUMN][best["industry"]] += best["open_positions"]

    above = (RegionLevel.CITY, RegionLevel.PROVINCE)
    problems = Problem.objects.filter(raised_on__lte=last).values_list(
        "enterprise__region_id", "category", "raised_on", "deadline", "resolved_at", "escalated_at",
        "handling_region__level")
    for region_id, category, raised_on, deadline, resolved_at, escalated_at, level in problems.iterator(5000):
        resolved_on, escalated_on = _local_day(resolved_at), _local_day(escalated_at)
        for day in days:
            if raised_on > day:
                continue
            figures = leaf[(region_id, day)]
            is_open = resolved_on is None or resolved_on > day
            figures["problems_new"] += raised_on == day
            figures["problems_resolved"] += resolved_on == day
            figures["problems_open"] += is_open
            figures["problems_overdue"] += is_open and deadline is not None and deadline < day
            figures["problems_escalated"] += (is_open and level in above
                                              and (escalated_on is None or escalated_on <= day))
            figures["problems_escalated_today"] += escalated_on == day
            if raised_on == day:
                figures[CATEGORY_COLUMN][category] += 1

    visited = defaultdict(set)
    for region_id, enterprise_id, day in BranchVisit.objects.filter(
            visited_on__gte=first, visited_on__lte=last).values_list("enterprise__region_id", "enterprise_id",
                                                                    "visited_on").iterator(5000):
        leaf[(region_id, day)]["visits_logged"] += 1
        visited[(region_id, day)].add(enterprise_id)
    for key, enterprises in visited.items():
        leaf[key]["enterprises_visited"] += len(enterprises)
    return leaf


def _rolled_up(leaf: dict[tuple[int, date], dict], ancestors: dict[int, list[int]]) -> dict[tuple[int, date], dict]:
    totals: dict[tuple[int, date], dict] = defaultdict(_figures)
    for (region_id, day), figures in leaf.items():
        for ancestor_id in ancestors.get(region_id, ()):
            total = totals[(ancestor_id, day)]
            for name in COUNTED:
                total[name] += figures[name]
            total[CATEGORY_COLUMN].update(figures[CATEGORY_COLUMN])
            total[INDUSTRY_COLUMN].update(figures[INDUSTRY_COLUMN])
    for total in totals.values():
        total["reports_missing"] = total["reports_expected"] - total["reports_filed"]
        total[CATEGORY_COLUMN] = {key: n for key, n in total[CATEGORY_COLUMN].items() if n}
        total[INDUSTRY_COLUMN] = {key: n for key, n in total[INDUSTRY_COLUMN].items() if n}
    return totals


def _normal(value):
    """Empty breakdowns and zero counts compare equal however they were stored."""
    if isinstance(value, dict):
        return {key: n for key, n in value.items() if n}
    return value or 0


def _zero() -> dict:
    return {**dict.fromkeys(COMPARED, 0), CATEGORY_COLUMN: {}, INDUSTRY_COLUMN: {}}


def summaries_verify(*, since: date | None = None, until: date | None = None,
                     region: Region | None = None) -> Verification:
    """Recount every region-day from `since` (default: the first summarised day) to `until` (default: today), for
    every region or `region`'s subtree, and list what differs from the stored summaries."""
    until = until or timezone.localdate()
    if since is None:
        since = RegionDaySummary.objects.order_by("day").values_list("day", flat=True).first() or until
    regions = {pk: (code, name, path) for pk, code, name, path in Region.objects.values_list("id", "code", "name",
                                                                                            "path")}
    ancestors = {pk: [other for other, (_, _, other_path) in regions.items() if path.startswith(other_path)]
                 for pk, (_, _, path) in regions.items()}
    checked_ids = [pk for pk, (_, _, path) in regions.items() if region is None or path.startswith(region.path)]
    result = Verification()
    if since > until:
        return result
    for days in _chunks(since, until):
        recounted = _rolled_up(leaf_recount(days), ancestors)
        stored = {(row.pop("region_id"), row.pop("day")): row for row in RegionDaySummary.objects.filter(
            day__in=days, region_id__in=checked_ids).values("region_id", "day", *COMPARED)}
        for day in days:
            for region_id in checked_ids:
                result.region_days_checked += 1
                want = recounted.get((region_id, day)) or _zero()
                got = stored.get((region_id, day)) or _zero()
                for name in COMPARED:
                    if _normal(got[name]) != _normal(want[name]):
                        code, region_name, _ = regions[region_id]
                        result.mismatches.append(Mismatch(code, region_name, day, name, got[name], want[name]))
    return result
