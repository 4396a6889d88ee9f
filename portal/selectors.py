"""Reads for the people-facing pages that combine apps: each role's worklist (the home page) and the rosters.

A worklist is the first few rows of each list someone has to work through, with how many there are and the link to
the whole list; every part reads a fixed number of queries, whatever the number of rows (tests/portal assert it).
Figures a summary row already holds (the missing reports of a day) come from the summaries app, not from the raw
rows: at province scale counting 24,000 officers' expected reports costs hundreds of milliseconds.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone

from assessments.choices import Grade, RoundStatus, Source
from assessments.models import SCORE_FIELDS, AssessmentRound, OfficerAssessment
from assessments.selectors import round_list
from assessments.services import organization_regions
from branches.quotas import iso_week_label
from branches.selectors import MyMembership, my_memberships
from dashboards.models import Bulletin
from dashboards.selectors import HANDLED_ABOVE, overdue_by_department
from enterprises.selectors import enterprise_list
from meetings.choices import OPEN_STATUSES as ITEM_OPEN_STATUSES
from meetings.models import RectificationItem
from meetings.selectors import iso_week
from officers.selectors import active_on
from problems.choices import OPEN_STATUSES, ProblemAction, ProblemStatus
from problems.models import Problem, ProblemEvent
from problems.selectors import LIST_RELATED, department_queue, my_problems
from regions.models import Department, Region
from regions.scoping import Scope, scope_for
from reports.clock import day_closes_at, is_day_open
from reports.selectors import expected_assignments, reporting_counts
from summaries.models import RegionDaySummary
from summaries.selectors import summary_trend

# Rows each part of a worklist shows before "all N": enough for a phone's screen.
FIRST_ROWS = 5
# A department's queue shows more: it is that user's whole job.
QUEUE_ROWS = 10
# Departments listed with their overdue problems, the most first (a province has hundreds with some).
OVERDUE_DEPARTMENTS = 8


@dataclass
class Firsts:
    """The first rows of a list, how many it holds in all, and the page with all of them."""

    rows: list
    count: int
    url: str = ""

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.rows))


def _firsts(queryset: QuerySet, url: str = "", limit: int = FIRST_ROWS) -> Firsts:
    """One query: the first `limit` rows, each carrying the count of all of them (a window over the whole list,
    computed before the limit). A separate COUNT would filter and join the same rows a second time."""
    rows = list(queryset.annotate(list_total=Window(Count("id")))[:limit])
    return Firsts(rows=rows, count=rows[0].list_total if rows else 0, url=url)


def _url(name: str, query: dict | None = None, args=()) -> str:
    base = reverse(name, args=args)
    return f"{base}?{urlencode(query)}" if query else base


# Liaison offices ------------------------------------------------------------------------------------------------


def office_regions(*, scope: Scope) -> list[Region]:
    """The regions whose liaison office the user works for (the province for an administrator): a worklist each."""
    if scope.everything:
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return list(Region.objects.filter(path__in=scope.managed_region_paths).order_by("depth", "code"))


@dataclass
class MissingReports:
    """A day's reports not filed in the region: the figures from its summary row, the first reporters to call."""

    day: date
    expected: int | None
    filed: int | None
    count: int
    first: list
    url: str
    computed_at: datetime | None = None  # when the summary row was computed; None: counted live, it had none yet
    closes_at: datetime | None = None  # until when reports of the day may still be filed; None: closed


@dataclass
class OverdueDepartment:
    department_id: int | None
    name: str
    region_name: str
    count: int
    url: str


@dataclass
class OfficeWorklist:
    region: Region
    missing: MissingReports
    undispatched: Firsts
    overdue: list[OverdueDepartment]  # the departments with the most, at most OVERDUE_DEPARTMENTS
    overdue_departments: int
    overdue_total: int
    overdue_url: str
    escalated: Firsts | None  # None for a county or park office: nothing is escalated to it
    items_due: Firsts
    week: str
    bulletin: Bulletin | None


def first_missing_reporters(*, region: Region, day: date, fetched_by, limit: int = FIRST_ROWS) -> list:
    """The first `limit` of the day's missing reports (reports.selectors.expected_assignments, as the missing list
    reads them), in the missing list's order. As dashboards.selectors.missing_reporters, taken in id order so the
    database stops at the `limit`-th; with only what the card shows joined (officer, enterprise and its region), it
    plans and runs in about half the time (10 against 20 ms at province scale)."""
    first = list(expected_assignments(day=day, fetched_by=fetched_by, region=region).filter(has_report=False)
                 .select_related("officer", "enterprise__region").order_by("pk")[:limit])
    return sorted(first, key=lambda a: (a.enterprise.region.path, a.officer.name, a.enterprise.name))


