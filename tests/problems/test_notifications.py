"""The ledger tells people: each event reaches exactly the people who must act on it, once, linking to the problem,
written in the event's transaction; a refused action, a rolled-back one or a second run tells nobody.

The cast: 芙蓉区's office (two staff), its tax bureau (two clerks: the department), its health bureau (co-handling:
told of the dispatch, tests/problems/test_dispatch_notices.py), the sibling county's office and tax bureau, the city
and the province offices, and the officer who raised the problem.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.choices import Channel, NoticeKind
from notifications.models import Delivery, Notice
from notifications.services import notification_settings_update
from problems.models import Problem
from problems.services import (
    ProblemChanged,
    problem_assign,
    problem_decline,
    problem_escalate,
    problem_reopen,
    problem_resolve,
    problem_set_deadline,
    problem_start,
    problems_assign_many,
    problems_escalate_overdue,
    problems_notify_overdue,
)
from problems.tasks import problems_notify_overdue_task
from regions.choices import PostKind
from regions.services import post_grant
from tests import factories
from tests.problems.test_escalation import overdue_by
from workcalendar.models import CalendarDay
from workcalendar.selectors import add_working_days, is_workday

TODAY = timezone.localdate()


@dataclass
class Cast:
    furong_office: object
    furong_colleague: object
    tax_staff: object
    tax_colleague: object
    health_staff: object
    tianxin_office: object
    tianxin_tax_staff: object
    changsha_office: object
    province_office: object
    officer: object

    def everyone(self) -> dict[int, str]:
        return {user.pk: name for name, user in vars(self).items()}


@pytest.fixture
def cast(regions, roster, departments, furong_office, tianxin_office, changsha_office, province_office, tax_staff,
         health_staff, tianxin_tax_staff) -> Cast:
    return Cast(
        furong_office=furong_office,
        furong_colleague=factories.make_office_user("furong-office-2", regions.furong),
        tax_staff=tax_staff,
        tax_colleague=factories.make_department_user("furong-tax-clerk-2", departments.furong_tax),
        health_staff=health_staff,
        tianxin_office=tianxin_office,
        tianxin_tax_staff=tianxin_tax_staff,
        changsha_office=changsha_office,
        province_office=province_office,
        officer=roster.officer.user,
    )


def told(cast: Cast, **filters) -> dict[str, list[tuple[str, str]]]:
    """Who holds which notices (kind, link, in the problems' order), by the cast's names; anyone outside the cast
    fails the test."""
    names = cast.everyone()
    result: dict[str, list[tuple[str, str]]] = {}
    for recipient_id, kind, url in Notice.objects.filter(**filters).order_by("url", "pk").values_list(
            "recipient_id", "kind", "url"):
        result.setdefault(names[recipient_id], []).append((kind, url))
    return result


def link(problem: Problem) -> str:
    return f"/problems/{problem.pk}/"


@pytest.fixture
def dispatched(raise_problem, cast, departments):
    """A problem 芙蓉区 dispatched to its tax bureau; the dispatch's notices are cleared, so each test sees its own."""
    problem = problem_assign(actor=cast.furong_office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    Notice.objects.all().delete()
    return problem


# Dispatched, dispatched again -----------------------------------------------------------------------------------


def test_a_dispatch_tells_the_departments_staff_once_with_the_problems_link(raise_problem, cast, departments):
    notification_settings_update(user=cast.tax_staff, mobile="13912345678")
    problem = problem_assign(actor=cast.furong_office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    event = problem.events.get(action="assigned")
    assert told(cast) == {"tax_staff": [(NoticeKind.DISPATCHED, link(problem))],
                          "tax_colleague": [(NoticeKind.DISPATCHED, link(problem))],
                          "health_staff": [(NoticeKind.DISPATCHED, link(problem))]}  # co-handling
    notice = Notice.objects.get(recipient=cast.tax_staff)
    assert notice.dedupe_key == f"problem:{problem.pk}:dispatched:{event.pk}"
    assert roster_name(problem) in notice.title and problem.deadline.isoformat() in notice.title
    assert notice.body == problem.description
    # The outbox rows are written with the notices: a text by default for a dispatch, to whoever has a mobile.
    assert list(Delivery.objects.filter(notice__recipient=cast.tax_staff).values_list("channel", flat=True)) == [
        Channel.SMS]


def roster_name(problem: Problem) -> str:
    return Problem.objects.select_related("enterprise").get(pk=problem.pk).enterprise.name


def test_a_redispatch_tells_the_new_department_and_the_one_it_was_taken_from(dispatched, cast, departments):
    problem = problem_assign(actor=cast.furong_office, problem=dispatched, department=departments.furong_health)
    event = problem.events.filter(action="assigned").last()
    redispatched = [(NoticeKind.REDISPATCHED, link(problem))]
    assert told(cast) == {"health_staff": redispatched, "tax_staff": redispatched, "tax_colleague": redispatched}
    assert Notice.objects.get(recipient=cast.health_staff).dedupe_key == (
        f"problem:{problem.pk}:redispatched:{event.pk}")


def test_a_problem_dispatched_after_a_decline_is_a_fresh_dispatch(dispatched, cast, departments):
    problem = problem_decline(actor=cast.tax_staff, problem=dispatched, reason="不属于税务部门职责")
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.furong_office, problem=problem, department=departments.furong_health)
    assert told(cast) == {"health_staff": [(NoticeKind.DISPATCHED, link(problem))]}


def test_a_reopened_problem_dispatched_again_is_a_redispatch(dispatched, cast):
    problem = problem_resolve(actor=cast.tax_staff, problem=dispatched, resolution="已办理缓缴")
    problem = problem_reopen(actor=cast.officer, problem=problem, reason="缓缴未到账")
    Notice.objects.all().delete()
    problem = problem_assign(actor=cast.furong_office, problem=problem, department=problem.department)
    assert told(cast) == {"tax_staff": [(NoticeKind.REDISPATCHED, link(problem))],
                          "tax_colleague": [(NoticeKind.REDISPATCHED, link(problem))]}


def test_a_bulk_dispatch_tells_each_problem_once_and_nothing_of_a_refused_one(raise_problem, roster, cast,
                                                                             departments):
    problems = [raise_problem(description=f"问题{number}") for number in range(3)]
    stale = raise_problem(description="同事刚刚改过")
    tianxin = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer)
    result = problems_assign_many(actor=cast.furong_office, problems=[*problems, stale, tianxin],
                                  department=departments.furong_tax, expected_versions={stale.pk: stale.version - 1})
    assert [problem.pk for problem in result.assigned] == [problem.pk for problem in problems]
    assert len(result.refused) == 2
    expected = [(NoticeKind.DISPATCHED, link(problem)) for problem in problems]
    assert told(cast) == {"tax_staff": expected, "tax_colleague": expected}


def reads_on(captured, table: str) -> int:
    """Statements on `table` other than inserts (SQLite splits a bulk insert at 999 parameters)."""
    return sum(1 for query in captured if f'"{table}"' in query["sql"] and not query["sql"].startswith("INSERT"))


def test_a_bulk_dispatch_tells_in_one_batch_whatever_its_size(raise_problem, cast, departments,
                                                             django_assert_max_num_queries):
    def dispatch(count):
        problems = [raise_problem(description=f"问题{number}") for number in range(count)]
        with django_assert_max_num_queries(40 * count) as queries:
            problems_assign_many(actor=cast.furong_office, problems=problems, department=departments.furong_tax)
        return queries.captured_queries

    dispatch(1)  # the office's posts are read once per request
    few, many = dispatch(2), dispatch(30)
    for table in ("notifications_notice", "notifications_delivery", "regions_post", "enterprises_enterprise"):
        assert reads_on(few, table) == reads_on(many, table), table
    assert Notice.objects.filter(recipient=cast.tax_staff).count() == 33


def test_a_dispatch_rolled_back_tells_nobody(raise_problem, cast, departments):
    problem = raise_problem()
    with pytest.raises(RuntimeError), transaction.atomic():
        problem_assign(actor=cast.furong_office, problem=problem, department=departments.furong_tax)
        raise RuntimeError("the request failed after the dispatch")
    assert not Notice.objects.exists()


def test_a_dispatch_through_the_page_tells_the_department(raise_problem, cast, client):
    problem = raise_problem()
    client.force_login(cast.furong_office)
    response = client.post(f"/problems/{problem.pk}/assign/", {"department": "芙蓉区税务局",
                                                               "version": problem.version})
    assert response.status_code == 302
    assert set(told(cast)) == {"tax_staff", "tax_colleague"}
    # The same form sent again (a double tap) carries the old version: refused, nobody told twice.
    client.post(f"/problems/{problem.pk}/assign/", {"department": "芙蓉区税务局", "version": problem.version})
    assert Notice.objects.count() == 2


# Declined, resolved, reopened ------------------------------------------------------------------------------------


def test_a_decline_tells_the_handling_office_with_the_reason(dispatched, cast):
    problem = problem_decline(actor=cast.tax_staff, problem=dispatched, reason="应由人社部门办理")
    event = problem.events.get(action="declined")
    assert told(cast) == {"furong_office": [(NoticeKind.DECLINED, link(problem))],
                          "furong_colleague": [(NoticeKind.DECLINED, link(problem))]}
    notice = Notice.objects.get(recipient=cast.furong_office)
    assert notice.body == "应由人社部门办理" and "芙蓉区税务局" in notice.title
    assert notice.dedupe_key == f"problem:{problem.pk}:declined:{event.pk}"


def test_a_resolution_tells_the_officer_who_raised_it(dispatched, cast):
    problem = problem_resolve(actor=cast.tax_staff, problem=problem_start(actor=cast.tax_staff, problem=dispatched),
                              resolution="已办理社保费缓缴")
    event = problem.events.get(action="resolved")
    assert told(cast) == {"officer": [(NoticeKind.RESOLVED, link(problem))]}
    notice = Notice.objects.get()
    assert notice.body == "已办理社保费缓缴"
    assert notice.dedupe_key == f"problem:{problem.pk}:resolved:{event.pk}"


def test_a_problem_the_office_resolves_itself_tells_the_officer_too(raise_problem, cast):
    problem = problem_resolve(actor=cast.furong_office, problem=raise_problem(), resolution="联络办当场协调解决")
    assert told(cast) == {"officer": [(NoticeKind.RESOLVED, link(problem))]}


def test_a_reopening_tells_the_department_and_the_office(dispatched, cast):
    problem = problem_resolve(actor=cast.tax_staff, problem=dispatched, resolution="已办理")
    Notice.objects.all().delete()
    problem = problem_reopen(actor=cast.officer, problem=problem, reason="企业反映仍未到账")
    event = problem.events.get(action="reopened")
    expected = [(NoticeKind.REOPENED, link(problem))]
    assert told(cast) == {"tax_staff": expected, "tax_colleague": expected, "furong_office": expected,
                          "furong_colleague": expected}
    assert set(Notice.objects.values_list("dedupe_key", flat=True)) == {
        f"problem:{problem.pk}:reopened:{event.pk}"}


def test_a_problem_resolved_by_the_office_reopens_to_the_office_only(raise_problem, cast):
    problem = problem_resolve(actor=cast.furong_office, problem=raise_problem(), resolution="已协调")
    Notice.objects.all().delete()
    problem_reopen(actor=cast.officer, problem=problem, reason="没有解决")
    assert set(told(cast)) == {"furong_office", "furong_colleague"}


def test_nobody_is_told_of_their_own_action(raise_problem, regions, cast, departments):
    both = factories.make_office_user("office-and-tax", regions.furong)
    post_grant(user=both, kind=PostKind.DEPARTMENT, department=departments.furong_tax)
    problem_assign(actor=both, problem=raise_problem(), department=departments.furong_tax)
    assert not Notice.objects.filter(recipient=both).exists()
    assert Notice.objects.filter(recipient=cast.tax_staff).count() == 1


# Refusals tell nobody --------------------------------------------------------------------------------------------


def test_refused_actions_tell_nobody(dispatched, raise_problem, cast, departments):
    refusals = [
        lambda: problem_decline(actor=cast.tax_staff, problem=dispatched, reason=""),  # no reason
        lambda: problem_decline(actor=cast.health_staff, problem=dispatched, reason="不归我们"),  # co-handling
        lambda: problem_resolve(actor=cast.tianxin_tax_staff, problem=dispatched, resolution="已办"),
        lambda: problem_assign(actor=cast.tianxin_office, problem=dispatched, department=departments.tianxin_tax),
        lambda: problem_assign(actor=cast.furong_office, problem=dispatched, department=departments.tianxin_tax),
        lambda: problem_reopen(actor=cast.officer, problem=dispatched, reason="未解决"),  # not resolved yet
        lambda: problem_escalate(actor=cast.tianxin_office, problem=dispatched, reason="升级"),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError):
            refused()
    for stale in (
        lambda: problem_assign(actor=cast.furong_office, problem=dispatched, department=departments.furong_health,
                               expected_version=dispatched.version - 1),
        lambda: problem_resolve(actor=cast.tax_staff, problem=dispatched, resolution="已办",
                                expected_version=dispatched.version - 1),
        lambda: problem_decline(actor=cast.tax_staff, problem=dispatched, reason="不归我们",
                                expected_version=dispatched.version - 1),
    ):
        with pytest.raises(ProblemChanged):
            stale()
    assert not Notice.objects.exists()


# Escalated ---------------------------------------------------------------------------------------------------------


def test_an_escalation_tells_the_new_tiers_office(dispatched, cast, regions):
    problem = problem_escalate(actor=cast.furong_office, problem=dispatched, reason="跨区协调原材料")
    assert told(cast) == {"changsha_office": [(NoticeKind.ESCALATED, link(problem))]}
    notice = Notice.objects.get()
    assert notice.dedupe_key == f"problem:{problem.pk}:escalated:{regions.changsha.code}"
    assert notice.body == "跨区协调原材料" and "芙蓉区" in notice.title

    problem_escalate(actor=cast.changsha_office, problem=problem, reason="需省级协调")
    assert told(cast, kind=NoticeKind.ESCALATED)["province_office"] == [(NoticeKind.ESCALATED, link(problem))]


def test_the_sweeps_escalation_tells_the_city_once(dispatched, cast, regions):
    overdue_by(dispatched, 10)
    assert problems_escalate_overdue() == 1
    assert told(cast) == {"changsha_office": [(NoticeKind.ESCALATED, link(dispatched))]}
    assert "10" in Notice.objects.get().body
    assert problems_escalate_overdue() == 0
    assert Notice.objects.count() == 1


def test_an_escalation_is_texted_at_once_even_in_quiet_hours(dispatched, cast, monkeypatch):
    notification_settings_update(user=cast.changsha_office, mobile="13912345678")
    night = timezone.make_aware(datetime.combine(TODAY, time(23, 30)))
    monkeypatch.setattr(timezone, "now", lambda: night)
    problem_escalate(actor=cast.furong_office, problem=dispatched, reason="夜间紧急")
    text = Delivery.objects.get(notice__recipient=cast.changsha_office, channel=Channel.SMS)
    assert (text.next_attempt_at, text.digest) == (night, False)


# Overdue -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def today_is_a_working_day(real_calendar):
    """The morning job tells nobody on a day off (tests/problems/test_dispatch_notices.py); these tests run on
    whatever day the suite runs, so on a weekend or holiday the calendar makes today a working day."""
    if not is_workday(TODAY):
        CalendarDay.objects.update_or_create(date=TODAY, defaults={"is_workday": True})


@pytest.mark.usefixtures("today_is_a_working_day")
def test_the_morning_job_tells_the_department_and_the_office_of_each_overdue_problem(dispatched, raise_problem,
                                                                                     cast, departments):
    overdue_by(dispatched, 1)
    not_yet = problem_assign(actor=cast.furong_office, problem=raise_problem(), department=departments.furong_tax)
    closed = problem_resolve(actor=cast.tax_staff, problem=problem_assign(
        actor=cast.furong_office, problem=raise_problem(), department=departments.furong_tax), resolution="已办")
    overdue_by(closed, 3)
    undispatched = problem_set_deadline(actor=cast.furong_office, problem=raise_problem(),
                                        deadline=TODAY)
    overdue_by(undispatched, 2)
    Notice.objects.all().delete()

    assert problems_notify_overdue() == 6
    overdue = [(NoticeKind.OVERDUE, link(dispatched))]
    assert told(cast) == {"tax_staff": overdue, "tax_colleague": overdue,
                          "furong_office": [*overdue, (NoticeKind.OVERDUE, link(undispatched))],
                          "furong_colleague": [*overdue, (NoticeKind.OVERDUE, link(undispatched))]}
    dispatched.refresh_from_db()
    assert Notice.objects.filter(recipient=cast.tax_staff).get().dedupe_key == (
        f"problem:{dispatched.pk}:overdue:{dispatched.deadline.isoformat()}")
    assert not Notice.objects.filter(url__in=[link(not_yet), link(closed)]).exists()

    assert problems_notify_overdue() == 0  # the second run the same day, or the next morning: nothing
    assert problems_notify_overdue(today=TODAY + timedelta(days=1)) == 0
    assert Notice.objects.count() == 6


@pytest.mark.usefixtures("today_is_a_working_day")
def test_a_deadline_moved_and_missed_again_tells_again(dispatched, cast):
    overdue_by(dispatched, 1)
    assert problems_notify_overdue() == 4
    problem = problem_set_deadline(actor=cast.furong_office, problem=dispatched, deadline=TODAY)
    later = add_working_days(TODAY, 1)
    assert problems_notify_overdue(today=later) == 4
    assert set(Notice.objects.filter(recipient=cast.tax_staff).values_list("dedupe_key", flat=True)) == {
        f"problem:{problem.pk}:overdue:{add_working_days(TODAY, -1).isoformat()}",
        f"problem:{problem.pk}:overdue:{TODAY.isoformat()}"}


@pytest.mark.usefixtures("today_is_a_working_day")
def test_the_morning_job_reads_a_fixed_number_of_queries(raise_problem, cast, departments,
                                                         django_assert_max_num_queries):
    def overdue(count):
        for number in range(count):
            department = departments.furong_tax if number % 2 else departments.furong_health
            problem = problem_assign(actor=cast.furong_office, problem=raise_problem(description=f"问题{number}"),
                                     department=department)
            overdue_by(problem, 1)

    overdue(4)
    with django_assert_max_num_queries(30) as few:
        # Each problem's department (two tax clerks, one health clerk) and its office's two staff.
        assert problems_notify_overdue() == 2 * 2 + 2 * 1 + 4 * 2
    overdue(40)
    with django_assert_max_num_queries(len(few.captured_queries) + 10) as many:
        assert problems_notify_overdue() == 20 * 2 + 20 * 1 + 40 * 2
    reads = [query["sql"] for query in many.captured_queries if not query["sql"].startswith("INSERT")]
    assert len(reads) == len([query for query in few.captured_queries if not query["sql"].startswith("INSERT")])


@pytest.mark.usefixtures("today_is_a_working_day")
def test_the_morning_job_runs_as_a_task_for_its_day(dispatched, cast):
    overdue_by(dispatched, 1)
    assert problems_notify_overdue_task.delay(day=TODAY.isoformat()).get() == 4
    assert problems_notify_overdue_task.delay(day=TODAY.isoformat()).get() == 0


def test_the_morning_job_is_in_the_daily_schedule_at_its_own_time(settings):
    from operations.schedule import daily_job

    settings.PROBLEM_OVERDUE_NOTICE_AT = "06:45"
    job = daily_job("problems-overdue")
    assert (job.task, job.at) == ("problems.tasks.problems_notify_overdue_task", time(6, 45))
    due = timezone.make_aware(datetime(2026, 3, 2, 6, 45))
    assert job.kwargs(due) == {"day": "2026-03-02"}


@pytest.mark.usefixtures("today_is_a_working_day")
def test_the_morning_job_through_a_real_celery_worker_on_redis(celery_worker_on_redis, regions, roster,
                                                              departments):
    """Sent with .delay(), carried by Redis to a worker thread, which writes the notices in the database."""
    from problems.services import problem_raise

    office = factories.make_office_user("furong-office-worker", regions.furong)
    clerk = factories.make_department_user("furong-tax-worker", departments.furong_tax)
    problem = problem_raise(actor=roster.officer.user, officer=roster.officer, enterprise=roster.furong_enterprise,
                            category="logistics", description="物流运输受阻，原料无法进厂")
    problem = problem_assign(actor=office, problem=problem, department=departments.furong_tax)
    overdue_by(problem, 1)

    assert problems_notify_overdue_task.delay(day=TODAY.isoformat()).get(timeout=30) == 2
    assert set(Notice.objects.filter(kind=NoticeKind.OVERDUE).values_list("recipient_id", flat=True)) == {
        office.pk, clerk.pk}
    assert problems_notify_overdue_task.delay(day=TODAY.isoformat()).get(timeout=30) == 0
