"""A small campaign built through the services, then summarised: what the dashboard tests look at.

芙蓉区 (the owner county) has two enterprises of one officer: one filed today, one did not; 天心区 (the sibling)
has one enterprise with two officers, one filed late; 天元区 in 株洲市 one enterprise that filed. Yesterday
everybody filed. One 芙蓉区 problem is overdue (dispatched, deadline moved into the past), one 天心区 problem is
new today.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from problems.models import Problem
from problems.services import problem_assign, problem_raise
from reports.services import report_submit
from summaries.models import RegionDaySummary
from summaries.services import summaries_rebuild
from tests import factories
from tests.reports.conftest import VALUES, at

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@dataclass
class World:
    overdue_problem: Problem
    new_problem: Problem
    tax_bureau: object
    furong_missing_assignment: object


def file(assignment, day, hour=12, **changes):
    return report_submit(actor=assignment.officer.user, assignment=assignment, day=day,
                         values={**VALUES, **changes}, now=at(day, hour))


@pytest.fixture
def world(regions, roster, furong_office) -> World:
    furong_second = roster.officer.assignments.exclude(pk=roster.furong_assignment.pk).get()
    city_assignment = roster.city_officer.assignments.get()
    zhuzhou_assignment = roster.zhuzhou_officer.assignments.get()
    for assignment in (roster.furong_assignment, furong_second, roster.tianxin_assignment, city_assignment,
                       zhuzhou_assignment):
        file(assignment, YESTERDAY, workers_on_duty=100, open_positions=10)
    file(roster.furong_assignment, TODAY, workers_on_duty=120, open_positions=30, masks_days=1)
    file(roster.tianxin_assignment, TODAY, hour=21, workers_on_duty=80, resumed=False)  # late
    file(city_assignment, TODAY, workers_on_duty=90)  # same enterprise: the larger figure counts
    file(zhuzhou_assignment, TODAY, workers_on_duty=300)

    tax = factories.make_department(regions.furong, "芙蓉区税务局", kind="tax")
    overdue = problem_raise(actor=roster.officer.user, officer=roster.officer, enterprise=roster.furong_enterprise,
                            category="tax_fees", description="申请缓缴社保费，=HYPERLINK(\"x\")",
                            raised_on=YESTERDAY)
    problem_assign(actor=furong_office, problem=overdue, department=tax)
    # The services refuse a deadline in the past; a dispatched problem simply outlives its deadline.
    Problem.objects.filter(pk=overdue.pk).update(deadline=TODAY - timedelta(days=3))
    new = problem_raise(actor=roster.tianxin_officer.user, officer=roster.tianxin_officer,
                        enterprise=roster.tianxin_enterprise, category="labour", description="招工难，缺普工30名")
    summaries_rebuild(start=TODAY - timedelta(days=3), end=TODAY)
    return World(overdue_problem=Problem.objects.get(pk=overdue.pk), new_problem=new, tax_bureau=tax,
                 furong_missing_assignment=furong_second)


def summary(region, day=TODAY) -> RegionDaySummary:
    return RegionDaySummary.objects.get(region=region, day=day)