def missing_reports(*, region: Region, day: date, fetched_by) -> MissingReports:
    """The day's missing reports of the region: the count from the region's summary row (one indexed row) and the
    first reporters in the dashboard's order. Two queries; a third counts them live while the day's row is not
    computed yet."""
    summary: RegionDaySummary | None = summary_trend(region=region, start=day, end=day, fetched_by=fetched_by).first()
    if summary is not None:
        expected, filed, count = summary.reports_expected, summary.reports_filed, summary.reports_missing
    else:
        counts = reporting_counts(day=day, fetched_by=fetched_by, region=region)
        expected, filed, count = counts["expected"], counts["filed"], counts["missing"]
    first = first_missing_reporters(region=region, day=day, fetched_by=fetched_by)
    return MissingReports(day=day, expected=expected, filed=filed, count=count, first=first,
                          url=_url("reports:missing", {"day": day.isoformat(), "region": region.pk}),
                          computed_at=summary.computed_at if summary is not None else None,
                          closes_at=day_closes_at(day) if is_day_open(day) else None)


def _handled_here(*, region: Region, fetched_by, today: date) -> QuerySet:
    """The open problems the region's own office handles now (not those of the offices below it): those waiting for
    a department first, then by deadline (the overdue first), the oldest first among equals, as the ledger orders
    them; each with the ledger's `is_overdue` (open, so past its deadline) and its list columns.

    Read within the region (`visible_within`, the handling office is in it) rather than through problem_ledger: the
    ledger's scoping subquery scans every problem of the province (15 ms a list); the handling-office index finds
    these directly.
    """
    return (Problem.objects.visible_within(fetched_by, region)
            .filter(handling_region=region, status__in=OPEN_STATUSES)
            .select_related(*LIST_RELATED).annotate(is_overdue=Q(deadline__lt=today))
            .order_by(F("department").asc(nulls_first=True), F("deadline").asc(nulls_last=True), "created_at", "id"))


@dataclass
class OverdueByDepartment:
    """The departments with the most overdue problems (at most OVERDUE_DEPARTMENTS), and the totals of all."""

    rows: list[OverdueDepartment]
    departments: int
    total: int


def overdue_departments(*, region: Region, fetched_by, today: date) -> OverdueByDepartment:
    """The region's overdue problems counted per department (dashboards' overdue_by_department, the summaries'
    rule); the first departments link to their rows of the ledger. Two queries: the counts, and which of the first
    departments the user's ledger may filter by (a problem escalated to the city may sit with a department a county
    does not see)."""
    counted = overdue_by_department(region=region, day=today, fetched_by=fetched_by)
    first = counted[:OVERDUE_DEPARTMENTS]
    ids = [row["department_id"] for row in first if row["department_id"]]
    filterable = set(Department.objects.visible_to(fetched_by).filter(pk__in=ids).values_list("pk", flat=True)) \
        if ids else set()
    ledger = f"{reverse('problem-list')}?overdue=true"
    rows = []
    for row in first:
        department_id = row["department_id"]
        if department_id is None:
            url = f"{ledger}&department=none"
        elif department_id in filterable:
            url = f"{ledger}&department={department_id}"
        else:
            url = ledger
        rows.append(OverdueDepartment(department_id=department_id, name=row["department__name"] or "",
                                      region_name=row["department__region__name"] or "", count=row["count"],
                                      url=url))
    return OverdueByDepartment(rows=rows, departments=len(counted), total=sum(row["count"] for row in counted))


def items_due_this_week(*, region: Region, fetched_by, today: date, url: str = "") -> Firsts:
    """The rectification items of the region's meetings (by the meeting's office or its enterprise's region, as the
    items list's region filter matches them) still open and due in this ISO week, soonest first. Two queries (one
    when there is none).

    A province has some 4,000 of them a week, so each step keeps to the few rows it needs: read within the region
    (`visible_within`: the region is the office's own, so the scoping subquery through every meeting's attendees,
    ~100 ms, would filter nothing); matched by the ids of the subtree's regions, and not at all for the root, whose
    subtree is every region; the first ids and the count in one query, then those few items with their meetings
    (joining the meetings' enterprises and branches to every item before the sort cost 20 ms).
    """
    monday, sunday = iso_week(today)
    items = RectificationItem.objects.visible_within(fetched_by, region).filter(
        status__in=ITEM_OPEN_STATUSES, due_on__range=(monday, sunday))
    if region.parent_id is not None:
        subtree = Region.objects.filter(path__startswith=region.path).values("pk")
        items = items.filter(Q(meeting__region_id__in=subtree) | Q(meeting__enterprise__region_id__in=subtree))
    first = list(items.annotate(list_total=Window(Count("id"))).order_by("due_on", "id")
                 .values_list("pk", "list_total")[:FIRST_ROWS])
    by_pk = RectificationItem.objects.select_related("meeting__enterprise", "meeting__branch").in_bulk(
        [pk for pk, _ in first]) if first else {}
    return Firsts(rows=[by_pk[pk] for pk, _ in first], count=first[0][1] if first else 0, url=url)


