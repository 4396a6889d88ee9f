"""Writes on the problem ledger: raise, dispatch, decline, work, resolve, confirm or reopen, escalate.

Every service locks the problem row, checks the actor's role and the problem's status, saves and writes exactly one
`ProblemEvent` (who, when, what). Refusals are ValidationErrors with translatable messages; nothing is changed.
The events someone must act on (dispatched, declined, resolved, reopened, escalated; overdue from the morning job)
tell them through notifications.notify_many in the event's own transaction, once per event (its dedupe key).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from enterprises.models import Enterprise
from notifications.choices import NoticeKind
from notifications.selectors import department_staff_ids, office_staff_ids
from notifications.services import NoticeDraft, notify_many
from officers.models import Assignment, Officer
from regions.choices import RegionLevel
from regions.models import Department, Region
from regions.scoping import can_manage, scope_for
from workcalendar.selectors import add_working_days, is_workday, working_days

from .choices import (
    ALLOWED_FROM,
    CATEGORY_DEADLINE_DAYS,
    OPEN_STATUSES,
    ProblemAction,
    ProblemStatus,
)
from .models import TEXT_LIMIT, Problem, ProblemEvent

# Escalation goes from the enterprise's county or park to its city, then to the province.
NEXT_TIER_LEVEL = {
    RegionLevel.PARK: RegionLevel.CITY,
    RegionLevel.COUNTY: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.PROVINCE,
}


# Roles -------------------------------------------------------------------------------------------------------


def is_handling_office(user, problem: Problem) -> bool:
    """The liaison office that owns the problem now (or one above it, or an administrator): Problem's manage path."""
    return user is not None and can_manage(user, problem)


def is_department_staff(user, problem: Problem) -> bool:
    """Staff of the department the problem is assigned to (co-handling departments follow, they do not lead)."""
    return user is not None and problem.department_id is not None and \
        problem.department_id in scope_for(user).department_ids


def is_raiser(user, problem: Problem) -> bool:
    return user is not None and problem.raised_by.user_id == user.pk


def problem_actions_for(*, user, problem: Problem) -> frozenset[str]:
    """What `user` may do to `problem` now, for pages and API clients to offer; the services decide again."""
    office, staff, raiser = (is_handling_office(user, problem), is_department_staff(user, problem),
                             is_raiser(user, problem))
    roles = {
        ProblemAction.ASSIGNED: office,
        ProblemAction.DECLINED: staff,
        ProblemAction.STARTED: staff,
        ProblemAction.RESOLVED: office or staff,
        ProblemAction.CONFIRMED: raiser,
        ProblemAction.REOPENED: raiser,
        ProblemAction.ESCALATED: office and problem.handling_region.level != RegionLevel.PROVINCE,
        ProblemAction.DEADLINE_CHANGED: office,
    }
    return frozenset(action for action, allowed in roles.items()
                     if allowed and problem.status in ALLOWED_FROM[action])


def _ensure_office(actor, problem: Problem) -> None:
    if not is_handling_office(actor, problem):
        raise ValidationError(_("Only the liaison office handling this problem (%(office)s) may do this.")
                              % {"office": problem.handling_region.name})


def _ensure_department_staff(actor, problem: Problem) -> None:
    if not is_department_staff(actor, problem):
        if problem.department_id is None:
            raise ValidationError(_("This problem is not assigned to a department."))
        raise ValidationError(_("Only the staff of %(department)s, the department this problem is assigned to, "
                                "may do this.") % {"department": problem.department.name})


def _ensure_raiser(actor, problem: Problem) -> None:
    if not is_raiser(actor, problem):
        raise ValidationError(_("Only the officer who raised this problem may confirm or reopen it."))


def _ensure_status(problem: Problem, action: str) -> None:
    if problem.status not in ALLOWED_FROM[action]:
        raise ValidationError(_("This cannot be done while the problem is “%(status)s”.")
                              % {"status": problem.get_status_display()})


def _required_text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("Please write a few words: this field is required.")})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: _("Please keep this under %(limit)d characters.") % {"limit": TEXT_LIMIT}})
    return text


def _ensure_deadline(deadline: date, today: date) -> None:
    if deadline < today:
        raise ValidationError({"deadline": _("A deadline cannot be in the past.")})


# Telling -------------------------------------------------------------------------------------------------------
# Notices are written in the portal's language (settings.LANGUAGE_CODE), whoever acted, as the other emitting apps
# do; each names its event in its dedupe key, so an event handled twice tells nobody twice. Nobody is told of their
# own action.


