"""Who a dispatch tells besides the department that leads it, and when the morning job keeps quiet (issue 17).

Co-handling departments hear that they co-handle, led by the department; on a re-dispatch to another department the
one it was taken from hears so; a person hears of one dispatch once, as the lead before a co-handler before the
department that lost it. The overdue notices wait for a working day by the work calendar (the State Council's 2026
schedule, loaded by the conftest): a weekend or a holiday tells nobody, the next working day tells of all.

The cast: 芙蓉区's office, its tax bureau (two clerks), health bureau (one clerk) and market regulator (one clerk).
"""

from dataclasses import dataclass
from datetime import date

import pytest

from notifications.choices import NoticeKind
from notifications.models import Notice
from problems.models import Problem
from problems.services import (
    problem_assign,
    problem_decline,
    problem_reopen,
    problem_resolve,
    problems_assign_many,
    problems_notify_overdue,
)
from problems.tasks import problems_notify_overdue_task
from regions.choices import PostKind
from regions.services import department_create, post_grant
from tests import factories
from tests.problems.test_escalation import overdue_by
from workcalendar.selectors import is_workday


@dataclass
class Cast:
    office: object
    tax_staff: object
    tax_colleague: object
    health_staff: object
    market_staff: object

    def name_of(self) -> dict[int, str]:
        return {user.pk: name for name, user in vars(self).items()}


@pytest.fixture
def market(regions):
    return department_create(region=regions.furong, name="芙蓉区市场监督管理局", kind="market_regulation")


@pytest.fixture
def cast(furong_office, tax_staff, health_staff, departments, market) -> Cast:
    return Cast(
        office=furong_office,
        tax_staff=tax_staff,
        tax_colleague=factories.make_department_user("furong-tax-clerk-2", departments.furong_tax),
        health_staff=health_staff,
        market_staff=factories.make_department_user("furong-market-clerk", market),
    )


@pytest.fixture
def english(settings):
    """Notices are written in the portal's language: English source text, whatever the compiled catalogues say."""
    settings.LANGUAGE_CODE = "en"


def told(cast: Cast, **filters) -> dict[str, set[tuple[str, str]]]:
    """Who holds which notices, as (kind, dedupe key), by the cast's names; anyone outside the cast fails the test."""
    names = cast.name_of()
    result: dict[str, set[tuple[str, str]]] = {}
    for recipient_id, kind, key in Notice.objects.filter(**filters).values_list("recipient_id", "kind", "dedupe_key"):
        result.setdefault(names[recipient_id], set()).add((kind, key))
    return result


def last_dispatch(problem: Problem):
    return problem.events.filter(action="assigned").order_by("-at", "-id").first()


def keys(problem: Problem, name: str) -> str:
    return f"problem:{problem.pk}:{name}:{last_dispatch(problem).pk}"


# Co-handling -------------------------------------------------------------------------------------------------------


def test_a_dispatch_tells_each_co_handling_department_that_it_co_handles(raise_problem, cast, departments, market,
                                                                         english):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health, market])
    dispatched = {(NoticeKind.DISPATCHED, keys(problem, "dispatched"))}
    co_handling = {(NoticeKind.DISPATCHED, keys(problem, "co-handling"))}
    assert told(cast) == {"tax_staff": dispatched, "tax_colleague": dispatched,
                          "health_staff": co_handling, "market_staff": co_handling}
    notice = Notice.objects.get(recipient=cast.health_staff)
    assert notice.url == f"/problems/{problem.pk}/"
    assert notice.title.startswith(f"Co-handling, due {problem.deadline.isoformat()}: ")
    assert notice.body == f"Led by 芙蓉区税务局.\n\n{problem.description}"
    assert Notice.objects.get(recipient=cast.tax_staff).title.startswith("Dispatched to you, due ")


def test_a_redispatch_tells_the_co_handling_departments_again(raise_problem, cast, departments):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.office, problem=problem, department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    assert told(cast)["health_staff"] == {(NoticeKind.DISPATCHED, keys(problem, "co-handling"))}
    assert told(cast)["tax_staff"] == {(NoticeKind.REDISPATCHED, keys(problem, "redispatched"))}


def test_someone_who_leads_and_co_handles_is_told_once_as_the_lead(raise_problem, cast, departments):
    post_grant(user=cast.health_staff, kind=PostKind.DEPARTMENT, department=departments.furong_tax)
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    assert told(cast)["health_staff"] == {(NoticeKind.DISPATCHED, keys(problem, "dispatched"))}