def office_worklist(*, region: Region, day: date, fetched_by, today: date | None = None) -> OfficeWorklist:
    """What a liaison office works through first: the day's missing reports, the problems waiting for its
    dispatch, the overdue ones by department, those escalated to its tier, the rectification items due this week,
    its latest bulletin. Ten queries at most (eleven while the day's summary row is not computed), whatever the
    number of rows."""
    today = today or timezone.localdate()
    undispatched = _handled_here(region=region, fetched_by=fetched_by, today=today).filter(department__isnull=True)
    escalated = None
    if region.level in HANDLED_ABOVE:
        escalated = _firsts(_handled_here(region=region, fetched_by=fetched_by, today=today),
                            _url("problem-list", {"tier": region.level}))
    week = iso_week_label(today)
    items_due = items_due_this_week(region=region, fetched_by=fetched_by, today=today,
                                    url=_url("meetings:items", {"due_week": week, "region": region.pk}))
    overdue = overdue_departments(region=region, fetched_by=fetched_by, today=today)
    bulletin = (Bulletin.objects.visible_to(fetched_by).filter(region=region, day__lte=today)
                .order_by("-day").first())
    return OfficeWorklist(
        region=region,
        missing=missing_reports(region=region, day=day, fetched_by=fetched_by),
        undispatched=_firsts(undispatched, _url("problem-list", {"department": "none", "tier": region.level})),
        overdue=overdue.rows,
        overdue_departments=overdue.departments,
        overdue_total=overdue.total,
        overdue_url=_url("problem-list", {"overdue": "true"}),
        escalated=escalated,
        items_due=items_due,
        week=week,
        bulletin=bulletin,
    )


# Departments ----------------------------------------------------------------------------------------------------


@dataclass
class DepartmentWorklist:
    queue: Firsts
    overdue: int
    came_back: Firsts
    co_handled: Firsts


def department_worklist(*, fetched_by, today: date | None = None) -> DepartmentWorklist:
    """A department's open problems by deadline (the overdue first); those that came back to it, reopened by the
    officer as not solved or dispatched to it again after it declined them; and those it co-handles.

    Two queries. The whole queue of problems.selectors.department_queue is read once, as ids and marks only: a
    department's open problems are its day's work, tens of rows, and going through the ledger's scoping once (a
    scan of every problem at province scale) costs less than counting and slicing the queue four times. Then the
    few problems shown are read by id with their list columns; joining those to every row of the queue cost 20 ms.
    """
    declined_here = ProblemEvent.objects.filter(problem=OuterRef("pk"), action=ProblemAction.DECLINED,
                                                department_id__in=scope_for(fetched_by).department_ids)
    marks = list(department_queue(fetched_by=fetched_by, today=today).annotate(declined_here=Exists(declined_here))
                 .select_related(None).values_list("pk", "status", "is_overdue", "is_lead", "declined_here"))
    queue = [pk for pk, *_ in marks]
    came_back = [pk for pk, status, _, _, declined in marks if status == ProblemStatus.REOPENED or declined]
    co_handled = [pk for pk, _, _, lead, _ in marks if not lead]
    shown = {*queue[:QUEUE_ROWS], *came_back[:FIRST_ROWS], *co_handled[:FIRST_ROWS]}
    problems = Problem.objects.select_related(*LIST_RELATED).in_bulk(shown) if shown else {}
    for pk, _, overdue, lead, _ in marks:
        if pk in problems:
            problems[pk].is_overdue, problems[pk].is_lead = overdue, lead
    url = reverse("problem-queue")

    def firsts(pks: list[int], limit: int = FIRST_ROWS) -> Firsts:
        return Firsts(rows=[problems[pk] for pk in pks[:limit]], count=len(pks), url=url)

    return DepartmentWorklist(queue=firsts(queue, QUEUE_ROWS), overdue=sum(1 for mark in marks if mark[2]),
                              came_back=firsts(came_back), co_handled=firsts(co_handled))