def _subjects(problems: Sequence[Problem]) -> dict[int, str]:
    """What each problem is about, "enterprise · category", for a notice's title (call it inside override): one
    query for the enterprises' names however many problems."""
    names = dict(Enterprise.objects.filter(pk__in={p.enterprise_id for p in problems}).values_list("pk", "name"))
    return {p.pk: f"{names[p.enterprise_id]} · {p.get_category_display()}" for p in problems}


def _subject(problem: Problem) -> str:
    return _subjects([problem])[problem.pk]


def _drafts(problem_id: int, recipients: Iterable[int], *, actor, title: str, body: str, key: str
            ) -> list[NoticeDraft]:
    url = reverse("problem-detail", args=[problem_id])
    return [NoticeDraft(recipient_id=user_id, title=title, body=body, url=url, dedupe_key=key)
            for user_id in dict.fromkeys(recipients) if actor is None or user_id != actor.pk]


def _tell(kind: str, problem: Problem, recipients: Iterable[int], *, actor, title: str, body: str, key: str) -> int:
    return notify_many(kind=kind, drafts=_drafts(problem.pk, recipients, actor=actor, title=title, body=body,
                                                 key=key))


def _tell_dispatched(dispatches: Sequence["_Dispatch"], *, actor) -> int:
    """Tell the people each dispatch concerns, one notice a person a dispatch: the department's staff (dispatched, or
    dispatched again), each co-handling department's (co-handling, led by the department), and on a re-dispatch to
    another department the staff of the one it was taken from. Leading outranks co-handling, and co-handling outranks
    losing it (a department taken off the lead but kept as a co-handler hears that it co-handles).

    The staff read once per department and one notify_many per kind, so telling costs a bulk dispatch of 200 problems
    about twenty queries, however many problems (one notify a problem would cost 2,200)."""
    if not dispatches:
        return 0
    department_ids = set()
    for dispatch in dispatches:
        department_ids |= {dispatch.problem.department_id, *dispatch.co_department_ids}
        if dispatch.taken_from_id is not None:
            department_ids.add(dispatch.taken_from_id)
    staff = {department_id: department_staff_ids(department_ids=[department_id]) for department_id in department_ids}
    drafts: dict[str, list[NoticeDraft]] = {NoticeKind.DISPATCHED: [], NoticeKind.REDISPATCHED: []}
    with override(settings.LANGUAGE_CODE):
        subjects = _subjects([dispatch.problem for dispatch in dispatches])
        for dispatch in dispatches:
            problem, event = dispatch.problem, dispatch.event
            words = {"deadline": problem.deadline.isoformat(), "subject": subjects[problem.pk],
                     "department": problem.department.name}
            kind = NoticeKind.REDISPATCHED if dispatch.again else NoticeKind.DISPATCHED
            title = (_("Dispatched to you again, due %(deadline)s: %(subject)s") if dispatch.again
                     else _("Dispatched to you, due %(deadline)s: %(subject)s")) % words
            leads = staff[problem.department_id]
            drafts[kind] += _drafts(problem.pk, leads, actor=actor, title=title, body=problem.description,
                                    key=f"problem:{problem.pk}:{kind}:{event.pk}")
            told = set(leads)
            co_handlers = [user_id for department_id in dispatch.co_department_ids for user_id in staff[department_id]
                           if user_id not in told]
            led_by = _("Led by %(department)s.") % words
            drafts[NoticeKind.DISPATCHED] += _drafts(
                problem.pk, co_handlers, actor=actor, title=_("Co-handling, due %(deadline)s: %(subject)s") % words,
                body=f"{led_by}\n\n{problem.description}", key=f"problem:{problem.pk}:co-handling:{event.pk}")
            told.update(co_handlers)
            if dispatch.taken_from_id is not None:
                drafts[NoticeKind.REDISPATCHED] += _drafts(
                    problem.pk, [user_id for user_id in staff[dispatch.taken_from_id] if user_id not in told],
                    actor=actor, title=_("Taken from you and dispatched to %(department)s: %(subject)s") % words,
                    body="", key=f"problem:{problem.pk}:taken:{event.pk}")
    return sum(notify_many(kind=kind, drafts=rows) for kind, rows in drafts.items() if rows)


# Writing -------------------------------------------------------------------------------------------------------


