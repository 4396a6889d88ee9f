"""Reads on joint Party branches: lists and pages start from `visible_to(user)`; the quota figures come from
`branches.quotas` over visit dates read in one query per page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from enterprises.models import Enterprise
from officers.models import Assignment
from regions.models import Region
from regions.scoping import get_visible_or_404, scope_for

from .models import Branch, BranchDemand, BranchEnterprise, BranchMember, BranchResource, BranchVisit
from .quotas import WEEK, WeekProgress, required_between, required_in_week, week_progress, week_start

TREND_WEEKS = 8
RECENT_VISITS = 20


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _active_in(start: date, end: date, prefix: str = "") -> Q:
    """Members who belonged to the branch on some day of [start, end] (`prefix`: the lookup to the member)."""
    return Q(**{f"{prefix}joined_on__lte": end}) & (Q(**{f"{prefix}left_on__isnull": True})
                                                     | Q(**{f"{prefix}left_on__gte": start}))


# Branches -------------------------------------------------------------------------------------------------------


def branch_list(*, fetched_by, search: str = "") -> QuerySet[Branch]:
    """The branches the user may see with their enterprise and sitting member counts, by name."""
    today = timezone.localdate()
    queryset = Branch.objects.visible_to(fetched_by).select_related("region", "department")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(department__name__icontains=search))
    return queryset.annotate(
        enterprise_count=Count("coverage", distinct=True),
        member_count=Count("members", filter=_active_in(today, today, "members__"), distinct=True),
    ).order_by("region__path", "name", "id")


def branch_detail(*, fetched_by, pk: int) -> Branch:
    """One branch the user may see (404 otherwise), with its region, department and enterprises."""
    queryset = Branch.objects.select_related("region", "department__region").prefetch_related(
        Prefetch("coverage", queryset=BranchEnterprise.objects.select_related("enterprise__region")
                 .order_by("enterprise__name")),
    )
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def branch_resources(*, branch: Branch) -> QuerySet[BranchResource]:
    return branch.resources.order_by("-created_at", "-id")


def branch_demands(*, branch: Branch) -> QuerySet[BranchDemand]:
    return branch.demands.select_related("enterprise", "resource", "problem").order_by("-created_at", "-id")


def branch_recent_visits(*, branch: Branch, limit: int = RECENT_VISITS) -> QuerySet[BranchVisit]:
    return branch.visits.select_related("member", "enterprise", "problem").order_by("-visited_on", "-id")[:limit]


def demand_detail(*, fetched_by, pk: int) -> BranchDemand:
    queryset = BranchDemand.objects.select_related("branch__region", "enterprise__region", "resource", "problem")
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def visit_detail(*, fetched_by, pk: int) -> BranchVisit:
    queryset = BranchVisit.objects.select_related("branch__region", "member", "enterprise__region", "problem")
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def member_detail(*, fetched_by, pk: int) -> BranchMember:
    queryset = BranchMember.objects.select_related("branch__region", "officer", "user")
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def visit_list(*, fetched_by) -> QuerySet[BranchVisit]:
    """Visits the user may see, newest first, with what a row shows (the visits page, its export and the API)."""
    return BranchVisit.objects.visible_to(fetched_by).select_related(
        "branch", "member", "enterprise__region", "problem").order_by("-visited_on", "-id")


# Coverage -------------------------------------------------------------------------------------------------------


def uncovered_enterprises(*, fetched_by, today: date | None = None) -> QuerySet[Enterprise]:
    """Enterprises in the user's scope with an officer stationed today and no joint Party branch covering them."""
    today = _today(today)
    stationed = Assignment.objects.active_on(today).filter(enterprise=OuterRef("pk"))
    covered = BranchEnterprise.objects.filter(enterprise=OuterRef("pk"))
    return (Enterprise.objects.visible_to(fetched_by).filter(Exists(stationed)).exclude(Exists(covered))
            .select_related("region").order_by("region__path", "name", "id"))


# Quotas ---------------------------------------------------------------------------------------------------------


def _visit_days(member_ids, start: date, end: date) -> dict[int, list[date]]:
    days: dict[int, list[date]] = defaultdict(list)
    rows = BranchVisit.objects.filter(member_id__in=list(member_ids), visited_on__gte=start, visited_on__lte=end)
    for member_id, day in rows.values_list("member_id", "visited_on"):
        days[member_id].append(day)
    return days


@dataclass
class MemberCompliance:
    member: BranchMember
    this_week: WeekProgress
    weeks: list[WeekProgress] = field(default_factory=list)  # oldest first


@dataclass
class BranchCompliance:
    monday: date
    members: list[MemberCompliance]
    # Per week, oldest first: (monday, members who owed visits, of them those who met the quota).
    trend: list[tuple[date, int, int]]

    @property
    def owing(self) -> list[MemberCompliance]:
        return [row for row in self.members if row.this_week.required > 0]

    @property
    def met(self) -> list[MemberCompliance]:
        return [row for row in self.owing if row.this_week.met]

    @property
    def missed(self) -> list[MemberCompliance]:
        return [row for row in self.owing if not row.this_week.met]


