"""Random worlds for the summary tests: a fixed pool of enterprises and officers, random rows around them.

The pool is made once per test through the services; each Hypothesis example adds random assignments, exemptions,
reports, problems and joint Party branch visits with bulk inserts (the point is random data, including shapes the
services would refuse).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from branches.choices import MemberRole
from branches.models import Branch, BranchMember, BranchVisit
from officers.models import Assignment
from problems.choices import ProblemCategory, ProblemStatus
from problems.models import Problem
from reports.choices import ExemptionKind
from reports.models import DailyReport, ReportExemption
from tests import factories
from tests.conftest import _reset_connections
from tests.faults.local_servers import RedisServer
from tests.reports.conftest import file_report  # noqa: F401  (the reports tests' fixture, shared here)

BASE_DAY = date(2020, 3, 2)
DAYS = [BASE_DAY + timedelta(days=offset) for offset in range(5)]
# 07:00 in Shanghai is 23:00 UTC the day before: resolutions at these hours test the local-date conversion.
HOURS = (0, 7, 12, 23)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class Pool:
    enterprises: list
    officers: list
    leaf_of_enterprise: list
    city: object
    province: object
    members: list


@pytest.fixture
def pool(regions) -> Pool:
    """Seven enterprises in 芙蓉区, 天心区, 岳麓区 (a county with a park) and its park, and 天元区 (another city)."""
    leaves = [regions.furong, regions.furong, regions.tianxin, regions.yuelu, regions.yuelu_park,
              regions.yuelu_park, regions.tianyuan]
    enterprises = [factories.make_enterprise(leaf) for leaf in leaves]
    officers = [factories.make_officer(regions.changsha) for _ in range(4)]
    branch = Branch.objects.create(name="长沙市联合党支部", region=regions.changsha,
                                   department=factories.make_department(regions.changsha))
    members = [BranchMember.objects.create(branch=branch, role=MemberRole.INSTRUCTOR, name=f"党建指导员{n}",
                                           joined_on=BASE_DAY - timedelta(days=30)) for n in range(2)]
    return Pool(enterprises=enterprises, officers=officers, leaf_of_enterprise=leaves, city=regions.changsha,
                province=regions.province, members=members)


offsets = st.integers(min_value=-2, max_value=len(DAYS) - 1)
assignment_plans = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 6), offsets, st.none() | st.integers(0, 5)),
    max_size=14, unique_by=lambda plan: plan[:3],
)
exemption_plans = st.lists(
    st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, len(DAYS) - 1), st.integers(0, 3)), max_size=3,
)
report_values = st.fixed_dictionaries({
    "resumed": st.booleans(),
    "masks_days": st.integers(0, 6),
    "suspected_cases": st.integers(0, 2),
    "workers_on_duty": st.integers(0, 500),
    "workers_missing": st.integers(0, 40),
    "open_positions": st.integers(0, 30),
    "is_late": st.booleans(),
})
report_plans = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 6), st.integers(0, len(DAYS) - 1), report_values),
    max_size=30, unique_by=lambda plan: plan[:3],
)
day_and_hour = st.tuples(st.integers(0, len(DAYS)), st.sampled_from(HOURS))
problem_plans = st.lists(
    st.fixed_dictionaries({
        "enterprise": st.integers(0, 6),
        "officer": st.integers(0, 3),
        "raised": st.integers(-1, len(DAYS) - 1),
        "category": st.sampled_from(ProblemCategory.values),
        "deadline": st.none() | st.integers(-2, len(DAYS)),
        "resolved": st.none() | day_and_hour,
        "escalated": st.none() | day_and_hour,
        "handler": st.sampled_from(["leaf", "city", "province"]),
    }),
    max_size=10,
)
# (member, enterprise, day): repeats are several visits to one enterprise on one day.
visit_plans = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 6), st.integers(-1, len(DAYS))), max_size=12)
worlds = st.fixed_dictionaries({
    "assignments": assignment_plans, "exemptions": exemption_plans, "reports": report_plans,
    "problems": problem_plans, "visits": visit_plans,
})


def build_world(pool: Pool, world: dict) -> None:
    """Write one random world into the database with bulk inserts."""
    assignments = []
    for officer, enterprise, start, length in world["assignments"]:
        start_date = BASE_DAY + timedelta(days=start)
        assignments.append(Assignment(
            officer=pool.officers[officer], enterprise=pool.enterprises[enterprise], managing_region=pool.city,
            commanding_region=pool.leaf_of_enterprise[enterprise], start_date=start_date,
            end_date=None if length is None else start_date + timedelta(days=length),
        ))
    Assignment.objects.bulk_create(assignments)
    by_pair = {(a.officer_id, a.enterprise_id): a for a in assignments}

    ReportExemption.objects.bulk_create([
        ReportExemption(
            kind=ExemptionKind.NOT_REOPENED if names_enterprise else ExemptionKind.OFFICER_LEAVE,
            enterprise=pool.enterprises[index] if names_enterprise else None,
            officer=None if names_enterprise else pool.officers[index % len(pool.officers)],
            start_date=DAYS[start], end_date=DAYS[start] + timedelta(days=length),
        )
        for names_enterprise, index, start, length in world["exemptions"]
    ])

    reports = []
    for officer, enterprise, day_index, values in world["reports"]:
        assignment = by_pair.get((pool.officers[officer].pk, pool.enterprises[enterprise].pk))
        if assignment is None:
            continue  # a report needs an assignment; it may still lie outside the assignment's dates
        day = DAYS[day_index]
        reports.append(DailyReport(
            assignment=assignment, officer=assignment.officer, enterprise=assignment.enterprise,
            region=assignment.enterprise.region, day=day, submitted_at=local(day, 12), filed_at=local(day, 12),
            updated_at=local(day, 12),
            **values,
        ))
    DailyReport.objects.bulk_create(reports)

    problems = []
    for plan in world["problems"]:
        enterprise = pool.enterprises[plan["enterprise"]]
        handler = {"leaf": enterprise.region, "city": pool.city, "province": pool.province}[plan["handler"]]
        resolved_at = escalated_at = None
        raised_on = BASE_DAY + timedelta(days=plan["raised"])
        if plan["resolved"] is not None:
            resolved_at = local(raised_on + timedelta(days=plan["resolved"][0]), plan["resolved"][1])
        if plan["escalated"] is not None:
            escalated_at = local(raised_on + timedelta(days=plan["escalated"][0]), plan["escalated"][1])
        problems.append(Problem(
            enterprise=enterprise, raised_by=pool.officers[plan["officer"]], raised_on=raised_on,
            category=plan["category"], description="随机问题", handling_region=handler,
            status=ProblemStatus.RESOLVED if resolved_at else ProblemStatus.REPORTED,
            deadline=None if plan["deadline"] is None else BASE_DAY + timedelta(days=plan["deadline"]),
            resolved_at=resolved_at, escalated_at=escalated_at,
        ))
    Problem.objects.bulk_create(problems)

    BranchVisit.objects.bulk_create([
        BranchVisit(branch=pool.members[member].branch, member=pool.members[member],
                    enterprise=pool.enterprises[enterprise], visited_on=BASE_DAY + timedelta(days=day),
                    checked="随机走访")
        for member, enterprise, day in world.get("visits", [])
    ])


@pytest.fixture
def private_redis():
    """A redis-server of this test's own (fails in CI when the binary is missing, skips on a laptop)."""
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker_on_private_redis(private_redis, monkeypatch):
    """Celery as in production, not eager, with the private Redis as its broker; the settings come back after."""
    from liaison_portal.celery import app

    # Celery reads these variables before its configuration (the PostgreSQL + Redis pass sets them).
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", private_redis.url)
    keys = ("broker_url", "result_backend", "task_always_eager")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=private_redis.url, result_backend=private_redis.url, task_always_eager=False)
    _reset_connections(app)
    try:
        yield private_redis
    finally:
        app.conf.update(previous)
        _reset_connections(app)
