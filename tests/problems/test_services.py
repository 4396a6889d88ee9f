"""The problem ledger's state machine: each transition, who may take it, and each refusal (in Chinese, nothing
changed), with the history every change writes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from problems import services
from problems.choices import CATEGORY_DEADLINE_DAYS, ProblemAction, ProblemStatus
from problems.models import Problem, ProblemEvent
from problems.services import (
    problem_assign,
    problem_confirm,
    problem_decline,
    problem_escalate,
    problem_raise,
    problem_reopen,
    problem_resolve,
    problem_set_deadline,
    problem_start,
)
from tests import factories
from workcalendar.selectors import add_working_days

TODAY = timezone.localdate()


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def assert_unchanged(problem: Problem):
    """The refusal left the row and its history as they were."""
    fresh = Problem.objects.get(pk=problem.pk)
    for field in ("status", "department_id", "deadline", "handling_region_id", "resolution"):
        assert getattr(fresh, field) == getattr(problem, field), field
    assert fresh.events.count() == problem.events.count()


def actions(problem: Problem) -> list[str]:
    return list(problem.events.order_by("at", "id").values_list("action", flat=True))


# Raising -------------------------------------------------------------------------------------------------------


def test_officer_raises_a_problem_owned_by_the_county_office(raise_problem, roster, regions):
    problem = raise_problem(category="epidemic_supplies", description="口罩仅够3天使用，需协调采购渠道")
    assert problem.status == ProblemStatus.REPORTED
    assert problem.handling_region == regions.furong
    assert problem.raised_on == TODAY
    assert problem.deadline is None and problem.department is None
    event = problem.events.get()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        ProblemAction.RAISED, roster.officer.user, "", ProblemStatus.REPORTED)


def test_raising_twice_with_the_same_token_makes_one_problem(raise_problem):
    first = raise_problem(client_token="report-token-1:0")
    again = raise_problem(client_token="report-token-1:0", description="重复提交")
    assert again.pk == first.pk
    assert Problem.objects.count() == 1 and ProblemEvent.objects.count() == 1
    assert raise_problem(client_token="report-token-1:1").pk != first.pk


def test_a_token_race_that_loses_returns_the_winners_problem(raise_problem, monkeypatch):
    winner = raise_problem(client_token="raced:0")
    real_filter = Problem.objects.filter
    missed = []

    def first_lookup_misses(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        if "client_token" in kwargs and not missed:
            missed.append(True)
            return queryset.none()  # as if the other request had not committed yet
        return queryset

    monkeypatch.setattr(Problem.objects, "filter", first_lookup_misses)
    assert raise_problem(client_token="raced:0").pk == winner.pk
    assert Problem.objects.count() == 1


def test_a_problem_without_a_token_is_never_merged(raise_problem):
    raise_problem()
    raise_problem()
    assert Problem.objects.count() == 2


def test_officer_not_stationed_there_cannot_raise_a_problem(raise_problem, roster):
    with pytest.raises(ValidationError) as error:
        raise_problem(roster.tianxin_enterprise)
    assert "未派驻" in messages_of(error.value)
    assert not Problem.objects.exists()


def test_an_ended_assignment_does_not_cover_later_days(raise_problem, roster, furong_office):
    from officers.services import assignment_end

    assignment_end(actor=furong_office, assignment=roster.furong_assignment, end_date=TODAY - timedelta(days=3),
                   reason="rotated")
    with pytest.raises(ValidationError):
        raise_problem()
    assert raise_problem(raised_on=TODAY - timedelta(days=4)).raised_on == TODAY - timedelta(days=4)


def test_a_problem_cannot_be_raised_for_tomorrow(raise_problem):
    with pytest.raises(ValidationError) as error:
        raise_problem(raised_on=TODAY + timedelta(days=1))
    assert "raised_on" in error.value.message_dict


def test_someone_else_cannot_raise_in_the_officers_name(roster, tianxin_office):
    with pytest.raises(ValidationError):
        problem_raise(actor=tianxin_office, officer=roster.officer, enterprise=roster.furong_enterprise,
                      category="labour", description="招工难")
    with pytest.raises(ValidationError):
        problem_raise(actor=roster.tianxin_officer.user, officer=roster.officer,
                      enterprise=roster.furong_enterprise, category="labour", description="招工难")


def test_an_empty_or_unknown_category_or_description_is_refused(raise_problem):
    with pytest.raises(ValidationError) as error:
        raise_problem(description="   ")
    assert "description" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        raise_problem(category="weather")
    assert "category" in error.value.message_dict
    with pytest.raises(ValidationError):
        raise_problem(description="长" * 2001)
    assert not Problem.objects.exists()


# Dispatch -------------------------------------------------------------------------------------------------------


def test_office_dispatches_with_the_categorys_working_day_deadline(raise_problem, furong_office, departments):
    problem = raise_problem(category="tax_fees")
    problem = problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    assert problem.status == ProblemStatus.ASSIGNED
    assert problem.deadline == add_working_days(TODAY, CATEGORY_DEADLINE_DAYS["tax_fees"])
    assert list(problem.co_departments.all()) == [departments.furong_health]
    event = problem.events.last()
    assert (event.action, event.actor, event.department, event.from_status, event.to_status) == (
        ProblemAction.ASSIGNED, furong_office, departments.furong_tax, ProblemStatus.REPORTED,
        ProblemStatus.ASSIGNED)
    assert event.data["deadline"] == problem.deadline.isoformat()
    assert event.data["co_department_names"] == ["芙蓉区卫生健康局"]


def test_the_deadline_runs_on_working_days_across_the_spring_festival(frozen_today, roster, furong_office,
                                                                      departments):
    day = frozen_today(date(2026, 2, 12))  # Thursday before the 2026 Spring Festival holiday
    factories.make_assignment(roster.officer, roster.furong_enterprise_2, start_date=date(2026, 1, 5),
                              end_date=date(2026, 3, 31))
    problem = problem_raise(actor=roster.officer.user, officer=roster.officer, enterprise=roster.furong_enterprise_2,
                            category="tax_fees", description="春节后复工，申请延期申报纳税")
    problem = problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax)
    # 7 working days from Thursday 12 February: Fri 13, make-up Sat 14, (holiday 15–23), Tue 24 … make-up Sat 28.
    assert day.isoformat() == "2026-02-12"
    assert problem.deadline == date(2026, 2, 28)


def test_a_department_outside_the_handling_region_is_refused(raise_problem, furong_office, departments):
    problem = raise_problem()
    with pytest.raises(ValidationError) as error:
        problem_assign(actor=furong_office, problem=problem, department=departments.tianxin_tax)
    assert "芙蓉区" in error.value.message_dict["department"][0]
    with pytest.raises(ValidationError) as error:
        problem_assign(actor=furong_office, problem=problem, department=departments.changsha_industry)
    assert "department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                       co_departments=[departments.tianxin_tax])
    assert "天心区税务局" in error.value.message_dict["co_departments"][0]
    assert_unchanged(problem)


def test_only_the_handling_office_dispatches(raise_problem, tianxin_office, tax_staff, roster, departments):
    problem = raise_problem()
    for outsider in (tianxin_office, tax_staff, roster.officer.user):
        with pytest.raises(ValidationError) as error:
            problem_assign(actor=outsider, problem=problem, department=departments.furong_tax)
        assert "芙蓉区" in messages_of(error.value) and "只有" in messages_of(error.value)
    assert_unchanged(problem)


def test_the_city_office_may_dispatch_a_county_problem(raise_problem, changsha_office, departments):
    problem = problem_assign(actor=changsha_office, problem=raise_problem(), department=departments.furong_tax)
    assert problem.status == ProblemStatus.ASSIGNED


def test_a_deadline_in_the_past_is_refused(raise_problem, furong_office, departments):
    problem = raise_problem()
    with pytest.raises(ValidationError) as error:
        problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                       deadline=TODAY - timedelta(days=1))
    assert "过去" in error.value.message_dict["deadline"][0]
    assert_unchanged(problem)


def test_decline_then_re_dispatch_keeps_the_whole_history(raise_problem, furong_office, tax_staff, health_staff,
                                                         departments):
    problem = problem_assign(actor=furong_office, problem=raise_problem(category="epidemic_supplies"),
                             department=departments.furong_tax, co_departments=[departments.furong_health])
    with pytest.raises(ValidationError) as error:
        problem_decline(actor=tax_staff, problem=problem, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        problem_decline(actor=health_staff, problem=problem, reason="不归我们管")  # co-handling cannot decline
    problem = problem_decline(actor=tax_staff, problem=problem, reason="防疫物资不属税务职责，建议交卫健部门")
    assert problem.status == ProblemStatus.REPORTED
    assert problem.department is None and problem.deadline is None
    assert not problem.co_departments.exists()
    declined = problem.events.last()
    assert declined.department == departments.furong_tax and "卫健" in declined.note
    assert not Problem.objects.visible_to(tax_staff).filter(pk=problem.pk).exists()

    problem = problem_assign(actor=furong_office, problem=problem, department=departments.furong_health)
    assert problem.status == ProblemStatus.ASSIGNED
    assert actions(problem) == ["raised", "assigned", "declined", "assigned"]
    assert Problem.objects.visible_to(health_staff).filter(pk=problem.pk).exists()


def test_office_may_redirect_before_work_starts_but_not_after(raise_problem, furong_office, tax_staff, departments):
    problem = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_health)
    problem = problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax)
    problem = problem_start(actor=tax_staff, problem=problem)
    with pytest.raises(ValidationError) as error:
        problem_assign(actor=furong_office, problem=problem, department=departments.furong_health)
    assert "办理中" in messages_of(error.value)
    assert_unchanged(problem)


# Work, resolution, confirmation ------------------------------------------------------------------------------


@pytest.fixture
def assigned(raise_problem, furong_office, departments):
    return problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax,
                          co_departments=[departments.furong_health])


def test_the_department_starts_and_resolves_and_the_officer_confirms(assigned, tax_staff, roster):
    problem = problem_start(actor=tax_staff, problem=assigned)
    assert problem.status == ProblemStatus.IN_PROGRESS
    problem = problem_resolve(actor=tax_staff, problem=problem, resolution="已为企业办理社保费缓缴，期限3个月")
    assert problem.status == ProblemStatus.RESOLVED and problem.resolved_at is not None
    assert "缓缴" in problem.resolution
    problem = problem_confirm(actor=roster.officer.user, problem=problem)
    assert problem.status == ProblemStatus.CONFIRMED and problem.confirmed_at is not None
    assert actions(problem) == ["raised", "assigned", "started", "resolved", "confirmed"]
    assert [e.actor for e in problem.events.order_by("at", "id")][-3:] == [tax_staff, tax_staff, roster.officer.user]


def test_co_handling_staff_see_the_problem_but_cannot_work_it(assigned, health_staff):
    assert Problem.objects.visible_to(health_staff).filter(pk=assigned.pk).exists()
    for call in (lambda: problem_start(actor=health_staff, problem=assigned),
                 lambda: problem_resolve(actor=health_staff, problem=assigned, resolution="已处理")):
        with pytest.raises(ValidationError) as error:
            call()
        assert "芙蓉区税务局" in messages_of(error.value)
    assert_unchanged(assigned)


def test_a_resolution_must_say_what_was_done(assigned, tax_staff):
    with pytest.raises(ValidationError) as error:
        problem_resolve(actor=tax_staff, problem=assigned, resolution="")
    assert "resolution" in error.value.message_dict
    assert_unchanged(assigned)


def test_the_office_may_resolve_a_problem_itself(raise_problem, furong_office):
    problem = problem_resolve(actor=furong_office, problem=raise_problem(), resolution="驻企办直接协调解决")
    assert problem.status == ProblemStatus.RESOLVED and problem.department is None


def test_only_the_officer_who_raised_it_confirms_or_reopens(assigned, tax_staff, furong_office, roster):
    problem = problem_resolve(actor=tax_staff, problem=assigned, resolution="已解决")
    for outsider in (furong_office, tax_staff, roster.tianxin_officer.user):
        with pytest.raises(ValidationError) as error:
            problem_confirm(actor=outsider, problem=problem)
        assert "提出" in messages_of(error.value)
        with pytest.raises(ValidationError):
            problem_reopen(actor=outsider, problem=problem, reason="没解决")
    assert_unchanged(problem)


def test_only_a_resolved_problem_can_be_confirmed(assigned, roster):
    with pytest.raises(ValidationError) as error:
        problem_confirm(actor=roster.officer.user, problem=assigned)
    assert "已交办" in messages_of(error.value)
    assert_unchanged(assigned)


def test_reopening_sends_it_back_to_the_department_with_a_fresh_deadline(assigned, tax_staff, roster, furong_office):
    problem_set_deadline(actor=furong_office, problem=assigned, deadline=TODAY)
    problem = problem_resolve(actor=tax_staff, problem=assigned, resolution="已答复企业")
    with pytest.raises(ValidationError) as error:
        problem_reopen(actor=roster.officer.user, problem=problem, reason="")
    assert "reason" in error.value.message_dict
    problem = problem_reopen(actor=roster.officer.user, problem=problem, reason="企业反映缓缴手续仍未办结")
    assert problem.status == ProblemStatus.REOPENED
    assert problem.department == assigned.department and problem.resolution == ""
    assert problem.deadline == add_working_days(TODAY, CATEGORY_DEADLINE_DAYS["tax_fees"])
    problem = problem_start(actor=tax_staff, problem=problem)
    problem = problem_resolve(actor=tax_staff, problem=problem, resolution="缓缴手续已办结")
    problem = problem_confirm(actor=roster.officer.user, problem=problem)
    assert actions(problem) == ["raised", "assigned", "deadline_changed", "resolved", "reopened", "started",
                                "resolved", "confirmed"]
    assert problem.events.get(action="reopened").note == "企业反映缓缴手续仍未办结"


def test_office_moves_the_deadline_and_the_history_says_from_what(assigned, furong_office, tax_staff):
    before = assigned.deadline
    problem = problem_set_deadline(actor=furong_office, problem=assigned, deadline=TODAY + timedelta(days=30))
    event = problem.events.last()
    assert event.action == ProblemAction.DEADLINE_CHANGED
    assert event.data == {"from": before.isoformat(), "to": (TODAY + timedelta(days=30)).isoformat()}
    with pytest.raises(ValidationError):
        problem_set_deadline(actor=tax_staff, problem=problem, deadline=TODAY + timedelta(days=40))
    with pytest.raises(ValidationError) as error:
        problem_set_deadline(actor=furong_office, problem=problem, deadline=TODAY - timedelta(days=1))
    assert "deadline" in error.value.message_dict
    assert_unchanged(problem)


def test_a_closed_problem_takes_no_more_changes(assigned, tax_staff, roster, furong_office, departments):
    problem = problem_resolve(actor=tax_staff, problem=assigned, resolution="已解决")
    problem = problem_confirm(actor=roster.officer.user, problem=problem)
    for call in (lambda: problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax),
                 lambda: problem_escalate(actor=furong_office, problem=problem, reason="升级"),
                 lambda: problem_set_deadline(actor=furong_office, problem=problem, deadline=TODAY),
                 lambda: problem_resolve(actor=furong_office, problem=problem, resolution="再次解决")):
        with pytest.raises(ValidationError) as error:
            call()
        assert "已确认" in messages_of(error.value)
    assert_unchanged(problem)


def test_history_events_are_never_deleted(assigned):
    with pytest.raises(PermissionError):
        assigned.events.first().delete()


# Who sees what ---------------------------------------------------------------------------------------------------


def test_department_staff_see_only_their_departments_problems(raise_problem, furong_office, departments, tax_staff,
                                                              health_staff, tianxin_tax_staff):
    tax = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)
    health = problem_assign(actor=furong_office, problem=raise_problem(category="epidemic_supplies"),
                            department=departments.furong_health)
    undispatched = raise_problem(category="labour")
    assert set(Problem.objects.visible_to(tax_staff)) == {tax}
    assert set(Problem.objects.visible_to(health_staff)) == {health}
    assert not Problem.objects.visible_to(tianxin_tax_staff).exists()
    assert set(Problem.objects.visible_to(furong_office)) == {tax, health, undispatched}


def test_offices_see_their_subtree_and_officers_their_own(raise_problem, roster, furong_office, tianxin_office,
                                                          changsha_office):
    furong = raise_problem()
    tianxin = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer)
    assert set(Problem.objects.visible_to(furong_office)) == {furong}
    assert set(Problem.objects.visible_to(tianxin_office)) == {tianxin}
    assert set(Problem.objects.visible_to(changsha_office)) == {furong, tianxin}
    assert set(Problem.objects.visible_to(roster.officer.user)) == {furong}
    assert set(Problem.objects.visible_to(roster.tianxin_officer.user)) == {tianxin}


def test_allowed_actions_follow_role_and_status(assigned, furong_office, tax_staff, health_staff, roster):
    assert services.problem_actions_for(user=furong_office, problem=assigned) == {
        "assigned", "resolved", "escalated", "deadline_changed"}
    assert services.problem_actions_for(user=tax_staff, problem=assigned) == {"declined", "started", "resolved"}
    assert services.problem_actions_for(user=health_staff, problem=assigned) == set()
    assert services.problem_actions_for(user=roster.officer.user, problem=assigned) == set()


def test_the_database_refuses_a_second_problem_with_the_same_token(raise_problem, roster):
    problem = raise_problem(client_token="t:0")
    with pytest.raises(IntegrityError):
        Problem.objects.create(enterprise=problem.enterprise, raised_by=roster.officer, raised_on=TODAY,
                               category="other", description="x", handling_region=problem.handling_region,
                               client_token="t:0")


# Bulk dispatch ------------------------------------------------------------------------------------------------------


def test_assign_many_dispatches_each_through_the_one_problem_rule(raise_problem, furong_office, departments):
    problems = [raise_problem(category=category) for category in ("tax_fees", "labour")]
    result = services.problems_assign_many(actor=furong_office, problems=problems,
                                           department=departments.furong_tax)
    assert [p.pk for p in result.assigned] == [p.pk for p in problems] and result.refused == []
    for problem in problems:
        problem.refresh_from_db()
        # No deadline given: each category's own default, as one dispatch would set it.
        assert problem.deadline == services.default_deadline(category=problem.category)
        assert problem.status == ProblemStatus.ASSIGNED
        assert [e.action for e in problem.events.all()] == [ProblemAction.RAISED, ProblemAction.ASSIGNED]


def test_assign_many_refuses_a_problem_on_its_own_and_dispatches_the_rest(raise_problem, roster, furong_office,
                                                                          changsha_office, tax_staff,
                                                                          departments):
    fine = raise_problem()
    stale = raise_problem()
    seen = stale.version
    stale = problem_assign(actor=furong_office, problem=stale, department=departments.furong_health)
    closed = problem_resolve(actor=furong_office, problem=raise_problem(), resolution="区里已协调")
    upward = problem_escalate(actor=furong_office, problem=raise_problem(), reason="区级协调不了")  # now the city's
    before = {p.pk: (p.status, p.department_id, p.version) for p in Problem.objects.all()}
    result = services.problems_assign_many(
        actor=furong_office, problems=[fine, stale, closed, upward], department=departments.furong_tax,
        expected_versions={stale.pk: seen})
    assert [p.pk for p in result.assigned] == [fine.pk]
    refused = {problem.pk: " ".join(reasons) for problem, reasons in result.refused}
    assert set(refused) == {stale.pk, closed.pk, upward.pk}
    assert "修改" in refused[stale.pk]  # changed since the version the page showed, and by whom
    assert str(ProblemStatus.RESOLVED.label) in refused[closed.pk]  # not open to dispatch
    assert "长沙市" in refused[upward.pk]  # only the office handling it may dispatch it
    for pk in refused:
        fresh = Problem.objects.get(pk=pk)
        assert (fresh.status, fresh.department_id, fresh.version) == before[pk]
    # The city may dispatch the escalated one, but only to a department of its own reach: the county's is.
    result = services.problems_assign_many(actor=changsha_office, problems=[upward],
                                           department=departments.changsha_industry)
    assert [p.pk for p in result.assigned] == [upward.pk]


def test_assign_many_refuses_a_department_outside_each_problems_office(raise_problem, roster, province_office,
                                                                       departments):
    county = raise_problem()
    province = raise_problem()
    Problem.objects.filter(pk=province.pk).update(handling_region=roster.furong_enterprise.region.parent.parent)
    result = services.problems_assign_many(actor=province_office, problems=[county, province],
                                           department=departments.province_industry)
    assert [p.pk for p in result.assigned] == [province.pk]
    assert [p.pk for p, _ in result.refused] == [county.pk]
    assert "芙蓉区" in result.refused[0][1][0]


def test_assign_many_refuses_a_past_deadline_for_every_problem(raise_problem, furong_office, departments):
    problems = [raise_problem(), raise_problem()]
    result = services.problems_assign_many(actor=furong_office, problems=problems,
                                           department=departments.furong_tax, deadline=TODAY - timedelta(days=1))
    assert result.assigned == [] and len(result.refused) == 2
    assert all("过去" in " ".join(reasons) for _, reasons in result.refused)
    assert not Problem.objects.filter(status=ProblemStatus.ASSIGNED).exists()


def test_assign_many_takes_at_most_a_few_pages_at_once(raise_problem, furong_office, departments, monkeypatch):
    monkeypatch.setattr(services, "ASSIGN_MANY_LIMIT", 2)
    problems = [raise_problem() for _ in range(3)]
    with pytest.raises(ValidationError) as refused:
        services.problems_assign_many(actor=furong_office, problems=problems, department=departments.furong_tax)
    assert "problems" in refused.value.message_dict
    assert not Problem.objects.filter(status=ProblemStatus.ASSIGNED).exists()