def branch_compliance(*, branch: Branch, today: date | None = None, weeks: int = TREND_WEEKS) -> BranchCompliance:
    """Who met the quota this ISO week and who did not, and the share meeting it over the last `weeks` weeks.

    Two queries: the members who belonged in the window, and their visit dates.
    """
    monday = week_start(_today(today))
    first = monday - WEEK * (weeks - 1)
    sunday = monday + timedelta(days=6)
    members = list(branch.members.filter(_active_in(first, sunday)).select_related("officer").order_by(
        "role", "name", "id"))
    days = _visit_days([m.pk for m in members], first, sunday)
    mondays = [first + WEEK * n for n in range(weeks)]
    rows = []
    for member in members:
        progress = [week_progress(role=member.role, joined_on=member.joined_on, left_on=member.left_on, monday=m,
                                  visit_days=days.get(member.pk, ())) for m in mondays]
        rows.append(MemberCompliance(member=member, this_week=progress[-1], weeks=progress))
    trend = []
    for index, m in enumerate(mondays):
        owing = [row.weeks[index] for row in rows if row.weeks[index].required > 0]
        trend.append((m, len(owing), sum(1 for p in owing if p.met)))
    return BranchCompliance(monday=monday, members=rows, trend=trend)


@dataclass
class RegionComplianceRow:
    region: Region | None  # None: branches organised by the region itself
    branches: int = 0
    members_owing: int = 0
    members_met: int = 0
    visits: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.members_met / self.members_owing) if self.members_owing else None


def region_compliance(*, fetched_by, region: Region, today: date | None = None) -> list[RegionComplianceRow]:
    """This ISO week per child region of `region` (where the branches are organised): branches, members owing
    visits, members who met the quota, visits logged. Three queries whatever the number of branches."""
    monday = week_start(_today(today))
    sunday = monday + timedelta(days=6)
    children = list(Region.objects.filter(parent=region).order_by("path"))
    branches = Branch.objects.visible_within(fetched_by, region).filter(region__path__startswith=region.path)
    members = (BranchMember.objects.filter(branch__in=branches.values("pk")).filter(_active_in(monday, sunday))
               .values("branch_id", "role", "joined_on", "left_on", "branch__region__path")
               .annotate(week_visits=Count("visits", filter=Q(visits__visited_on__gte=monday,
                                                               visits__visited_on__lte=sunday))))
    own = RegionComplianceRow(region=None)
    rows = {child.path: RegionComplianceRow(region=child) for child in children}

    def row_of(path: str) -> RegionComplianceRow:
        return next((row for prefix, row in rows.items() if path.startswith(prefix)), own)

    for path in branches.values_list("region__path", flat=True):
        row_of(path).branches += 1
    for member in members:
        row = row_of(member["branch__region__path"])
        required = required_in_week(role=member["role"], joined_on=member["joined_on"], left_on=member["left_on"],
                                    monday=monday)
        row.visits += member["week_visits"]
        if required:
            row.members_owing += 1
            row.members_met += member["week_visits"] >= required
    result = [rows[child.path] for child in children if rows[child.path].branches]
    if own.branches:
        result.insert(0, own)
    return result


def compliance_regions(*, fetched_by) -> list[Region]:
    """The regions whose compliance an office may open: the tops of its scope (every province for an admin)."""
    scope = scope_for(fetched_by)
    if scope.everything:
        return list(Region.objects.filter(parent__isnull=True).order_by("path"))
    return list(Region.objects.filter(path__in=scope.region_paths).order_by("path"))


@dataclass
class MyMembership:
    member: BranchMember
    progress: WeekProgress


def my_memberships(*, user, today: date | None = None) -> list[MyMembership]:
    """The user's sitting memberships with this ISO week's progress ("this week: 2 / 3 visits")."""
    today = _today(today)
    monday = week_start(today)
    members = list(BranchMember.objects.filter(user=user).filter(_active_in(today, today))
                   .select_related("branch__region").prefetch_related(
                       Prefetch("branch__coverage", queryset=BranchEnterprise.objects.select_related("enterprise")
                                .order_by("enterprise__name")))
                   .order_by("branch__name", "id"))
    days = _visit_days([m.pk for m in members], monday, monday + timedelta(days=6))
    return [MyMembership(member=m, progress=week_progress(role=m.role, joined_on=m.joined_on, left_on=m.left_on,
                                                         monday=monday, visit_days=days.get(m.pk, ())))
            for m in members]


def my_recent_visits(*, user, limit: int = RECENT_VISITS) -> QuerySet[BranchVisit]:
    return (BranchVisit.objects.filter(member__user=user).select_related("enterprise", "branch", "problem")
            .order_by("-visited_on", "-id")[:limit])


def officer_visit_counts(*, officer_ids, start: date, end: date) -> dict[int, tuple[int, int]]:
    """officer id -> (visits logged in [start, end], visits the quota required over the ISO weeks of [start, end]
    while the officer was a member, summed over their branches); officers with no membership are absent.

    Two queries whatever the number of officers (the assessments read it for a whole round).
    """
    members = list(BranchMember.objects.filter(officer_id__in=list(officer_ids))
                   .values_list("pk", "officer_id", "role", "joined_on", "left_on"))
    counts = dict.fromkeys({officer_id for _, officer_id, *_ in members}, (0, 0))
    logged = dict(BranchVisit.objects.filter(member_id__in=[pk for pk, *_ in members], visited_on__gte=start,
                                             visited_on__lte=end)
                  .values("member_id").annotate(n=Count("id")).values_list("member_id", "n"))
    for pk, officer_id, role, joined_on, left_on in members:
        visits, required = counts[officer_id]
        counts[officer_id] = (visits + logged.get(pk, 0),
                              required + required_between(role=role, joined_on=joined_on, left_on=left_on,
                                                          start=start, end=end))
    return counts