class ProblemChanged(Exception):
    """The problem changed since the page or API call it was acted on was built: nothing was written.

    `message` names who changed it and when (from the problem's history); `problem` is the current row.
    """

    def __init__(self, message: str, problem: Problem, event: ProblemEvent | None):
        super().__init__(message)
        self.message = message
        self.problem = problem
        self.event = event


def _lock(problem: Problem, expected_version: int | None = None) -> Problem:
    """The problem's row, locked until the transaction ends, so two hands never overwrite each other.

    With `expected_version` (the version the user's page or API call saw), a problem changed since is refused.
    """
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    if expected_version is not None and locked.version != expected_version:
        raise _changed(locked)
    return locked


def _changed(problem: Problem) -> ProblemChanged:
    event = problem.events.select_related("actor").order_by("-at", "-id").first()
    if event is None:
        message = _("This problem was changed after you opened it. Nothing was saved: look at it again and decide.")
    else:
        who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else _("the system")
        message = _("This problem was changed after you opened it: by %(who)s at %(when)s (%(action)s; it is now "
                    "“%(status)s”). Nothing was saved: look at it again and decide.") % {
            "who": who, "action": event.get_action_display(), "status": problem.get_status_display(),
            "when": date_format(timezone.localtime(event.at), "Y-m-d H:i")}
    return ProblemChanged(message, problem, event)


def _record(problem: Problem, *, actor, action: str, from_status: str, department: Department | None = None,
            note: str = "", data: dict | None = None) -> ProblemEvent:
    """Write the history row (the summaries' triggers have marked the problem's region-days stale)."""
    return ProblemEvent.objects.create(
        problem=problem, actor=actor, action=action, from_status=from_status, to_status=problem.status,
        department=department, note=note, data=data or {},
    )


def _save(problem: Problem, *fields: str) -> None:
    """Save the changed fields; every change moves the version on, so a page built on the old one is refused."""
    problem.version += 1
    problem.save(update_fields=[*fields, "version", "updated_at"])


def default_deadline(*, category: str, start: date | None = None) -> date:
    """The category's default deadline counted in working days from `start` (today)."""
    return add_working_days(start or timezone.localdate(), CATEGORY_DEADLINE_DAYS[category])


@transaction.atomic
def problem_raise(
    *,
    actor,
    officer: Officer,
    enterprise: Enterprise,
    category: str,
    description: str,
    raised_on: date | None = None,
    client_token: str | None = None,
) -> Problem:
    """Put a difficulty in the ledger, owned by the liaison office of the enterprise's county or park.

    The officer must be stationed in the enterprise on `raised_on`. Idempotent per officer and `client_token`: a
    retried submission returns the problem the first one created, never a second problem.
    """
    client_token = (client_token or "").strip() or None
    if client_token:
        existing = Problem.objects.filter(raised_by=officer, client_token=client_token).first()
        if existing is not None:
            return existing
    if actor is None or (actor.pk != officer.user_id and not can_manage(actor, enterprise)):
        raise ValidationError(_("Only the officer stationed in the enterprise, or its liaison office, may raise a "
                                "problem there."))
    today = timezone.localdate()
    raised_on = raised_on or today
    if raised_on > today:
        raise ValidationError({"raised_on": _("A problem cannot be raised for a day that has not come yet.")})
    if not Assignment.objects.active_on(raised_on).filter(officer=officer, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("%(officer)s was not stationed in %(enterprise)s on %(day)s.")
                               % {"officer": officer.name, "enterprise": enterprise.name,
                                  "day": raised_on.isoformat()}})
    problem = Problem(
        enterprise=enterprise, raised_by=officer, raised_on=raised_on, category=category,
        description=(description or "").strip(), handling_region_id=enterprise.region_id, client_token=client_token,
    )
    problem.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            problem.save()
    except IntegrityError:
        # Two submissions of the same token raced past the check above: the other one won, return its problem.
        existing = Problem.objects.filter(raised_by=officer, client_token=client_token).first() \
            if client_token else None
        if existing is None:
            raise
        return existing
    _record(problem, actor=actor, action=ProblemAction.RAISED, from_status="")
    return problem


