"""Tiers (分级化解): by hand county → city → province, refused above; by the beat task when overdue by more than
PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS working days, eagerly and once through a real Celery worker on Redis."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from problems.choices import ProblemAction, ProblemStatus
from problems.models import Problem
from problems.services import (
    problem_assign,
    problem_escalate,
    problem_resolve,
    problems_escalate_overdue,
)
from problems.tasks import problems_escalate_overdue_task
from tests import factories
from workcalendar.selectors import add_working_days

TODAY = timezone.localdate()


@pytest.fixture
def dispatched(raise_problem, furong_office, departments):
    return problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)


def overdue_by(problem: Problem, working_days: int, today: date = TODAY) -> Problem:
    """Move the deadline back so that `today` is `working_days` working days past it (test set-up only)."""
    deadline = add_working_days(today, -working_days)
    Problem.objects.filter(pk=problem.pk).update(deadline=deadline)
    problem.refresh_from_db()
    return problem


def test_escalation_by_hand_climbs_county_city_province_and_stops(dispatched, furong_office, changsha_office,
                                                                  province_office, regions, departments):
    problem = problem_escalate(actor=furong_office, problem=dispatched, reason="涉及跨区原材料调运，区级无法协调")
    assert problem.handling_region == regions.changsha
    assert problem.status == ProblemStatus.REPORTED
    assert problem.department is None and problem.deadline is None and problem.escalated_at is not None
    event = problem.events.last()
    assert event.action == ProblemAction.ESCALATED and event.actor == furong_office
    assert event.department == departments.furong_tax and event.from_status == ProblemStatus.ASSIGNED
    assert (event.data["from_region_name"], event.data["to_region_name"]) == ("芙蓉区", "长沙市")
    assert "跨区" in event.note

    # The county no longer handles it: it still sees it (its enterprise) but cannot dispatch or escalate.
    assert Problem.objects.visible_to(furong_office).filter(pk=problem.pk).exists()
    with pytest.raises(ValidationError) as error:
        problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax)
    assert "长沙市" in " ".join(error.value.messages)
    problem = problem_assign(actor=changsha_office, problem=problem, department=departments.changsha_industry)

    problem = problem_escalate(actor=changsha_office, problem=problem, reason="需省级协调铁路运力")
    assert problem.handling_region == regions.province
    with pytest.raises(ValidationError) as error:
        problem_escalate(actor=province_office, problem=problem, reason="再升级")
    assert "湖南省" in " ".join(error.value.messages) and "最高" in " ".join(error.value.messages)
    problem.refresh_from_db()
    assert problem.handling_region == regions.province
    tiers = [(e.data["from_region_name"], e.data["to_region_name"]) for e in problem.events.filter(action="escalated")]
    assert tiers == [("芙蓉区", "长沙市"), ("长沙市", "湖南省")]


def test_escalation_needs_a_reason_and_the_handling_office(dispatched, tianxin_office, tax_staff, furong_office):
    with pytest.raises(ValidationError) as error:
        problem_escalate(actor=furong_office, problem=dispatched, reason="")
    assert "reason" in error.value.message_dict
    for outsider in (tianxin_office, tax_staff):
        with pytest.raises(ValidationError):
            problem_escalate(actor=outsider, problem=dispatched, reason="升级")
    dispatched.refresh_from_db()
    assert dispatched.status == ProblemStatus.ASSIGNED and dispatched.events.count() == 2


def test_a_park_problem_goes_to_its_city(roster, regions, raise_problem):
    park_enterprise = factories.make_enterprise(regions.yuelu_park, "长沙高新区智造科技有限公司")
    factories.make_assignment(roster.officer, park_enterprise, managing_region=regions.changsha)
    park_office = factories.make_office_user("park-office", regions.yuelu_park)
    problem = raise_problem(park_enterprise)
    assert problem.handling_region == regions.yuelu_park
    problem = problem_escalate(actor=park_office, problem=problem, reason="园区无法协调")
    assert problem.handling_region == regions.changsha


def test_the_beat_escalates_only_beyond_the_margin(settings, dispatched, raise_problem, furong_office, departments):
    settings.PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS = 2
    on_the_margin = overdue_by(dispatched, 2)
    beyond = overdue_by(problem_assign(actor=furong_office, problem=raise_problem(category="labour"),
                                       department=departments.furong_tax), 3)
    assert problems_escalate_overdue() == 1
    beyond.refresh_from_db()
    on_the_margin.refresh_from_db()
    assert beyond.handling_region.name == "长沙市" and beyond.status == ProblemStatus.REPORTED
    assert on_the_margin.handling_region.name == "芙蓉区"
    event = beyond.events.last()
    assert event.actor is None and event.data["automatic"] is True and event.data["overdue_working_days"] == 3


def test_the_beat_is_idempotent_and_never_climbs_two_tiers_in_one_run(dispatched, regions):
    overdue_by(dispatched, 40)
    assert problems_escalate_overdue_task() == 1  # the task function, called eagerly
    assert problems_escalate_overdue_task() == 0
    assert problems_escalate_overdue(today=TODAY + timedelta(days=60)) == 0  # no deadline until the city dispatches
    dispatched.refresh_from_db()
    assert dispatched.handling_region == regions.changsha
    assert dispatched.events.filter(action="escalated").count() == 1


def test_the_beat_leaves_resolved_undispatched_and_province_problems_alone(dispatched, raise_problem, tax_staff,
                                                                           province_office, furong_office,
                                                                           changsha_office, departments):
    overdue_by(problem_resolve(actor=tax_staff, problem=dispatched, resolution="已解决"), 10)
    raise_problem()  # not dispatched: no deadline yet
    at_province = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)
    at_province = problem_escalate(actor=furong_office, problem=at_province, reason="区级无法解决")
    at_province = problem_escalate(actor=changsha_office, problem=at_province, reason="市级无法解决")
    at_province = problem_assign(actor=province_office, problem=at_province, department=departments.province_industry)
    overdue_by(at_province, 10)
    assert problems_escalate_overdue() == 0


def test_the_beat_counts_working_days_over_the_spring_festival(settings, dispatched):
    settings.PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS = 2
    Problem.objects.filter(pk=dispatched.pk).update(deadline=date(2026, 2, 13))  # the Friday before the holiday
    # Tuesday 24 February: only make-up Saturday 14 and the 24th have been working days since.
    assert problems_escalate_overdue(today=date(2026, 2, 24)) == 0
    assert problems_escalate_overdue(today=date(2026, 2, 25)) == 1


def test_a_problem_handled_meanwhile_is_not_escalated(dispatched, tax_staff, monkeypatch):
    """The sweep selects first, then locks each row and checks again: a resolution in between wins."""
    from problems import services

    overdue_by(dispatched, 10)
    real_working_days = services.working_days

    def resolve_in_between(*args):
        problem_resolve(actor=tax_staff, problem=dispatched, resolution="在升级前已解决")
        return real_working_days(*args)

    monkeypatch.setattr(services, "working_days", resolve_in_between)
    assert problems_escalate_overdue() == 0
    dispatched.refresh_from_db()
    assert dispatched.status == ProblemStatus.RESOLVED and dispatched.handling_region.name == "芙蓉区"


def test_the_beat_task_through_a_real_celery_worker_on_redis(celery_worker_on_redis, regions, roster, departments):
    """Sent with .delay(), carried by Redis to a worker thread, which escalates in the database."""
    from problems.services import problem_raise

    officer = roster.officer
    problem = problem_raise(actor=officer.user, officer=officer, enterprise=roster.furong_enterprise,
                            category="logistics", description="物流运输受阻，原料无法进厂")
    problem = problem_assign(actor=factories.system_actor(), problem=problem, department=departments.furong_tax)
    overdue_by(problem, 10)

    result = problems_escalate_overdue_task.delay()
    assert result.get(timeout=30) == 1

    problem.refresh_from_db()
    assert problem.handling_region == regions.changsha
    assert problem.events.filter(action="escalated", actor__isnull=True).count() == 1