def test_a_co_handler_who_dispatches_is_not_told_of_their_own_dispatch(raise_problem, regions, cast, departments):
    both = factories.make_office_user("office-and-health", regions.furong)
    post_grant(user=both, kind=PostKind.DEPARTMENT, department=departments.furong_health)
    problem_assign(actor=both, problem=raise_problem(), department=departments.furong_tax,
                   co_departments=[departments.furong_health])
    assert not Notice.objects.filter(recipient=both).exists()
    assert Notice.objects.filter(recipient=cast.health_staff).count() == 1


def test_a_bulk_dispatch_tells_each_problems_own_co_handling_departments(raise_problem, cast, departments, market):
    with_health, with_market, alone = (raise_problem(description=f"问题{number}") for number in range(3))
    health, office = departments.furong_health, cast.office
    problem_assign(actor=office, problem=with_health, department=market, co_departments=[health])
    problem_assign(actor=office, problem=with_market, department=health, co_departments=[market])
    Notice.objects.all().delete()
    result = problems_assign_many(actor=cast.office, problems=[with_health, with_market, alone],
                                  department=departments.furong_tax)
    assert len(result.assigned) == 3
    with_health, with_market, alone = result.assigned
    # Each keeps its co-handling department; each had the other department as its lead before.
    assert told(cast)["health_staff"] == {(NoticeKind.DISPATCHED, keys(with_health, "co-handling")),
                                          (NoticeKind.REDISPATCHED, keys(with_market, "taken"))}
    assert told(cast)["market_staff"] == {(NoticeKind.DISPATCHED, keys(with_market, "co-handling")),
                                          (NoticeKind.REDISPATCHED, keys(with_health, "taken"))}
    assert told(cast)["tax_staff"] == {(NoticeKind.REDISPATCHED, keys(with_health, "redispatched")),
                                       (NoticeKind.REDISPATCHED, keys(with_market, "redispatched")),
                                       (NoticeKind.DISPATCHED, keys(alone, "dispatched"))}


# Taken from a department ------------------------------------------------------------------------------------------


def test_a_redispatch_to_another_department_tells_the_one_it_was_taken_from(raise_problem, cast, departments,
                                                                            english):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax)
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.office, problem=problem, department=departments.furong_health)
    taken = {(NoticeKind.REDISPATCHED, keys(problem, "taken"))}
    assert told(cast) == {"tax_staff": taken, "tax_colleague": taken,
                          "health_staff": {(NoticeKind.REDISPATCHED, keys(problem, "redispatched"))}}
    notice = Notice.objects.get(recipient=cast.tax_staff)
    assert notice.title.startswith("Taken from you and dispatched to 芙蓉区卫生健康局: ")
    assert notice.url == f"/problems/{problem.pk}/"
    assert notice.dedupe_key != Notice.objects.get(recipient=cast.health_staff).dedupe_key


def test_a_redispatch_to_the_same_department_tells_it_again_and_nothing_more(raise_problem, cast, departments):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax)
    problem = problem_reopen(actor=problem.raised_by.user, reason="仍未解决",
                             problem=problem_resolve(actor=cast.tax_staff, problem=problem, resolution="已办理"))
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.office, problem=problem, department=departments.furong_tax)
    redispatched = {(NoticeKind.REDISPATCHED, keys(problem, "redispatched"))}
    assert told(cast) == {"tax_staff": redispatched, "tax_colleague": redispatched}


def test_a_declined_problem_dispatched_elsewhere_does_not_tell_the_department_that_declined(raise_problem, cast,
                                                                                          departments):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax)
    problem = problem_decline(actor=cast.tax_staff, problem=problem, reason="不属于税务部门职责")
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.office, problem=problem, department=departments.furong_health)
    assert told(cast) == {"health_staff": {(NoticeKind.DISPATCHED, keys(problem, "dispatched"))}}


def test_a_department_taken_off_the_lead_but_kept_co_handling_hears_that_it_co_handles(raise_problem, cast,
                                                                                      departments):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax)
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.office, problem=problem, department=departments.furong_health,
                             co_departments=[departments.furong_tax])
    co_handling = {(NoticeKind.DISPATCHED, keys(problem, "co-handling"))}
    assert told(cast) == {"tax_staff": co_handling, "tax_colleague": co_handling,
                          "health_staff": {(NoticeKind.REDISPATCHED, keys(problem, "redispatched"))}}