@transaction.atomic
def problem_assign(
    *,
    actor,
    problem: Problem,
    department: Department,
    deadline: date | None = None,
    co_departments=(),
    expected_version: int | None = None,
) -> Problem:
    """Dispatch (分类交办) to a department of the handling office's region, with a deadline in working days.

    Also re-dispatches a problem that was declined, reopened, or not yet started. The deadline defaults to the
    category's number of working days from today. The department's staff are told (dispatched, or dispatched
    again when the problem had a department before), so are the co-handling departments' staff, and on a
    re-dispatch to another department the staff of the one it was taken from.
    """
    dispatch = _assign(actor=actor, problem=problem, department=department, deadline=deadline,
                       co_departments=co_departments, expected_version=expected_version)
    _tell_dispatched([dispatch], actor=actor)
    return dispatch.problem


@dataclass(frozen=True)
class _Dispatch:
    problem: Problem
    event: ProblemEvent
    previous_department_id: int | None  # the department it had before: a re-dispatch
    co_department_ids: tuple[int, ...]

    @property
    def again(self) -> bool:
        return self.previous_department_id is not None

    @property
    def taken_from_id(self) -> int | None:
        """The department a re-dispatch to another department took the problem from."""
        if self.previous_department_id == self.problem.department_id:
            return None
        return self.previous_department_id


def _assign(*, actor, problem: Problem, department: Department, deadline: date | None, co_departments,
            expected_version: int | None) -> _Dispatch:
    """Every rule of a dispatch and its writes, telling nobody: problem_assign tells one department, the bulk
    dispatch tells all of its problems' staff in one batch."""
    problem = _lock(problem, expected_version)
    _ensure_office(actor, problem)
    _ensure_status(problem, ProblemAction.ASSIGNED)
    office = problem.handling_region
    if department is None or not office.contains(department.region):
        raise ValidationError({"department": _("Choose a department of %(office)s or of a region below it.")
                               % {"office": office.name}})
    helpers = [d for d in dict.fromkeys(co_departments) if d.pk != department.pk]
    for helper in helpers:
        if not office.contains(helper.region):
            raise ValidationError({"co_departments": _("%(department)s is not a department of %(office)s or of a "
                                                       "region below it.")
                                   % {"department": helper.name, "office": office.name}})
    today = timezone.localdate()
    if deadline is None:
        deadline = default_deadline(category=problem.category, start=today)
    _ensure_deadline(deadline, today)
    from_status, previous_department_id = problem.status, problem.department_id
    problem.department, problem.deadline, problem.status = department, deadline, ProblemStatus.ASSIGNED
    _save(problem, "department", "deadline", "status")
    problem.co_departments.set(helpers)
    event = _record(problem, actor=actor, action=ProblemAction.ASSIGNED, from_status=from_status,
                    department=department,
                    data={"deadline": deadline.isoformat(), "co_departments": [d.pk for d in helpers],
                          "co_department_names": [d.name for d in helpers]})
    return _Dispatch(problem, event, previous_department_id, tuple(d.pk for d in helpers))


# Most problems one bulk dispatch takes: a ledger page is 25; an API client sends a few pages' worth at most.
ASSIGN_MANY_LIMIT = 200


@dataclass
class AssignManyResult:
    """What a bulk dispatch did: the problems dispatched, and each refused one (as it was given) with the reasons."""

    assigned: list[Problem] = field(default_factory=list)
    refused: list[tuple[Problem, list[str]]] = field(default_factory=list)


@transaction.atomic
def problems_assign_many(
    *,
    actor,
    problems: Sequence[Problem],
    department: Department,
    deadline: date | None = None,
    expected_versions: Mapping[int, int] | None = None,
) -> AssignManyResult:
    """Dispatch several problems to one department with one deadline (none: each category's default), each through
    problem_assign's own checks and writes, so every rule of a dispatch is checked for every problem.

    One transaction, a savepoint per problem: a problem refused (not this office's, not open to dispatch, changed since
    the version in `expected_versions`, the department outside its handling office) is left as it was and reported
    with why; the others are dispatched together. Each keeps its co-handling departments. The staff told by
    problem_assign are told of every problem dispatched, in one batch at the end (a refused problem tells nobody).
    """
    if len(problems) > ASSIGN_MANY_LIMIT:
        raise ValidationError({"problems": _("Dispatch at most %(limit)d problems at once.")
                               % {"limit": ASSIGN_MANY_LIMIT}})
    expected_versions = expected_versions or {}
    result = AssignManyResult()
    dispatches = []
    for problem in problems:
        try:
            with transaction.atomic():
                locked = _lock(problem, expected_versions.get(problem.pk))
                dispatch = _assign(actor=actor, problem=locked, department=department, deadline=deadline,
                                   co_departments=list(locked.co_departments.all()), expected_version=None)
        except ProblemChanged as changed:
            result.refused.append((problem, [changed.message]))
        except ValidationError as error:
            result.refused.append((problem, error.messages))
        else:
            result.assigned.append(dispatch.problem)
            dispatches.append(dispatch)
    _tell_dispatched(dispatches, actor=actor)
    return result


