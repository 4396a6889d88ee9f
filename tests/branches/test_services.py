"""The branch services: who may do what, the refusals (message, nothing saved), demands and visits into the
problem ledger, coverage, and the selector the assessments read."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from branches.choices import DemandStatus, MemberRole
from branches.models import BranchDemand, BranchMember, BranchVisit
from branches.selectors import officer_visit_counts, uncovered_enterprises
from branches.services import (
    branch_add_enterprise,
    branch_create,
    demand_add,
    demand_match,
    demand_raise_problem,
    member_add,
    member_leave,
    resource_add,
    visit_log,
    visit_raise_problem,
)
from problems.choices import ProblemStatus
from problems.models import Problem
from problems.services import problem_assign
from summaries.models import StaleRegionDays
from tests import factories


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_office_creates_a_branch_covering_its_enterprises(branch_world, roster):
    branch = branch_world.branch
    assert set(branch.enterprises.all()) == {roster.furong_enterprise, roster.furong_enterprise_2}
    assert branch.members.get(role=MemberRole.SECRETARY).name == "周建国"
    member = branch_world.officer_member
    assert (member.name, member.user, member.phone) == (roster.officer.name, roster.officer.user, roster.officer.phone)


def test_sibling_county_office_cannot_create_a_branch_in_furong(regions, roster, tianxin_office):
    department = factories.make_department(regions.furong)
    with pytest.raises(ValidationError) as refused:
        branch_create(actor=tianxin_office, name="越权支部", region=regions.furong, department=department)
    assert "只能为本驻企办管辖的地区组建支部" in _messages(refused.value)


def test_a_branch_cannot_cover_an_enterprise_outside_its_region(branch_world, roster, furong_office):
    with pytest.raises(ValidationError) as refused:
        branch_add_enterprise(actor=furong_office, branch=branch_world.branch, enterprise=roster.tianxin_enterprise)
    assert "不在 芙蓉区 辖区内" in _messages(refused.value)
    assert branch_world.branch.enterprises.count() == 2


def test_a_person_cannot_be_added_twice_to_one_branch(branch_world, roster, furong_office):
    branch = branch_world.branch
    before = branch.members.count()
    for kwargs in ({"officer": roster.officer, "role": MemberRole.LIAISON_OFFICER},
                   {"user": branch_world.secretary_user, "role": MemberRole.CADRE, "name": "周建国"},
                   {"name": "周建国", "phone": "13907310001", "role": MemberRole.INSTRUCTOR}):
        with pytest.raises(ValidationError) as refused:
            member_add(actor=furong_office, branch=branch, **kwargs)
        assert "已是本支部成员，不能重复添加" in _messages(refused.value)
    assert branch.members.count() == before


def test_the_database_refuses_a_duplicate_member_too(branch_world, roster):
    with pytest.raises(IntegrityError), transaction.atomic():
        BranchMember.objects.create(branch=branch_world.branch, role=MemberRole.LIAISON_OFFICER, name="别名",
                                    officer=roster.officer, joined_on=timezone.localdate())


def test_a_branch_has_one_sitting_secretary(branch_world, furong_office):
    with pytest.raises(ValidationError) as refused:
        member_add(actor=furong_office, branch=branch_world.branch, role=MemberRole.SECRETARY, name="新书记")
    assert "本支部已有书记" in _messages(refused.value)
    member_leave(actor=furong_office, member=branch_world.secretary)
    member_add(actor=furong_office, branch=branch_world.branch, role=MemberRole.SECRETARY, name="新书记")


def test_member_logs_a_visit_and_marks_the_summary_stale(branch_world, roster):
    today = timezone.localdate()
    visit = visit_log(actor=roster.officer.user, member=branch_world.officer_member,
                      enterprise=roster.furong_enterprise, visited_on=today, checked="检查防疫物资和复工人数")
    assert visit.branch == branch_world.branch
    assert StaleRegionDays.objects.filter(region=roster.furong_enterprise.region, first_day=today,
                                          last_day=today).exists()


def test_a_visit_dated_in_the_future_is_refused(branch_world, roster):
    with pytest.raises(ValidationError) as refused:
        visit_log(actor=roster.officer.user, member=branch_world.officer_member, enterprise=roster.furong_enterprise,
                  visited_on=timezone.localdate() + timedelta(days=1), checked="明天的走访")
    assert "走访日期不能晚于今天" in _messages(refused.value)
    assert not BranchVisit.objects.exists()


def test_a_visit_to_an_enterprise_outside_the_branch_is_refused(branch_world, roster):
    with pytest.raises(ValidationError) as refused:
        visit_log(actor=roster.officer.user, member=branch_world.officer_member,
                  enterprise=roster.tianxin_enterprise, visited_on=timezone.localdate(), checked="走错了企业")
    assert "不是本支部覆盖的企业" in _messages(refused.value)
    assert not BranchVisit.objects.exists()


def test_a_visit_before_joining_and_anothers_visit_are_refused(branch_world, roster):
    member = branch_world.officer_member
    with pytest.raises(ValidationError) as refused:
        visit_log(actor=roster.officer.user, member=member, enterprise=roster.furong_enterprise,
                  visited_on=member.joined_on - timedelta(days=1), checked="加入前")
    assert "不是本支部成员" in _messages(refused.value)
    with pytest.raises(ValidationError) as refused:
        visit_log(actor=branch_world.secretary_user, member=member, enterprise=roster.furong_enterprise,
                  visited_on=timezone.localdate(), checked="替别人登记")
    assert "只有成员本人" in _messages(refused.value)
    assert not BranchVisit.objects.exists()


def test_a_demand_matched_to_a_resource(branch_world, roster, furong_office):
    branch = branch_world.branch
    resource = resource_add(actor=branch_world.secretary_user, branch=branch, title="工信局技改专项资金申报辅导",
                            provider="芙蓉区工业和信息化局")
    demand = demand_add(actor=roster.officer.user, branch=branch, enterprise=roster.furong_enterprise,
                        title="申请技改资金")
    demand = demand_match(actor=furong_office, demand=demand, resource=resource)
    assert (demand.status, demand.resource) == (DemandStatus.MATCHED, resource)
    with pytest.raises(ValidationError) as refused:
        demand_raise_problem(actor=furong_office, demand=demand, category="funding")
    assert "已是" in _messages(refused.value)


def test_a_demand_for_an_enterprise_outside_the_branch_is_refused(branch_world, roster):
    with pytest.raises(ValidationError):
        demand_add(actor=roster.officer.user, branch=branch_world.branch, enterprise=roster.tianxin_enterprise,
                   title="越界需求")
    assert not BranchDemand.objects.exists()


def test_a_demand_turned_into_a_problem_follows_the_ledger(branch_world, roster, furong_office):
    demand = demand_add(actor=roster.officer.user, branch=branch_world.branch, enterprise=roster.furong_enterprise,
                        title="原材料断供", description="上游钢材供应商未复工")
    demand = demand_raise_problem(actor=furong_office, demand=demand, category="raw_materials")
    problem = demand.problem
    assert demand.status == DemandStatus.IN_LEDGER
    # One ledger: the office raised it, the stationed officer follows it up, the county office handles it.
    assert (problem.raised_by, problem.enterprise, problem.handling_region) == (
        roster.officer, roster.furong_enterprise, roster.furong_enterprise.region)
    assert "上游钢材供应商未复工" in problem.description
    problem_assign(actor=furong_office, problem=problem, department=branch_world.department)
    demand.refresh_from_db()
    assert demand.problem.status == ProblemStatus.ASSIGNED
    assert Problem.objects.count() == 1


def test_a_demand_where_no_officer_is_stationed_cannot_enter_the_ledger(branch_world, regions, furong_office):
    lonely = factories.make_enterprise(regions.furong, "芙蓉无人驻企公司")
    branch_add_enterprise(actor=furong_office, branch=branch_world.branch, enterprise=lonely)
    demand = demand_add(actor=furong_office, branch=branch_world.branch, enterprise=lonely, title="需要用工")
    with pytest.raises(ValidationError) as refused:
        demand_raise_problem(actor=furong_office, demand=demand, category="labour")
    assert "没有驻企联络员" in _messages(refused.value)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN and not Problem.objects.exists()


def test_a_visits_issue_becomes_a_problem_once(branch_world, roster):
    visit = visit_log(actor=roster.officer.user, member=branch_world.officer_member,
                      enterprise=roster.furong_enterprise_2, visited_on=timezone.localdate(), checked="查看生产线",
                      issues_found="冷链物流车辆通行证未办下来")
    visit = visit_raise_problem(actor=roster.officer.user, visit=visit, category="logistics")
    assert visit.problem.description == "冷链物流车辆通行证未办下来"
    assert visit.problem.raised_by == roster.officer
    with pytest.raises(ValidationError):
        visit_raise_problem(actor=roster.officer.user, visit=visit, category="logistics")
    assert Problem.objects.count() == 1


def test_a_non_officer_member_cannot_raise_a_problem_in_the_ledger(branch_world, roster):
    secretary = branch_world.secretary
    visit = visit_log(actor=branch_world.secretary_user, member=secretary, enterprise=roster.furong_enterprise,
                      visited_on=timezone.localdate(), checked="座谈", issues_found="企业贷款难")
    with pytest.raises(ValidationError):
        visit_raise_problem(actor=branch_world.secretary_user, visit=visit, category="funding")
    visit.refresh_from_db()
    assert visit.problem is None and not Problem.objects.exists()


def test_uncovered_lists_stationed_enterprises_without_a_branch(branch_world, regions, roster, furong_office,
                                                                 changsha_office):
    stationed_alone = factories.make_enterprise(regions.furong, "芙蓉新驻企公司")
    factories.make_assignment(factories.make_officer(regions.furong), stationed_alone)
    factories.make_enterprise(regions.furong, "芙蓉未驻企公司")  # nobody stationed: no branch needed
    assert list(uncovered_enterprises(fetched_by=furong_office)) == [stationed_alone]
    # The city sees its whole subtree: 天心区's stationed enterprise is covered by its own branch.
    assert set(uncovered_enterprises(fetched_by=changsha_office)) == {stationed_alone}


def test_an_ended_assignment_no_longer_needs_coverage(branch_world, regions, furong_office):
    past = factories.make_enterprise(regions.furong, "芙蓉已撤离公司")
    start = timezone.localdate() - timedelta(days=30)
    factories.make_assignment(factories.make_officer(regions.furong), past, start_date=start,
                              end_date=start + timedelta(days=5))
    assert past not in uncovered_enterprises(fetched_by=furong_office)


def test_officer_visit_counts_for_the_assessments(branch_world, roster, regions, furong_office):
    member = branch_world.officer_member
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start, end = monday - timedelta(days=14), monday + timedelta(days=6)  # three whole ISO weeks
    for offset in (0, 1, 2, 14):
        day = start + timedelta(days=offset)
        if day <= today:
            visit_log(actor=roster.officer.user, member=member, enterprise=roster.furong_enterprise,
                      visited_on=day, checked="例行走访")
    logged = sum(1 for offset in (0, 1, 2, 14) if start + timedelta(days=offset) <= today)
    stranger = factories.make_officer(regions.furong)
    counts = officer_visit_counts(officer_ids=[roster.officer.pk, stranger.pk, roster.tianxin_officer.pk],
                                  start=start, end=end)
    assert counts == {roster.officer.pk: (logged, 9)}
    # A second branch adds its own quota; leaving stops it.
    other = branch_create(actor=furong_office, name="芙蓉区第二联合党支部", region=regions.furong,
                          department=branch_world.department, enterprises=[roster.furong_enterprise])
    member_add(actor=furong_office, branch=other, role=MemberRole.LIAISON_OFFICER, officer=roster.officer,
               joined_on=start)
    member_leave(actor=furong_office, member=member, left_on=start + timedelta(days=6))
    assert officer_visit_counts(officer_ids=[roster.officer.pk], start=start, end=end) == {
        roster.officer.pk: (logged, 3 + 9)}


def test_officer_visit_counts_is_two_queries(branch_world, roster, django_assert_num_queries):
    with django_assert_num_queries(2):
        officer_visit_counts(officer_ids=[roster.officer.pk], start=date(2026, 1, 1), end=date(2026, 3, 31))