def reads_on(captured, table: str) -> int:
    """Statements on `table` other than inserts (SQLite splits a bulk insert at 999 parameters)."""
    return sum(1 for query in captured if f'"{table}"' in query["sql"] and not query["sql"].startswith("INSERT"))


def test_a_bulk_redispatch_with_co_handlers_tells_in_one_batch_whatever_its_size(raise_problem, cast, departments,
                                                                                market,
                                                                                django_assert_max_num_queries):
    """Each problem led by the tax bureau with the market regulator co-handling, all moved to the health bureau: the
    telling reads the same whether 2 problems move or 30 (the bound is the plain bulk dispatch test's)."""
    def redispatch(count):
        problems = [problem_assign(actor=cast.office, problem=raise_problem(description=f"问题{number}"),
                                   department=departments.furong_tax, co_departments=[market])
                    for number in range(count)]
        with django_assert_max_num_queries(40 * count) as queries:
            problems_assign_many(actor=cast.office, problems=problems, department=departments.furong_health)
        return queries.captured_queries

    redispatch(1)  # the office's posts are read once per request
    few, many = redispatch(2), redispatch(30)
    for table in ("notifications_notice", "notifications_delivery", "notifications_notificationsettings",
                  "regions_post", "enterprises_enterprise"):
        assert reads_on(few, table) == reads_on(many, table), table
    assert Notice.objects.filter(recipient=cast.market_staff, dedupe_key__contains=":co-handling:").count() == 2 * 33
    assert Notice.objects.filter(recipient=cast.tax_staff, dedupe_key__contains=":taken:").count() == 33
    assert Notice.objects.filter(recipient=cast.health_staff).count() == 33


# The morning job keeps to the work calendar ------------------------------------------------------------------------

SATURDAY, SUNDAY, MONDAY = date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)
# 2026's Spring Festival: Sunday 15 to Monday 23 February off (weekdays among them), Saturday 14 worked.
MAKE_UP_SATURDAY, SPRING_FESTIVAL, AFTER_THE_FESTIVAL = date(2026, 2, 14), date(2026, 2, 16), date(2026, 2, 24)


def overdue_notices(problem: Problem) -> set[int]:
    return set(Notice.objects.filter(kind=NoticeKind.OVERDUE, url=f"/problems/{problem.pk}/")
               .values_list("recipient_id", flat=True))


def test_the_morning_job_tells_nobody_on_a_weekend_and_everything_on_monday(raise_problem, cast, departments,
                                                                          django_assert_num_queries):
    problem = problem_assign(actor=cast.office, problem=raise_problem(), department=departments.furong_tax)
    overdue_by(problem, 1, today=MONDAY)  # due Friday 6 March
    Notice.objects.all().delete()
    for day_off in (SATURDAY, SUNDAY):
        with django_assert_num_queries(1):  # the calendar's day, nothing else
            assert problems_notify_overdue(today=day_off) == 0
    assert problems_notify_overdue_task.delay(day=SUNDAY.isoformat()).get() == 0
    assert not Notice.objects.exists()

    assert problems_notify_overdue(today=MONDAY) == 3
    assert overdue_notices(problem) == {cast.office.pk, cast.tax_staff.pk, cast.tax_colleague.pk}


def test_the_morning_job_waits_out_a_holiday_by_the_work_calendar(raise_problem, cast, departments):
    assert not is_workday(SPRING_FESTIVAL) and is_workday(MAKE_UP_SATURDAY)  # the loaded calendar, not the week
    before, on_the_saturday = (problem_assign(actor=cast.office, problem=raise_problem(description=f"问题{number}"),
                                              department=departments.furong_tax) for number in range(2))
    overdue_by(before, 1, today=MAKE_UP_SATURDAY)  # due Friday 13 February
    overdue_by(on_the_saturday, 0, today=MAKE_UP_SATURDAY)  # due the make-up Saturday itself
    Notice.objects.all().delete()

    assert problems_notify_overdue(today=MAKE_UP_SATURDAY) == 3  # a working Saturday: the job runs
    assert overdue_notices(before) and not overdue_notices(on_the_saturday)
    for day_off in (date(2026, 2, 15), SPRING_FESTIVAL, date(2026, 2, 19), date(2026, 2, 23)):
        assert problems_notify_overdue(today=day_off) == 0
    assert Notice.objects.count() == 3

    assert problems_notify_overdue(today=AFTER_THE_FESTIVAL) == 3  # the one due on the Saturday; the other was told
    assert overdue_notices(on_the_saturday) == {cast.office.pk, cast.tax_staff.pk, cast.tax_colleague.pk}