@transaction.atomic
def problem_decline(*, actor, problem: Problem, reason: str, expected_version: int | None = None) -> Problem:
    """The assigned department hands the problem back to the office with a reason; the office dispatches again.

    The dispatch is undone (department, co-handling departments and deadline cleared); the history keeps it.
    """
    problem = _lock(problem, expected_version)
    _ensure_department_staff(actor, problem)
    _ensure_status(problem, ProblemAction.DECLINED)
    reason = _required_text(reason, "reason")
    from_status, department, deadline = problem.status, problem.department, problem.deadline
    problem.status, problem.department, problem.deadline = ProblemStatus.REPORTED, None, None
    _save(problem, "status", "department", "deadline")
    problem.co_departments.clear()
    event = _record(problem, actor=actor, action=ProblemAction.DECLINED, from_status=from_status,
                    department=department, note=reason, data={"deadline": deadline.isoformat() if deadline else None})
    with override(settings.LANGUAGE_CODE):
        title = _("Declined by %(department)s: %(subject)s") % {"department": department.name,
                                                                "subject": _subject(problem)}
    _tell(NoticeKind.DECLINED, problem, office_staff_ids(region_ids=[problem.handling_region_id]), actor=actor,
          title=title, body=reason, key=f"problem:{problem.pk}:declined:{event.pk}")
    return problem


@transaction.atomic
def problem_start(*, actor, problem: Problem, expected_version: int | None = None) -> Problem:
    """The assigned department starts work on the problem."""
    problem = _lock(problem, expected_version)
    _ensure_department_staff(actor, problem)
    _ensure_status(problem, ProblemAction.STARTED)
    from_status = problem.status
    problem.status = ProblemStatus.IN_PROGRESS
    _save(problem, "status")
    _record(problem, actor=actor, action=ProblemAction.STARTED, from_status=from_status,
            department=problem.department)
    return problem


@transaction.atomic
def problem_resolve(*, actor, problem: Problem, resolution: str, expected_version: int | None = None) -> Problem:
    """Mark the problem solved, saying what was done; the officer who raised it then confirms or reopens it.

    The assigned department resolves what it was given; the handling office may resolve any open problem itself.
    """
    problem = _lock(problem, expected_version)
    if not is_handling_office(actor, problem):
        _ensure_department_staff(actor, problem)
    _ensure_status(problem, ProblemAction.RESOLVED)
    resolution = _required_text(resolution, "resolution")
    from_status = problem.status
    problem.status, problem.resolution, problem.resolved_at = ProblemStatus.RESOLVED, resolution, timezone.now()
    _save(problem, "status", "resolution", "resolved_at")
    event = _record(problem, actor=actor, action=ProblemAction.RESOLVED, from_status=from_status,
                    department=problem.department, note=resolution)
    with override(settings.LANGUAGE_CODE):
        title = _("Resolved, please confirm: %(subject)s") % {"subject": _subject(problem)}
    _tell(NoticeKind.RESOLVED, problem, [problem.raised_by.user_id], actor=actor, title=title, body=resolution,
          key=f"problem:{problem.pk}:resolved:{event.pk}")
    return problem


@transaction.atomic
def problem_confirm(*, actor, problem: Problem, expected_version: int | None = None) -> Problem:
    """The officer who raised the problem confirms that it is solved: the problem is closed."""
    problem = _lock(problem, expected_version)
    _ensure_raiser(actor, problem)
    _ensure_status(problem, ProblemAction.CONFIRMED)
    from_status = problem.status
    problem.status, problem.confirmed_at = ProblemStatus.CONFIRMED, timezone.now()
    _save(problem, "status", "confirmed_at")
    _record(problem, actor=actor, action=ProblemAction.CONFIRMED, from_status=from_status)
    return problem


