"""Demo data: joint Party branches covering (almost) every stationed enterprise, their members, resource and demand
lists, and members' visits over the report-days window.

Branches are planned per leaf region (county or park): its stationed enterprises in id order, in groups of three to
seven, each group paired with one of the region's departments in turn. About one enterprise in seventy is left
uncovered on purpose, so the offices' "not covered" page has something to show. Members are the department head as
secretary, the officers stationed in the branch's enterprises (with their logins), a Party-building instructor, a
township/street/park cadre and an enterprise Party head. Everything is bulk-inserted; an enterprise already covered is
not planned again, so a second run adds no branch. Visits are planned per member and ISO week from seeded generators
(most members meet the quota, some do not); only the planned days after a member's last visit in the database are
inserted, so a second run the same day adds nothing and a run on a later day fills the new days.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from branches.choices import DemandStatus, MemberRole
from branches.models import Branch, BranchDemand, BranchEnterprise, BranchMember, BranchResource, BranchVisit
from branches.quotas import week_start, weekly_quota
from branches.services import demand_raise_problem
from demo.run import DemoRun, mobile_number, person_name
from liaison_portal.rowchecks import rows_check
from officers.models import Assignment
from regions.models import Department

SEED = 2020
BATCH_SIZE = 5000
UNCOVERED_PER_MILLE = 15
MEETS_QUOTA_SHARE = 0.78  # of the member-weeks
DEMANDS_INTO_LEDGER = 12  # through the service, from the first new branches (and the demo officer's)
NUMERALS = "一二三四五六七八九十"
DEMO_USERNAME = "officer"  # demo/logins.py's demo officer: their phone page shows 1 of 3 visits this week

CHECKED = (
    "检查防疫物资储备和员工体温登记，查看隔离观察室。",
    "走访生产车间，了解复工率和订单情况。",
    "与企业党组织负责人座谈，了解党员在复工复产中的作用发挥。",
    "宣讲稳岗补贴和税费减免政策，指导企业申报。",
    "查看员工返岗情况和食堂、宿舍防疫措施。",
    "了解原材料库存和物流运输情况。",
    "检查安全生产台账和消防设施。",
    "对接企业用工需求，收集招聘岗位信息。",
)
ISSUES = (
    "", "", "", "", "",
    "口罩库存仅够三天，需协调采购渠道。",
    "部分外省员工未能返岗，一线用工缺口较大。",
    "上游供应商未复工，原材料供应紧张。",
    "物流车辆通行证办理慢，产品外运受阻。",
    "流动资金紧张，希望对接银行续贷。",
)
RESOURCES = (
    ("复工复产政策解读与申报辅导", "政策讲解、申报材料预审"),
    ("稳岗补贴快速审核通道", "符合条件的企业五个工作日内审核完毕"),
    ("银企对接专场", "组织合作银行上门对接信贷需求"),
    ("防疫物资调配", "协调口罩、消毒液等防疫物资应急调配"),
    ("用工对接服务", "发布招聘信息，组织点对点返岗专车"),
    ("物流通行证绿色通道", "重点企业运输车辆通行证当日办结"),
    ("技术改造项目申报指导", "技改专项资金申报全程指导"),
)
DEMANDS = (
    ("申请复工复产专项贷款", "企业流动资金紧张，希望申请专项贷款"),
    ("招聘一线操作工", "订单恢复，急需招聘一线操作工"),
    ("协调口罩供应", "口罩库存不足，需要协调采购"),
    ("办理运输车辆通行证", "产品外运需要办理车辆通行证"),
    ("申报稳岗补贴", "希望指导申报稳岗补贴"),
    ("协调原材料供应", "上游供应商未复工，原材料供应紧张"),
    ("用电扩容", "新生产线投产需要增容"),
)
DEMAND_CATEGORIES = ("funding", "labour", "epidemic_supplies", "logistics", "funding", "raw_materials", "utilities")


def _stationed(run: DemoRun):
    """{leaf region id: [enterprise ids]} and {enterprise id: [(officer id, user id, name, phone)]} for today."""
    by_region: dict[int, list[int]] = defaultdict(list)
    officers: dict[int, list[tuple]] = defaultdict(list)
    rows = (Assignment.objects.active_on(run.today).order_by("enterprise_id", "officer_id")
            .values_list("enterprise_id", "enterprise__region_id", "officer_id", "officer__user_id", "officer__name",
                         "officer__phone"))
    for enterprise_id, region_id, officer_id, user_id, name, phone in rows:
        if enterprise_id not in officers:
            by_region[region_id].append(enterprise_id)
        officers[enterprise_id].append((officer_id, user_id, name, phone))
    return by_region, officers


def _left_uncovered(enterprise_id: int, demo_enterprises: set[int]) -> bool:
    return enterprise_id not in demo_enterprises and \
        random.Random(f"{SEED}:uncovered:{enterprise_id}").randrange(1000) < UNCOVERED_PER_MILLE


def step_branches(run: DemoRun) -> None:
    """Branches per leaf region and department over the stationed enterprises, with their members and lists."""
    by_region, officers = _stationed(run)
    covered = set(BranchEnterprise.objects.values_list("enterprise_id", flat=True))
    demo_enterprises = set(run.enterprise_ids[:3])
    departments: dict[int, list[Department]] = defaultdict(list)
    for department in Department.objects.filter(region_id__in=list(by_region)).order_by("id"):
        departments[department.region_id].append(department)
    taken = set(Branch.objects.values_list("region_id", "name"))
    start = run.campaign_start + timedelta(days=3)

    planned: list[tuple[Branch, list[int]]] = []
    for region_id, enterprise_ids in sorted(by_region.items()):
        todo = [e for e in enterprise_ids if e not in covered and not _left_uncovered(e, demo_enterprises)]
        pool = departments.get(region_id)
        if not todo or not pool:
            continue
        # The demo officer's enterprises come first, so that one branch holds all three.
        todo.sort(key=lambda e: (e not in demo_enterprises, e))
        rng = random.Random(f"{SEED}:branches:{region_id}")
        count = defaultdict(int)
        while todo:
            size = 3 if todo[0] in demo_enterprises else rng.randint(3, 7)
            group, todo = todo[:size], todo[size:]
            department = pool[len(planned) % len(pool)]
            while True:
                count[department.pk] += 1
                number = count[department.pk]
                label = NUMERALS[number - 1] if number <= len(NUMERALS) else str(number)
                name = f"{department.name}驻企联合党支部（{label}）"
                if (region_id, name) not in taken:
                    break
            taken.add((region_id, name))
            planned.append((Branch(name=name, region_id=region_id, department=department), group))
    if not planned:
        return
    rows_check(branch for branch, _ in planned)
    Branch.objects.bulk_create([branch for branch, _ in planned], batch_size=BATCH_SIZE)
    ids = {(region_id, name): pk for pk, region_id, name in Branch.objects.values_list("pk", "region_id", "name")}
    for branch, _ in planned:
        branch.pk = ids[(branch.region_id, branch.name)]

    coverage, members, resources, demands = [], [], [], []
    for branch, group in planned:
        rng = random.Random(f"{SEED}:branch:{branch.region_id}:{branch.name}")
        joined = start + timedelta(days=rng.randrange(5))
        coverage += [BranchEnterprise(branch=branch, enterprise_id=e) for e in group]
        members.append(BranchMember(branch=branch, role=MemberRole.SECRETARY, name=person_name(rng),
                                    phone=mobile_number(rng), joined_on=joined))
        seen = set()
        for enterprise_id in group:
            for officer_id, user_id, name, phone in officers[enterprise_id]:
                if officer_id not in seen:
                    seen.add(officer_id)
                    members.append(BranchMember(branch=branch, role=MemberRole.LIAISON_OFFICER, name=name,
                                                phone=phone, user_id=user_id, officer_id=officer_id,
                                                joined_on=joined))
        for role in (MemberRole.INSTRUCTOR, MemberRole.CADRE, MemberRole.ENTERPRISE_PARTY_HEAD):
            members.append(BranchMember(branch=branch, role=role, name=person_name(rng), phone=mobile_number(rng),
                                        joined_on=joined + timedelta(days=rng.choice((0, 0, 0, 2, 9)))))
        offered = rng.sample(RESOURCES, 2)
        for title, description in offered:
            resources.append(BranchResource(branch=branch, title=title, description=description,
                                            provider=branch.department.name, contact=person_name(rng)))
        for index in rng.sample(range(len(DEMANDS)), rng.randint(1, 3)):
            title, description = DEMANDS[index]
            # About two in five demands are met from the branch's own resource list.
            match = rng.choice(offered)[0] if rng.random() < 0.4 else None
            demands.append((BranchDemand(branch=branch, enterprise_id=rng.choice(group), title=title,
                                         description=description), match))
    # Every row through the model's rules (a member leaves after joining, an officer member names the officer...).
    for rows in (coverage, members, resources):
        rows_check(rows)
    BranchEnterprise.objects.bulk_create(coverage, batch_size=BATCH_SIZE, ignore_conflicts=True)
    BranchMember.objects.bulk_create(members, batch_size=BATCH_SIZE, ignore_conflicts=True)
    BranchResource.objects.bulk_create(resources, batch_size=BATCH_SIZE)
    branch_ids = [branch.pk for branch, _ in planned]
    offered_ids = {(branch_id, title): pk for pk, branch_id, title in BranchResource.objects.filter(
        branch_id__in=branch_ids).values_list("pk", "branch_id", "title")}
    now = timezone.now()
    for demand, match in demands:
        if match is not None:
            demand.resource_id = offered_ids[(demand.branch.pk, match)]
            demand.status, demand.handled_at = DemandStatus.MATCHED, now
    rows_check(demand for demand, _ in demands)
    BranchDemand.objects.bulk_create([demand for demand, _ in demands], batch_size=BATCH_SIZE)
    _demands_into_ledger(run, branch_ids)


def _demands_into_ledger(run: DemoRun, branch_ids: list[int]) -> None:
    """A handful of open demands put in the problem ledger through the service, as an office would (the demo
    officer's branch first)."""
    demo_branch = set(BranchEnterprise.objects.filter(enterprise_id__in=run.enterprise_ids[:3])
                      .values_list("branch_id", flat=True))
    sample = branch_ids[::max(1, len(branch_ids) // 40)]
    candidates = (BranchDemand.objects.filter(branch_id__in=list(demo_branch) + sample,
                                              status=DemandStatus.OPEN)
                  .select_related("enterprise__region", "branch__region").order_by("id"))
    chosen = sorted(candidates, key=lambda d: (d.branch_id not in demo_branch, d.pk))[:DEMANDS_INTO_LEDGER]
    for demand in chosen:
        index = next((i for i, (title, _) in enumerate(DEMANDS) if title == demand.title), 0)
        try:
            demand_raise_problem(actor=run.admin, demand=demand, category=DEMAND_CATEGORIES[index])
        except ValidationError:
            continue  # nobody stationed there any more: the demand stays open


def visit_rule(member: BranchMember, day: date, *, today: date) -> None:
    """visit_log's rules for a planned visit (the enterprise is drawn from the branch's own): a day that has come,
    on which the visitor was a member (BranchMember.is_member_on, as the service asks)."""
    if day > today:
        raise ValidationError({"visited_on": gettext("A visit cannot be dated in the future.")})
    if not member.is_member_on(day):
        raise ValidationError({"visited_on": gettext("%(name)s was not a member of this branch on %(day)s.")
                               % {"name": f"#{member.pk}", "day": day.isoformat()}})


def _planned_days(rng: random.Random, monday: date, visits: int) -> list[date]:
    return sorted(monday + timedelta(days=rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6))) for _ in range(visits))


def step_visits(run: DemoRun) -> None:
    """Members' visits over the report-days window: most meet the weekly quota, some fall short."""
    today = run.today
    first = max(today - timedelta(days=run.report_days - 1), run.campaign_start)
    mondays = []
    monday = week_start(first)
    while monday <= today:
        mondays.append(monday)
        monday += timedelta(days=7)
    enterprises = defaultdict(list)
    for branch_id, enterprise_id in BranchEnterprise.objects.order_by("branch_id", "enterprise_id").values_list(
            "branch_id", "enterprise_id"):
        enterprises[branch_id].append(enterprise_id)
    last = dict(BranchVisit.objects.values("member_id").annotate(last=Max("visited_on"))
                .values_list("member_id", "last"))
    demo_members = set(BranchMember.objects.filter(officer__user__username=DEMO_USERNAME).values_list("pk", flat=True))
    members = BranchMember.objects.order_by("id").values_list("pk", "branch_id", "role", "joined_on", "left_on")
    # Plain tuples through executemany: model instances and bulk_create cost ten times as much at province scale.
    ops = connection.ops
    created_at = ops.adapt_datetimefield_value(timezone.now())
    columns = ("branch_id", "member_id", "enterprise_id", "visited_on", "checked", "issues_found", "created_at")
    sql = (f"INSERT INTO {ops.quote_name(BranchVisit._meta.db_table)} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    rows = []
    with connection.cursor() as cursor:
        for pk, branch_id, role, joined_on, left_on in list(members):
            covered = enterprises.get(branch_id)
            if not covered:
                continue
            member = BranchMember(pk=pk, branch_id=branch_id, role=role, joined_on=joined_on, left_on=left_on)
            after = max(first - timedelta(days=1), last.get(pk, first - timedelta(days=1)),
                        joined_on - timedelta(days=1))
            until = min(today, left_on) if left_on else today
            quota = weekly_quota(role)
            for monday in mondays:
                if monday + timedelta(days=6) <= after:
                    continue
                rng = random.Random(f"{SEED}:visits:{pk}:{monday.isoformat()}")
                if pk in demo_members and monday == mondays[-1]:
                    days = [min(monday + timedelta(days=1), today)]  # the demo officer's week: 1 of 3 so far
                else:
                    count = quota + rng.choice((0, 0, 1)) if rng.random() < MEETS_QUOTA_SHARE else rng.randrange(quota)
                    days = _planned_days(rng, monday, count)
                for day in days:
                    if after < day <= until:
                        visit_rule(member, day, today=today)
                        rows.append((branch_id, pk, rng.choice(covered), ops.adapt_datefield_value(day),
                                     rng.choice(CHECKED), rng.choice(ISSUES), created_at))
            if len(rows) >= BATCH_SIZE:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
