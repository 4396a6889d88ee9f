"""The summaries computed the slow, obvious way: plain Python over the source rows, to check the SQL against.

Nothing here shares code with summaries.services: it reads rows through the ORM and counts them in loops.
"""

from collections import Counter, defaultdict
from datetime import date

from django.utils import timezone

from branches.models import BranchVisit
from officers.models import Assignment
from problems.models import Problem
from regions.choices import RegionLevel
from regions.models import Region
from reports.models import DailyReport, ReportExemption
from summaries.measures import MEASURES
from summaries.models import RegionDaySummary

MEASURE_NAMES = [measure.name for measure in MEASURES]


def _local(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def leaf_figures(days: list[date]) -> dict[tuple[int, date], dict]:
    """{(region id where the enterprise sits, day): figures} for the enterprises of each region itself."""
    figures: dict[tuple[int, date], dict] = defaultdict(lambda: {**dict.fromkeys(MEASURE_NAMES, 0), "categories": {}})
    assignments = list(Assignment.objects.select_related("enterprise"))
    exemptions = list(ReportExemption.objects.all())
    reports = list(DailyReport.objects.all())
    report_by_key = {(r.officer_id, r.enterprise_id, r.day): r for r in reports}
    problems = list(Problem.objects.select_related("enterprise", "handling_region"))
    visits = list(BranchVisit.objects.select_related("enterprise"))
    for day in days:
        stationed = defaultdict(set)
        for a in assignments:
            if not (a.start_date <= day and (a.end_date is None or a.end_date >= day)):
                continue
            exempt = any(x.start_date <= day <= x.end_date and (x.enterprise_id == a.enterprise_id
                                                                   or x.officer_id == a.officer_id)
                         for x in exemptions)
            if exempt:
                continue
            row = figures[(a.enterprise.region_id, day)]
            report = report_by_key.get((a.officer_id, a.enterprise_id, day))
            row["reports_expected"] += 1
            row["reports_filed"] += report is not None
            row["reports_late"] += report is not None and report.is_late
            row["reports_missing"] += report is None
            stationed[a.enterprise.region_id].add(a.enterprise_id)
        for region_id, enterprises in stationed.items():
            figures[(region_id, day)]["enterprises_stationed"] += len(enterprises)

        by_enterprise = defaultdict(list)
        for r in reports:
            if r.day == day:
                by_enterprise[(r.region_id, r.enterprise_id)].append(r)
        for (region_id, _), filed in by_enterprise.items():
            row = figures[(region_id, day)]
            row["enterprises_reporting"] += 1
            row["enterprises_resumed"] += any(r.resumed for r in filed)
            row["workers_on_duty"] += max(r.workers_on_duty for r in filed)
            row["workers_missing"] += max(r.workers_missing for r in filed)
            row["open_positions"] += max(r.open_positions for r in filed)
            row["enterprises_short_of_masks"] += any(r.masks_days < 3 for r in filed)
            row["enterprises_with_suspected_cases"] += any(r.suspected_cases > 0 for r in filed)
            row["suspected_cases"] += max(r.suspected_cases for r in filed)

        for p in problems:
            if p.raised_on > day:
                continue
            row = figures[(p.enterprise.region_id, day)]
            resolved_on, escalated_on = _local(p.resolved_at), _local(p.escalated_at)
            is_open = resolved_on is None or resolved_on > day
            above = p.handling_region.level in (RegionLevel.CITY, RegionLevel.PROVINCE)
            row["problems_new"] += p.raised_on == day
            row["problems_resolved"] += resolved_on == day
            row["problems_open"] += is_open
            row["problems_overdue"] += is_open and p.deadline is not None and p.deadline < day
            row["problems_escalated"] += is_open and above and (escalated_on is None or escalated_on <= day)
            row["problems_escalated_today"] += escalated_on == day
            if p.raised_on == day:
                row["categories"][p.category] = row["categories"].get(p.category, 0) + 1

        visited = defaultdict(set)
        for v in visits:
            if v.visited_on == day:
                figures[(v.enterprise.region_id, day)]["visits_logged"] += 1
                visited[v.enterprise.region_id].add(v.enterprise_id)
        for region_id, enterprises in visited.items():
            figures[(region_id, day)]["enterprises_visited"] += len(enterprises)
    return figures


def expected_summaries(days: list[date]) -> dict[tuple[int, date], dict]:
    """{(region id, day): figures} for every region: the sum of the leaf figures of its whole subtree."""
    leaves = leaf_figures(days)
    paths = dict(Region.objects.values_list("id", "path"))
    result = {}
    for region_id, path in paths.items():
        inside = [leaf_id for leaf_id, leaf_path in paths.items() if leaf_path.startswith(path)]
        for day in days:
            total = dict.fromkeys(MEASURE_NAMES, 0)
            categories = Counter()
            for leaf_id in inside:
                figures = leaves.get((leaf_id, day))
                if figures is None:
                    continue
                for name in MEASURE_NAMES:
                    total[name] += figures[name]
                categories.update(figures["categories"])
            total["problems_new_by_category"] = dict(categories)
            result[(region_id, day)] = total
    return result


def stored_summaries(days: list[date]) -> dict[tuple[int, date], dict]:
    rows = RegionDaySummary.objects.filter(day__in=days).values("region_id", "day", *MEASURE_NAMES,
                                                               "problems_new_by_category")
    return {(row.pop("region_id"), row.pop("day")): row for row in rows}


def assert_summaries_match(days: list[date], *, every_region: bool = True) -> None:
    """Every summary row of `days` equals the direct aggregate; with `every_region`, every region has its row."""
    expected, stored = expected_summaries(days), stored_summaries(days)
    if every_region:
        assert set(stored) == set(expected), "a region or day has no summary row"
    assert stored, "no summary rows at all"
    wrong = {key: (row, expected[key]) for key, row in stored.items() if row != expected[key]}
    if wrong:
        names = dict(Region.objects.values_list("id", "name"))
        key, (got, want) = next(iter(sorted(wrong.items(), key=lambda item: (item[0][1], item[0][0]))))
        diff = {name: (got[name], want[name]) for name in want if got[name] != want[name]}
        raise AssertionError(f"{len(wrong)} summary rows differ; first: {names[key[0]]} {key[1]}: "
                             f"(stored, direct) {diff}")