# Officers -------------------------------------------------------------------------------------------------------


@dataclass
class OfficerWorklist:
    to_confirm: Firsts
    memberships: list[MyMembership]

    @property
    def visits_owed(self) -> int:
        return sum(max(0, m.progress.required - m.progress.visits) for m in self.memberships)


def officer_worklist(*, user, today: date | None = None) -> OfficerWorklist:
    """Beside the day's reports: the officer's problems resolved and waiting for their confirmation, and this ISO
    week's visits against the quota of each branch they sit in. Four queries."""
    today = today or timezone.localdate()
    return OfficerWorklist(
        to_confirm=_firsts(my_problems(user=user, status=ProblemStatus.RESOLVED, today=today),
                           reverse("my-problems")),
        memberships=my_memberships(user=user, today=today),
    )


# Organisation departments ---------------------------------------------------------------------------------------


@dataclass
class SourceProgress:
    source: str
    label: str
    weight: int
    scored: int
    officers: int
    missing_url: str

    @property
    def missing(self) -> int:
        return self.officers - self.scored


@dataclass
class RoundProgress:
    """An open round as the organisation department sees it: its officers' progress (all of them in a round it runs,
    its own region's in a round run above it) and the round's excellent quota."""

    round: AssessmentRound
    runs: bool  # the user's organisation department runs it (the round's region is its own or below)
    officers: int
    graded: int
    sources: list[SourceProgress] = field(default_factory=list)
    # The excellent quota of the whole round, as assessments.services.excellent_places counts it.
    excellent_allowed: int = 0
    excellent_taken: int = 0

    @property
    def excellent_left(self) -> int:
        return max(0, self.excellent_allowed - self.excellent_taken)

    @property
    def ungraded_url(self) -> str:
        return _url("assessments:round", {"graded": "false"}, args=[self.round.pk])


def _by_round(assessments: QuerySet, **counts) -> dict[int, dict]:
    return {row["round_id"]: row for row in assessments.order_by().values("round_id").annotate(**counts)}


def organization_worklist(*, fetched_by) -> list[RoundProgress] | None:
    """The open rounds an organisation department sees, those it runs first: how many of the officers it sees every
    weighted source has scored and how many are graded, and the round's excellent places taken of those allowed;
    None for a user of no organisation department. Four queries, whatever the number of rounds and officers."""
    regions = organization_regions(fetched_by)
    if not regions:
        return None
    rounds = list(round_list(fetched_by=fetched_by).filter(status=RoundStatus.OPEN).order_by("period_end", "id"))
    if not rounds:
        return []
    seen = _by_round(
        OfficerAssessment.objects.visible_to(fetched_by).filter(round__in=rounds),
        officers=Count("id"), graded=Count("id", filter=~Q(grade="")),
        **{source: Count("id", filter=Q(**{f"{SCORE_FIELDS[source]}__isnull": False})) for source in Source.values})
    whole = _by_round(OfficerAssessment.objects.filter(round__in=rounds), officers=Count("id"),
                      excellent=Count("id", filter=Q(grade=Grade.EXCELLENT)))
    result = []
    for assessment_round in rounds:
        row, quota = seen.get(assessment_round.pk, {}), whole.get(assessment_round.pk, {})
        officers, weights = row.get("officers", 0), assessment_round.weights
        result.append(RoundProgress(
            round=assessment_round,
            runs=any(assessment_round.region.path.startswith(region.path) for region in regions),
            officers=officers, graded=row.get("graded", 0),
            sources=[SourceProgress(source=source, label=str(label), weight=weights[source],
                                    scored=row.get(source, 0), officers=officers,
                                    missing_url=_url("assessments:round", {source: "missing"},
                                                     args=[assessment_round.pk]))
                     for source, label in Source.choices if weights[source]],
            excellent_allowed=assessment_round.excellent_allowed(quota.get("officers", 0)),
            excellent_taken=quota.get("excellent", 0),
        ))
    result.sort(key=lambda progress: not progress.runs)
    return result


# Rosters --------------------------------------------------------------------------------------------------------


def roster_enterprises(*, fetched_by) -> QuerySet:
    """The enterprise roster page: enterprise_list plus how many officers are stationed there today."""
    today = timezone.localdate()
    return enterprise_list(fetched_by=fetched_by).annotate(
        active_officer_count=Count("assignments", filter=active_on(today, "assignments__"), distinct=True)
    )
