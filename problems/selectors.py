"""Reads on the problem ledger; pages and the API share them, each with a fixed number of queries."""

from datetime import date

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from regions.models import Department
from regions.scoping import get_visible_or_404, scope_for

from .choices import CATEGORY_DEPARTMENT_KINDS, OPEN_STATUSES, QUEUE_STATUSES, ProblemStatus
from .models import Problem, ProblemEvent, problem_urgency

LIST_RELATED = ("enterprise__region", "raised_by", "department", "handling_region")


def _with_overdue(queryset: QuerySet, today: date) -> QuerySet:
    return queryset.annotate(
        is_overdue=Case(
            When(status__in=OPEN_STATUSES, deadline__lt=today, then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        )
    )


def _by_urgency(queryset: QuerySet) -> QuerySet:
    """Waiting for dispatch first, then the open ones by deadline (the overdue first), the closed ones last; the
    oldest first among equals. Served by the index problem_ledger_urgency, whose expression this is."""
    return queryset.alias(urgency=problem_urgency()).order_by(
        "urgency", F("deadline").asc(nulls_last=True), "created_at", "id")


def problem_ledger(*, fetched_by, today: date | None = None) -> QuerySet:
    """The office's ledger: the problems it may see by urgency (models.problem_urgency); its filters are
    problems.filters.ProblemLedgerFilterSet, which leaves the closed ones out unless asked."""
    queryset = Problem.objects.visible_to(fetched_by).select_related(*LIST_RELATED)
    return _by_urgency(_with_overdue(queryset, today or timezone.localdate()))


def ledger_next(rows: QuerySet, *, after: Problem) -> Problem | None:
    """The problem that follows `after` among `rows` (the ledger under the filters on screen), whether or not
    `after` is among them. Read before an action moves `after` (a dispatch does), it is the one below it on screen.
    Two queries."""
    place = (Problem.objects.filter(pk=after.pk).annotate(rank=problem_urgency())
             .values("rank", "deadline", "created_at").first())
    if place is None:
        return None
    deadline, created_at = place["deadline"], place["created_at"]
    # In the order urgency, deadline (none last), created_at, id: the rows after `after`'s place.
    later_deadline = (Q(deadline__isnull=True) | Q(deadline__gt=deadline)) if deadline else Q(pk__in=[])
    same_deadline = Q(deadline=deadline) if deadline else Q(deadline__isnull=True)
    later = Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=after.pk)
    return rows.filter(Q(urgency__gt=place["rank"])
                       | Q(urgency=place["rank"]) & (later_deadline | same_deadline & later)).first()


def department_queue(*, fetched_by, status: str = "", today: date | None = None) -> QuerySet:
    """A department's work: problems assigned to the user's departments or co-handled by them, by deadline.

    Open ones by default (assigned, in progress, reopened); `status` shows another, e.g. the resolved ones.
    `is_lead` tells whether the user's department leads (and may start, resolve, decline) or co-handles.
    """
    today = today or timezone.localdate()
    departments = scope_for(fetched_by).department_ids
    co_handled = Problem.co_departments.through.objects.filter(problem=OuterRef("pk"), department_id__in=departments)
    queryset = Problem.objects.visible_to(fetched_by).filter(Q(department_id__in=departments) | Exists(co_handled))
    queryset = queryset.filter(status=status) if status else queryset.filter(status__in=QUEUE_STATUSES)
    queryset = queryset.select_related(*LIST_RELATED).annotate(
        is_lead=Case(When(department_id__in=departments, then=Value(True)), default=Value(False),
                     output_field=BooleanField())
    )
    return _by_urgency(_with_overdue(queryset, today))


def my_problems(*, user, status: str = "", today: date | None = None) -> QuerySet:
    """The problems the signed-in officer raised: those waiting for their confirmation first, then newest."""
    today = today or timezone.localdate()
    queryset = Problem.objects.visible_to(user).filter(raised_by__user=user).select_related(*LIST_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    waiting = Case(When(status=ProblemStatus.RESOLVED, then=Value(0)), default=Value(1))
    return _with_overdue(queryset, today).order_by(waiting, "-raised_on", "-id")


def problem_history(problem: Problem) -> QuerySet:
    return problem.events.select_related("actor", "department").order_by("at", "id")


def _with_history(today: date) -> QuerySet:
    return _with_overdue(
        Problem.objects.select_related("enterprise__region__parent", "raised_by__user", "department__region",
                                       "handling_region")
        .prefetch_related(
            Prefetch("co_departments", queryset=Department.objects.order_by("name")),
            Prefetch("events", queryset=ProblemEvent.objects.select_related("actor", "department")
                     .order_by("at", "id")),
        ),
        today,
    )


def problem_detail(*, fetched_by, pk: int, today: date | None = None) -> Problem:
    """One problem the user may see, with its co-handling departments and its history; 404 otherwise."""
    return get_visible_or_404(_with_history(today or timezone.localdate()), fetched_by, pk=pk)


def problem_after_action(*, pk: int, today: date | None = None) -> Problem:
    """The problem as an action left it, for the answer to the actor who changed it, even when the change took it
    out of their sight (a department that declined it)."""
    return _with_history(today or timezone.localdate()).get(pk=pk)


def dispatch_departments(*, problem: Problem, fetched_by) -> QuerySet:
    """The departments the handling office may dispatch to: its region's and those below, as the user sees them."""
    return (Department.objects.visible_to(fetched_by)
            .filter(region__path__startswith=problem.handling_region.path)
            .select_related("region").order_by("region__path", "name"))


def dispatch_departments_of_office(*, fetched_by) -> QuerySet:
    """The departments the user may dispatch the ledger's problems to at all (a bulk dispatch): those of the regions
    their office manages; each problem still takes only its handling office's (problem_assign decides)."""
    return (Department.objects.visible_to(fetched_by).manageable_by(fetched_by)
            .select_related("region").order_by("region__path", "name"))


# A picker lists every department it offers when they are this few; else only the top region's own.
PICKER_LISTED = 150
PICKER_MATCHES = 20


def department_options(departments: QuerySet) -> list[Department]:
    """What a department picker lists before anything is typed: all of `departments` when they are few (a county's),
    else those of the topmost region among them (the province's own offices, of 2,111); department_search finds the
    rest as one types. One query, two for a long list."""
    listed = list(departments[:PICKER_LISTED + 1])
    if len(listed) <= PICKER_LISTED:
        return listed
    top = departments.order_by("region__depth").values("region__depth")[:1]
    return list(departments.filter(region__depth=top))


def department_search(departments: QuerySet, text: str) -> list[Department]:
    """The departments among `departments` whose name or region's name contains `text`, the nearest tier first."""
    text = " ".join(text.split())
    if not text:
        return department_options(departments)[:PICKER_MATCHES]
    return list(departments.filter(Q(name__icontains=text) | Q(region__name__icontains=text))
                .order_by("region__depth", "region__path", "name")[:PICKER_MATCHES])


def suggested_department(*, problem: Problem, departments: QuerySet) -> Department | None:
    """The department the category usually goes to, nearest the handling office first. One query, over the
    departments of the category's kinds only (a province office may dispatch to 2,111)."""
    kinds = CATEGORY_DEPARTMENT_KINDS.get(problem.category, ())
    by_kind = {}
    for department in departments.filter(kind__in=kinds).order_by("region__depth", "region__path", "name"):
        by_kind.setdefault(department.kind, department)
    for kind in kinds:
        if kind in by_kind:
            return by_kind[kind]
    return None