@transaction.atomic
def problem_reopen(*, actor, problem: Problem, reason: str, expected_version: int | None = None) -> Problem:
    """The officer who raised the problem says it is not solved: back to the same department with a fresh deadline.

    A problem the office resolved without a department goes back to the office to dispatch.
    """
    problem = _lock(problem, expected_version)
    _ensure_raiser(actor, problem)
    _ensure_status(problem, ProblemAction.REOPENED)
    reason = _required_text(reason, "reason")
    from_status = problem.status
    problem.status, problem.resolved_at, problem.resolution = ProblemStatus.REOPENED, None, ""
    problem.deadline = default_deadline(category=problem.category) if problem.department_id else None
    _save(problem, "status", "resolved_at", "resolution", "deadline")
    event = _record(problem, actor=actor, action=ProblemAction.REOPENED, from_status=from_status,
                    department=problem.department, note=reason,
                    data={"deadline": problem.deadline.isoformat() if problem.deadline else None})
    staff = department_staff_ids(department_ids=[problem.department_id]) if problem.department_id else []
    with override(settings.LANGUAGE_CODE):
        title = _("Reopened, not solved: %(subject)s") % {"subject": _subject(problem)}
    _tell(NoticeKind.REOPENED, problem, [*staff, *office_staff_ids(region_ids=[problem.handling_region_id])],
          actor=actor, title=title, body=reason, key=f"problem:{problem.pk}:reopened:{event.pk}")
    return problem


@transaction.atomic
def problem_set_deadline(*, actor, problem: Problem, deadline: date,
                         expected_version: int | None = None) -> Problem:
    """The handling office moves the deadline of an open problem (not into the past)."""
    problem = _lock(problem, expected_version)
    _ensure_office(actor, problem)
    _ensure_status(problem, ProblemAction.DEADLINE_CHANGED)
    if deadline is None:
        raise ValidationError({"deadline": _("Please choose a date.")})
    _ensure_deadline(deadline, timezone.localdate())
    previous = problem.deadline
    problem.deadline = deadline
    _save(problem, "deadline")
    _record(problem, actor=actor, action=ProblemAction.DEADLINE_CHANGED, from_status=problem.status,
            department=problem.department,
            data={"from": previous.isoformat() if previous else None, "to": deadline.isoformat()})
    return problem


def next_tier(region: Region) -> Region | None:
    """The office a problem is escalated to: the city above a county or park, the province above a city."""
    level = NEXT_TIER_LEVEL.get(region.level)
    if level is None:
        return None
    return Region.objects.filter(code__in=region.ancestor_codes, level=level).order_by("-depth").first()


def _escalate(problem: Problem, *, actor, note: str, data: dict) -> Problem:
    _ensure_status(problem, ProblemAction.ESCALATED)
    current = problem.handling_region
    target = next_tier(current)
    if target is None:
        raise ValidationError(_("%(office)s is the highest tier: this problem cannot be escalated further.")
                              % {"office": current.name})
    from_status, department, deadline = problem.status, problem.department, problem.deadline
    # The new tier dispatches afresh to its own departments (or back down): the old dispatch ends here, and with
    # the deadline cleared the beat task cannot escalate the problem again before the new tier has set one.
    problem.handling_region, problem.status = target, ProblemStatus.REPORTED
    problem.department, problem.deadline, problem.escalated_at = None, None, timezone.now()
    _save(problem, "handling_region", "status", "department", "deadline", "escalated_at")
    problem.co_departments.clear()
    _record(problem, actor=actor, action=ProblemAction.ESCALATED, from_status=from_status, department=department,
            note=note, data={"from_region": current.pk, "from_region_name": current.name,
                             "to_region": target.pk, "to_region_name": target.name,
                             "deadline": deadline.isoformat() if deadline else None, **data})
    # Urgent (notifications.URGENT_KINDS): texted at once, through quiet hours and past the digest.
    with override(settings.LANGUAGE_CODE):
        title = _("Escalated to your tier by %(office)s: %(subject)s") % {"office": current.name,
                                                                          "subject": _subject(problem)}
        if note:
            body = note
        elif "overdue_working_days" in data:
            body = _("Not resolved %(days)d working days after its deadline (%(deadline)s): escalated "
                     "automatically.") % {"days": data["overdue_working_days"], "deadline": deadline.isoformat()}
        else:
            body = ""
    _tell(NoticeKind.ESCALATED, problem, office_staff_ids(region_ids=[target.pk]), actor=actor, title=title,
          body=body, key=f"problem:{problem.pk}:escalated:{target.code}")
    return problem


@transaction.atomic
def problem_escalate(*, actor, problem: Problem, reason: str, expected_version: int | None = None) -> Problem:
    """Hand an open problem one tier up (分级化解): county or park to city, city to province; refused at province.

    By hand the office at the current tier gives a reason; `actor=None` is the system (the overdue sweep).
    The problem goes back to "reported" for the new tier to dispatch; department and deadline are cleared.
    """
    problem = _lock(problem, expected_version)
    if actor is not None:
        _ensure_office(actor, problem)
        reason = _required_text(reason, "reason")
    return _escalate(problem, actor=actor, note=(reason or "").strip(), data={"automatic": actor is None})


def escalation_cutoff(*, today: date, margin: int) -> date:
    """Deadlines before this day are more than `margin` working days past on `today`.

    Counting back from today inclusive, it is the (margin + 1)-th working day: a deadline before it leaves at
    least margin + 1 working days after it up to today.
    """
    return add_working_days(today + timedelta(days=1), -(margin + 1))


def problems_escalate_overdue(*, today: date | None = None) -> int:
    """Escalate every open problem more than PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS working days past its deadline.

    Selected in one query; each escalated in its own transaction (a problem someone touched meanwhile is checked
    again under its lock). An escalated problem has no deadline until its new tier dispatches it, so a second run
    the same day escalates nothing more and a problem never climbs two tiers in one run. Returns how many.
    """
    today = today or timezone.localdate()
    margin = settings.PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS
    cutoff = escalation_cutoff(today=today, margin=margin)
    overdue = (Problem.objects.filter(status__in=OPEN_STATUSES, deadline__lt=cutoff)
               .exclude(handling_region__level=RegionLevel.PROVINCE))
    due = list(overdue.order_by("deadline", "pk").values_list("pk", "deadline"))
    if not due:
        return 0
    clock = working_days(min(deadline for _, deadline in due), today)
    escalated = 0
    for pk, _deadline in due:
        with transaction.atomic():
            problem = overdue.select_for_update(of=("self",)).filter(pk=pk).first()
            if problem is None:
                continue  # resolved, re-dispatched or escalated by hand since the selection
            _escalate(problem, actor=None, note="",
                      data={"automatic": True, "overdue_working_days": clock.between(problem.deadline, today)})
            escalated += 1
    return escalated


def problems_notify_overdue(*, today: date | None = None) -> int:
    """The morning job: tell the department and the handling office of every open problem past its deadline, once
    per problem and deadline (a deadline moved later and missed again tells again).

    Set-based: the overdue problems in one query, each department's and office's staff read once, the notices
    written through notify_many in chunks, in one transaction. A second run finds every notice already written
    (the dedupe keys) and writes nothing. Returns how many notices this run wrote.

    On a day off by the work calendar (a weekend or a holiday) it tells nobody and returns 0: the next working day's
    run tells of everything overdue by then.
    """
    today = today or timezone.localdate()
    if not is_workday(today):
        return 0
    overdue = list(Problem.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today)
                   .select_related("enterprise", "department")
                   .only("category", "deadline", "handling_region", "enterprise__name", "department__name")
                   .order_by("deadline", "pk"))
    if not overdue:
        return 0
    departments = {problem.department_id for problem in overdue if problem.department_id}
    department_staff = {pk: department_staff_ids(department_ids=[pk]) for pk in departments}
    office_staff = {pk: office_staff_ids(region_ids=[pk]) for pk in {problem.handling_region_id for problem in overdue}}
    drafts = []
    with override(settings.LANGUAGE_CODE):
        for problem in overdue:
            deadline = problem.deadline.isoformat()
            title = _("Overdue since %(deadline)s: %(subject)s") % {
                "deadline": deadline, "subject": f"{problem.enterprise.name} · {problem.get_category_display()}"}
            if problem.department_id:
                body = _("%(department)s has not resolved it by its deadline.") % {
                    "department": problem.department.name}
            else:
                body = _("It has not been dispatched to a department yet.")
            recipients = [*department_staff.get(problem.department_id, ()), *office_staff[problem.handling_region_id]]
            drafts += _drafts(problem.pk, recipients, actor=None, title=title, body=body,
                              key=f"problem:{problem.pk}:overdue:{deadline}")
    with transaction.atomic():
        return notify_many(kind=NoticeKind.OVERDUE, drafts=drafts)
