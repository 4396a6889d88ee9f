"""Demo data for the problem ledger: problems in every state, with a history that follows the services' rules.

A share of the planned enterprises get problems raised by an officer stationed there on that day. Each problem
lives a plausible life on the working-day clock: dispatched by its county or park office to a department of the
matching kind, sometimes declined and dispatched again, started, resolved, confirmed or reopened by the officer,
and escalated tier by tier when it runs past its deadline by more than the margin, on the day the beat task would
have done it (so running the beat right after seeding escalates nothing). Rows are planned in memory from seeded
generators and bulk-inserted; the client token ("demo:…") is the natural key, so a second run adds nothing.

Besides, the demo logins get something to do: `furong` has new problems to dispatch, `changsha` an escalated one,
`dept` (芙蓉区税务局) a queue with an overdue problem, and `officer` a resolved problem to confirm.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from demo.enterprises import enterprise_plan
from demo.roster import roster_plan
from demo.run import BATCH_SIZE, SEED, DemoRun, chunks, row_rng
from liaison_portal.rowchecks import rows_check
from officers.models import Assignment, Officer
from problems.choices import (
    ALLOWED_FROM,
    CATEGORY_DEADLINE_DAYS,
    CATEGORY_DEPARTMENT_KINDS,
    ProblemAction,
    ProblemCategory,
    ProblemStatus,
)
from problems.models import Problem, ProblemEvent
from problems.services import NEXT_TIER_LEVEL
from regions.choices import DepartmentKind, RegionLevel
from regions.models import Department
from workcalendar.selectors import WorkingDays
from workcalendar.services import calendar_import

# The demo logins of demo/logins.py whose screens this step fills.
DEMO_OFFICER_USERNAME = "officer"
FURONG = "430102"
OFFICE_LOGINS = {"430102": "furong", "430103": "tianxin", "430100": "changsha", "430000": "province"}
DEPARTMENT_LOGINS = {(FURONG, "芙蓉区税务局"): "dept"}

TOKEN_PREFIX = "demo:"
# How many problems an enterprise raised during the campaign (about one on average: ~30,000 at province scale).
PROBLEMS_PER_ENTERPRISE = ((0, 1, 2, 3), (38, 32, 20, 10))
CATEGORY_WEIGHTS = {
    ProblemCategory.EPIDEMIC_SUPPLIES: 18, ProblemCategory.RAW_MATERIALS: 14, ProblemCategory.LABOUR: 17,
    ProblemCategory.FUNDING: 12, ProblemCategory.LOGISTICS: 11, ProblemCategory.PERMITS: 8,
    ProblemCategory.TAX_FEES: 9, ProblemCategory.UTILITIES: 6, ProblemCategory.OTHER: 5,
}

# Parks have no departments in the roster demo; their management committees have bureaus of their own.
PARK_DEPARTMENTS = (
    (DepartmentKind.INDUSTRY, "{}经济发展局"),
    (DepartmentKind.DEVELOPMENT, "{}行政审批服务局"),
    (DepartmentKind.FINANCE, "{}财政局"),
    (DepartmentKind.HUMAN_RESOURCES, "{}人力资源和社会保障局"),
    (DepartmentKind.HOUSING, "{}规划建设局"),
    (DepartmentKind.EMERGENCY, "{}安全生产监督管理局"),
    (DepartmentKind.COMMERCE, "{}招商合作局"),
    (DepartmentKind.TAX, "国家税务总局{}税务局"),
)

MATERIALS = ("钢材", "铝锭", "塑料粒子", "包装纸箱", "电子元器件", "芯片", "化工原料", "棉纱", "面粉", "玻璃",
             "水泥", "轴承", "液压件", "熔喷布", "无纺布", "铜材")
DESCRIPTIONS = {
    ProblemCategory.EPIDEMIC_SUPPLIES: (
        "口罩库存仅够{n}天使用，急需协调采购渠道", "缺少额温枪和消毒液，复工防疫物资不足",
        "员工返岗需做核酸检测，希望协调检测机构上门采样", "隔离观察室不符合要求，需卫健部门指导改造",
        "一次性医用口罩每日消耗{k}只，供货商断供", "食堂分餐和错峰就餐方案需要防疫部门指导",
    ),
    ProblemCategory.RAW_MATERIALS: (
        "上游供应商尚未复工，{m}供应中断", "{m}价格上涨{p}%，采购成本压力大",
        "外省{m}供应商无法发货，库存仅够生产{n}天", "进口{m}清关延迟，影响订单交付",
        "原材料供应商要求现款提货，资金周转困难",
    ),
    ProblemCategory.LABOUR: (
        "招工难，一线普工缺口约{k}人", "外地员工返岗受阻，到岗率仅{p}%", "急需技术工人{n}名，请求协助对接",
        "希望协调开通员工返岗包车{n}趟", "新招员工岗前培训需要人社部门补贴支持",
    ),
    ProblemCategory.FUNDING: (
        "流动资金紧张，申请复工复产贷款{w}万元", "银行贷款即将到期，申请展期或续贷",
        "应收账款回笼慢，资金缺口约{w}万元", "申请纳入疫情防控重点保障企业融资名单",
        "申请稳岗补贴，资料已提交尚未拨付",
    ),
    ProblemCategory.LOGISTICS: (
        "物流运输受阻，成品无法按期发货", "货车跨市通行需办理通行证{n}张", "高速卡口检疫耗时长，原料运输延误{n}天",
        "冷链运输车辆不足，产品积压", "快递物流未恢复，零配件无法送达",
    ),
    ProblemCategory.PERMITS: (
        "复工复产备案审批尚未办结", "新建厂房消防验收需加快办理", "环评批复延期，项目无法按期开工",
        "特种设备检验合格证到期，需安排检验", "施工许可证办理进度慢，影响项目复工",
    ),
    ProblemCategory.TAX_FEES: (
        "受疫情影响营收下降，申请延期缴纳税款", "申请减免社保费单位缴费部分", "申请房产税和城镇土地使用税困难减免",
        "增值税留抵退税申请进度咨询", "申请缓缴住房公积金",
    ),
    ProblemCategory.UTILITIES: (
        "申请执行阶段性降低用电成本政策", "用气价格上涨，申请执行优惠气价", "新增生产线用电增容报装需加快",
        "厂区供水管网老化，影响正常生产", "复工后用电负荷增加，需变压器扩容",
    ),
    ProblemCategory.OTHER: (
        "厂区周边道路施工影响车辆进出", "员工子女入学问题希望协调解决", "企业周边治安问题需加强巡逻",
        "希望协助对接政府采购订单", "员工住宿紧张，希望协调周边公寓",
    ),
}
RESOLUTIONS = {
    ProblemCategory.EPIDEMIC_SUPPLIES: (
        "已协调本地防疫物资生产企业调配口罩{k}只", "已调拨额温枪{n}支、消毒液{n}箱",
        "已安排疾控机构上门采样，{k}名员工检测完成", "已派员上门指导隔离观察室改造并通过验收",
    ),
    ProblemCategory.RAW_MATERIALS: (
        "已协调本地供应商临时供货", "已对接上游企业，{m}恢复供应", "已协调海关开辟通关绿色通道",
        "已组织产业链上下游对接会，落实替代货源",
    ),
    ProblemCategory.LABOUR: (
        "已组织专场招聘会，招到普工{k}人", "已安排返岗专车{n}趟接回员工", "已推送求职人员信息{k}条",
        "已落实以工代训补贴",
    ),
    ProblemCategory.FUNDING: (
        "已协调银行发放复工贷款{w}万元", "已办理贷款展期", "已纳入重点企业融资白名单", "稳岗补贴已拨付到位",
    ),
    ProblemCategory.LOGISTICS: (
        "已办理车辆通行证{n}张", "已协调开通物流绿色通道", "已协调物流企业调配运力", "快递网点已恢复收派",
    ),
    ProblemCategory.PERMITS: (
        "已开通绿色通道，审批已办结", "已安排消防验收，现场通过", "已容缺受理，限期补齐材料",
        "已上门服务，证照当日办结",
    ),
    ProblemCategory.TAX_FEES: (
        "已办理延期缴纳税款{n}个月", "已办理社保费阶段性减免", "留抵退税已办结到账", "已办理住房公积金缓缴",
    ),
    ProblemCategory.UTILITIES: (
        "已执行阶段性降电价政策", "已完成用电增容", "已协调燃气公司执行优惠气价", "已完成管网抢修，恢复供水",
    ),
    ProblemCategory.OTHER: ("已协调相关部门现场处理", "已答复企业并落实", "已协调辖区派出所加强巡逻"),
}
DECLINE_REASONS = ("该事项不属本部门职责，请重新交办", "涉及多部门职能，建议由驻企办牵头协调",
                   "需由其他部门审批，本部门无权限办理")
ESCALATION_REASONS = ("涉及跨区域协调，区县层面无法解决", "需上级部门政策支持", "资金需求超出本级协调能力",
                      "多次协调未果，提请上级研究")
REOPEN_REASONS = ("企业反映问题仍未解决", "措施未落实到位", "企业反映仅部分解决")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(n=rng.randint(2, 9), k=rng.randint(10, 200), p=rng.randint(15, 60),
                           w=rng.choice((50, 100, 200, 300, 500, 800, 1000)), m=rng.choice(MATERIALS))


@dataclass
class Story:
    """One planned problem and its history, kept to the services' rules as it is written."""

    token: str
    enterprise_id: int
    raised_by_id: int
    raiser_user_id: int
    raised_on: date
    category: str
    description: str
    handling: str  # region code of the office handling it
    status: str = ProblemStatus.REPORTED
    department_id: int | None = None
    co_department_ids: list[int] = field(default_factory=list)
    deadline: date | None = None
    resolution: str = ""
    resolved_at: datetime | None = None
    confirmed_at: datetime | None = None
    escalated_at: datetime | None = None
    events: list[tuple] = field(default_factory=list)
    clock: datetime | None = None


class ProblemPlanner:
    """Plans the problems of one seeding run on the working-day clock, from seeded generators."""

    def __init__(self, run: DemoRun):
        self.run = run
        self.today = run.today
        self.now = timezone.now()
        self.margin = settings.PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS
        self.clock = WorkingDays(run.campaign_start - timedelta(days=10), run.today + timedelta(days=120))
        self.departments: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.department_names: dict[tuple[str, str], int] = {}
        for pk, code, kind, name in Department.objects.values_list("id", "region__code", "kind", "name"):
            self.departments[code][kind].append(pk)
            self.department_names[(code, name)] = pk
        names = ["admin", *OFFICE_LOGINS.values(), *DEPARTMENT_LOGINS.values()]
        users = dict(get_user_model().objects.filter(username__in=names).values_list("username", "id"))
        self.admin_id = users.get("admin")
        self.office_users = {code: users[name] for code, name in OFFICE_LOGINS.items() if name in users}
        self.department_users = {self.department_names[key]: users[name] for key, name in DEPARTMENT_LOGINS.items()
                                 if key in self.department_names and name in users}

    # The clock and the actors ---------------------------------------------------------------------------------

    def at(self, story: Story, day: date, rng: random.Random) -> datetime:
        """A moment on `day` after the story's previous event, never in the future."""
        previous = story.clock
        # The local date: a moment capped at `now` is in UTC, whose date lags the local one after midnight.
        if previous is None or timezone.localtime(previous).date() < day:
            if day >= self.today:
                start = max(timezone.localtime(self.now) - timedelta(hours=3),
                            timezone.make_aware(datetime.combine(day, time(0, 5))))
            else:
                start = timezone.make_aware(datetime.combine(day, time(8, 30)))
            story.clock = start + timedelta(minutes=rng.randint(0, 100 if day >= self.today else 420))
        else:
            story.clock += timedelta(minutes=rng.randint(3, 25 if day >= self.today else 90))
        story.clock = min(story.clock, self.now)
        if previous is not None:
            story.clock = max(story.clock, previous)  # several events capped at `now` share it, in order
        return story.clock

    def office(self, code: str) -> int | None:
        return self.office_users.get(code, self.admin_id)

    def staff(self, department_id: int) -> int | None:
        return self.department_users.get(department_id, self.admin_id)

    def add(self, day: date, n: int) -> date:
        return self.clock.add(day, n)

    # Transitions (each mirrors a service and writes one event) -------------------------------------------------

    def _event(self, story, day, rng, *, actor, action, from_status, department=None, note="", data=None):
        story.events.append((self.at(story, day, rng), actor, action, from_status, story.status, department, note,
                             data or {}))

    def raise_(self, story: Story, rng):
        self._event(story, story.raised_on, rng, actor=story.raiser_user_id, action=ProblemAction.RAISED,
                    from_status="")

    def assign(self, story, day, rng, department_id, deadline, co=()):
        before = story.status
        story.status, story.department_id, story.deadline = ProblemStatus.ASSIGNED, department_id, deadline
        story.co_department_ids = list(co)
        self._event(story, day, rng, actor=self.office(story.handling), action=ProblemAction.ASSIGNED,
                    from_status=before, department=department_id,
                    data={"deadline": deadline.isoformat(), "co_departments": list(co),
                          "co_department_names": [self.name_of(pk) for pk in co]})

    def decline(self, story, day, rng):
        before, department = story.status, story.department_id
        deadline = story.deadline
        story.status, story.department_id, story.deadline = ProblemStatus.REPORTED, None, None
        story.co_department_ids = []
        self._event(story, day, rng, actor=self.staff(department), action=ProblemAction.DECLINED, from_status=before,
                    department=department, note=rng.choice(DECLINE_REASONS),
                    data={"deadline": deadline.isoformat()})

    def start(self, story, day, rng):
        before = story.status
        story.status = ProblemStatus.IN_PROGRESS
        self._event(story, day, rng, actor=self.staff(story.department_id), action=ProblemAction.STARTED,
                    from_status=before, department=story.department_id)

    def resolve(self, story, day, rng, text=None):
        before = story.status
        story.status = ProblemStatus.RESOLVED
        story.resolution = text or _fill(rng.choice(RESOLUTIONS[story.category]), rng)
        self._event(story, day, rng, actor=self.staff(story.department_id), action=ProblemAction.RESOLVED,
                    from_status=before, department=story.department_id, note=story.resolution)
        story.resolved_at = story.clock

    def confirm(self, story, day, rng):
        story.status = ProblemStatus.CONFIRMED
        self._event(story, day, rng, actor=story.raiser_user_id, action=ProblemAction.CONFIRMED,
                    from_status=ProblemStatus.RESOLVED)
        story.confirmed_at = story.clock

    def reopen(self, story, day, rng):
        story.status, story.resolution, story.resolved_at = ProblemStatus.REOPENED, "", None
        story.deadline = self.add(day, CATEGORY_DEADLINE_DAYS[story.category])
        self._event(story, day, rng, actor=story.raiser_user_id, action=ProblemAction.REOPENED,
                    from_status=ProblemStatus.RESOLVED, department=story.department_id, note=rng.choice(REOPEN_REASONS),
                    data={"deadline": story.deadline.isoformat()})

    def escalate(self, story, day, rng, *, automatic: bool):
        before, department, deadline = story.status, story.department_id, story.deadline
        current = story.handling
        target = self.next_tier(current)
        story.handling, story.status = target, ProblemStatus.REPORTED
        story.department_id, story.deadline, story.co_department_ids = None, None, []
        data = {"from_region": self.run.regions[current].pk, "from_region_name": self.run.regions[current].name,
                "to_region": self.run.regions[target].pk, "to_region_name": self.run.regions[target].name,
                "deadline": deadline.isoformat() if deadline else None, "automatic": automatic}
        if automatic:
            data["overdue_working_days"] = self.clock.between(deadline, day)
        self._event(story, day, rng, actor=None if automatic else self.office(current),
                    action=ProblemAction.ESCALATED, from_status=before, department=department,
                    note="" if automatic else rng.choice(ESCALATION_REASONS), data=data)
        story.escalated_at = story.clock

    # Where problems go ------------------------------------------------------------------------------------------

    def next_tier(self, code: str) -> str:
        level = NEXT_TIER_LEVEL[self.run.level(code)]
        while self.run.level(code) != level:
            code = self.run.parent[code]
        return code

    def name_of(self, department_id: int) -> str:
        if not hasattr(self, "_names"):
            self._names = {pk: name for (_, name), pk in self.department_names.items()}
        return self._names[department_id]

    def department_for(self, code: str, category: str, rng: random.Random) -> int | None:
        """A department of the handling office's own region, of the kind the category calls for."""
        kinds = self.departments.get(code, {})
        preferred = [kind for kind in CATEGORY_DEPARTMENT_KINDS[category] if kinds.get(kind)]
        if preferred:
            kind = preferred[1] if len(preferred) > 1 and rng.random() < 0.2 else preferred[0]
            return kinds[kind][0]
        if kinds.get(DepartmentKind.INDUSTRY):
            return kinds[DepartmentKind.INDUSTRY][0]
        every = [pk for pks in kinds.values() for pk in pks]
        return rng.choice(every) if every else None

    def other_department(self, code: str, not_this: int, rng: random.Random) -> int | None:
        every = [pk for pks in self.departments.get(code, {}).values() for pk in pks if pk != not_this]
        return rng.choice(every) if every else None

    # One life -----------------------------------------------------------------------------------------------------

    def live(self, story: Story, rng: random.Random) -> None:
        """Dispatch, work and resolve at the current tier; escalate when the beat (or the office) would."""
        today, days = self.today, CATEGORY_DEADLINE_DAYS[story.category]
        self.raise_(story, rng)
        tier_day, first_tier = story.raised_on, True
        while True:
            at_province = self.run.level(story.handling) == RegionLevel.PROVINCE
            if rng.random() > (0.97 if first_tier else 0.85):
                return  # still waiting to be dispatched at this tier
            dispatch_day = self.add(tier_day, rng.choices((0, 1, 2), weights=(55, 35, 10))[0])
            lead = self.department_for(story.handling, story.category, rng)
            if dispatch_day > today or lead is None:
                return
            if rng.random() < 0.06:
                wrong = self.other_department(story.handling, lead, rng)
                if wrong is not None:
                    self.assign(story, dispatch_day, rng, wrong, self.add(dispatch_day, days))
                    decline_day = self.add(dispatch_day, rng.choice((0, 1)))
                    if decline_day > today:
                        return
                    self.decline(story, decline_day, rng)
                    dispatch_day = self.add(decline_day, rng.choice((0, 1)))
                    if dispatch_day > today:
                        return
            co = []
            if rng.random() < 0.2:
                helper = self.other_department(story.handling, lead, rng)
                co = [helper] if helper else []
            deadline = self.add(dispatch_day, days)
            self.assign(story, dispatch_day, rng, lead, deadline, co)

            roll = rng.random()
            if roll < 0.72:
                needed = max(1, round(days * rng.uniform(0.2, 1.0)))
            elif roll < 0.87:
                needed = days + rng.randint(1, max(1, self.margin))
            else:
                needed = days + self.margin + rng.randint(1, 6)
            resolve_day = self.add(dispatch_day, needed)
            escalate_day = self.add(deadline, self.margin + 1)  # the first day the beat escalates it
            by_hand_day = self.add(deadline, 1)
            start_day = self.add(dispatch_day, rng.choice((0, 0, 1)))
            if rng.random() < 0.85 and start_day <= today and start_day < min(resolve_day, escalate_day):
                self.start(story, start_day, rng)
            if resolve_day <= today and (resolve_day < escalate_day or at_province):
                self.resolve(story, resolve_day, rng)
                confirm_day = resolve_day + timedelta(days=rng.choice((0, 1, 1, 2, 3)))
                if confirm_day > today:
                    return  # resolved, waiting for the officer
                if rng.random() < 0.06 and (today - confirm_day).days <= 3:
                    self.reopen(story, confirm_day, rng)
                    return
                self.confirm(story, confirm_day, rng)
                return
            if at_province:
                return  # open at the top tier: overdue, nowhere higher to go
            if rng.random() < 0.25 and by_hand_day <= today and by_hand_day < min(resolve_day, escalate_day):
                self.escalate(story, by_hand_day, rng, automatic=False)
                tier_day = by_hand_day
            elif escalate_day <= today:
                self.escalate(story, escalate_day, rng, automatic=True)
                tier_day = escalate_day
            else:
                return  # open, perhaps overdue but within the margin
            first_tier = False

    # The plans ----------------------------------------------------------------------------------------------------

    def random_stories(self) -> list[tuple[Story, random.Random]]:
        run = self.run
        _, plan = roster_plan(run)
        officer_users = dict(Officer.objects.values_list("id", "user_id"))
        by_enterprise = defaultdict(list)
        for assignment in plan:
            by_enterprise[assignment.enterprise].append(assignment)
        stories = []
        counts, weights = PROBLEMS_PER_ENTERPRISE
        categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        for index, planned in enumerate(enterprise_plan(run)):
            rng = row_rng("problems", index)
            held = by_enterprise.get(index)
            if not held:
                continue
            for number in range(rng.choices(counts, weights=weights)[0]):
                assignment = rng.choice(held)
                last = min(assignment.end or self.today, self.today)
                if last < assignment.start:
                    continue
                raised_on = assignment.start + timedelta(days=rng.randint(0, (last - assignment.start).days))
                category = rng.choices(categories, weights=category_weights)[0]
                officer_id = run.officer_ids[assignment.officer]
                story = Story(
                    token=f"{TOKEN_PREFIX}{index}:{number}", enterprise_id=run.enterprise_ids[index],
                    raised_by_id=officer_id, raiser_user_id=officer_users[officer_id], raised_on=raised_on,
                    category=category, description=_fill(rng.choice(DESCRIPTIONS[category]), rng),
                    handling=planned.region,
                )
                stories.append((story, rng))
        return stories

    def showcase_stories(self) -> list[Story]:
        """The demo logins' problems, each in a chosen state (see the module docstring)."""
        run, today = self.run, self.today
        officer = Officer.objects.filter(user__username=DEMO_OFFICER_USERNAME).first()
        if officer is None:
            return []
        held = {a.enterprise_id: a for a in Assignment.objects.filter(officer=officer)}
        enterprises = [run.enterprise_ids[i] for i in range(3) if run.enterprise_ids[i] in held]
        if len(enterprises) < 3:
            return []
        furong = FURONG
        dept = self.department_names.get

        def story(number, enterprise, category, description, raised_on):
            return Story(token=f"{TOKEN_PREFIX}showcase:{number}", enterprise_id=enterprise, raised_by_id=officer.pk,
                         raiser_user_id=officer.user_id, raised_on=max(raised_on, held[enterprise].start_date),
                         category=category, description=description, handling=furong)

        rng = random.Random(f"{SEED}:showcase")
        stories = []

        def begin(s):
            self.raise_(s, rng)
            stories.append(s)
            return s

        # 1. Resolved by the health bureau yesterday: the officer confirms it.
        s = begin(story(1, enterprises[0], ProblemCategory.EPIDEMIC_SUPPLIES,
                        "口罩库存仅够3天使用，额温枪缺5支，急需协调采购", self.add(today, -4)))
        self.assign(s, self.add(today, -3), rng, dept((furong, "芙蓉区卫生健康局")), self.add(today, -1))
        self.start(s, self.add(today, -2), rng)
        self.resolve(s, today - timedelta(days=1), rng, "已协调本地防疫物资企业调配口罩2000只、额温枪5支，今日送达")
        # 2. Just dispatched to the tax bureau.
        s = begin(story(2, enterprises[1], ProblemCategory.TAX_FEES, "受疫情影响一季度营收下降，申请延期缴纳增值税",
                        today - timedelta(days=1)))
        self.assign(s, today, rng, dept((furong, "芙蓉区税务局")), self.add(today, 7))
        # 3. In progress at the tax bureau, one working day past its deadline (within the escalation margin).
        dispatched = self.add(today, -8)
        s = begin(story(3, enterprises[2], ProblemCategory.TAX_FEES, "申请减免3月份房产税和城镇土地使用税",
                        dispatched - timedelta(days=1)))
        self.assign(s, dispatched, rng, dept((furong, "芙蓉区税务局")), self.add(dispatched, 7),
                    co=[dept((furong, "芙蓉区财政局"))])
        self.start(s, self.add(dispatched, 1), rng)
        # 4. Resolved by the tax bureau, reopened by the officer yesterday: back in the bureau's queue.
        s = begin(story(4, enterprises[0], ProblemCategory.TAX_FEES, "申请办理社保费单位缴费部分阶段性减免",
                        self.add(today, -6)))
        self.assign(s, self.add(today, -5), rng, dept((furong, "芙蓉区税务局")), self.add(today, 2))
        self.resolve(s, self.add(today, -2), rng, "已告知企业减免政策及办理流程")
        self.reopen(s, today - timedelta(days=1), rng)
        # 5 and 6. New: the county office dispatches them.
        begin(story(5, enterprises[1], ProblemCategory.LABOUR, "春节后外地员工返岗不足，一线普工缺口约40人", today))
        begin(story(6, enterprises[2], ProblemCategory.LOGISTICS, "原料运输车辆跨市通行受阻，需办理通行证6张",
                    today - timedelta(days=1)))
        # 7. Overdue at the finance bureau, escalated by the beat to the city: 长沙市 dispatches it now.
        dispatched = self.add(today, -(CATEGORY_DEADLINE_DAYS[ProblemCategory.FUNDING] + self.margin + 3))
        s = begin(story(7, enterprises[0], ProblemCategory.FUNDING, "流动资金紧张，申请复工复产专项贷款500万元",
                        dispatched - timedelta(days=1)))
        self.assign(s, dispatched, rng, dept((furong, "芙蓉区财政局")),
                    self.add(dispatched, CATEGORY_DEADLINE_DAYS[ProblemCategory.FUNDING]))
        self.start(s, self.add(dispatched, 1), rng)
        self.escalate(s, self.add(s.deadline, self.margin + 1), rng, automatic=True)
        # 8. Declined by the wrong bureau, dispatched again, resolved and confirmed: a complete history.
        s = begin(story(8, enterprises[1], ProblemCategory.RAW_MATERIALS, "上游包装材料供应商未复工，纸箱供应中断",
                        self.add(today, -12)))
        self.assign(s, self.add(today, -11), rng, dept((furong, "芙蓉区商务局")), self.add(today, -6))
        self.decline(s, self.add(today, -11), rng)
        self.assign(s, self.add(today, -10), rng, dept((furong, "芙蓉区工业和信息化局")), self.add(today, -5))
        self.start(s, self.add(today, -10), rng)
        self.resolve(s, self.add(today, -7), rng, "已对接本地纸箱企业临时供货，供应已恢复")
        self.confirm(s, self.add(today, -6), rng)
        return stories


def story_rule(story: Story) -> None:
    """A planned history keeps the services' transition table (ALLOWED_FROM, as `_ensure_status` applies it): each
    event starts from the status the previous one left, in time order, and the last leaves the problem's status."""
    status, last_at = None, None
    for at, _actor, action, before, after, *_rest in story.events:
        allowed = action == ProblemAction.RAISED and status is None or \
            action != ProblemAction.RAISED and before == status and before in ALLOWED_FROM[action]
        if not allowed:
            raise ValidationError(f"problem {story.token}: {action} from “{before}” after “{status}” breaks the "
                                  "services' transitions")
        if last_at is not None and at < last_at:
            raise ValidationError(f"problem {story.token}: {action} at {at:%Y-%m-%d %H:%M} comes before the event "
                                  f"it follows ({last_at:%Y-%m-%d %H:%M})")
        status, last_at = after, at
    if status != story.status:
        raise ValidationError(f"problem {story.token}: its history ends “{status}”, the row says “{story.status}”")


def step_park_departments(run: DemoRun) -> None:
    """Bureaus of the parks' management committees, so that a park office has departments to dispatch to."""
    rows = [Department(region=region, name=template.format(region.name), kind=kind)
            for _, region in sorted(run.regions.items()) if region.level == RegionLevel.PARK
            for kind, template in PARK_DEPARTMENTS]
    Department.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def step_problems(run: DemoRun) -> None:
    """Problems in every state with their history, bulk-inserted; those already there (by token) are skipped."""
    calendar_import()  # the migration loaded it; cheap and idempotent, for databases flushed since
    planner = ProblemPlanner(run)
    existing = set(Problem.objects.filter(client_token__startswith=TOKEN_PREFIX)
                   .values_list("client_token", flat=True))
    stories = []
    for story in planner.showcase_stories():
        stories.append(story)
    for story, rng in planner.random_stories():
        if story.token not in existing:
            planner.live(story, rng)
            stories.append(story)
    stories = [s for s in stories if s.token not in existing]
    if not stories:
        return
    rows = [
        Problem(enterprise_id=s.enterprise_id, raised_by_id=s.raised_by_id, raised_on=s.raised_on,
                category=s.category, description=s.description, department_id=s.department_id,
                deadline=s.deadline, status=s.status, handling_region=run.regions[s.handling],
                resolution=s.resolution, resolved_at=s.resolved_at, confirmed_at=s.confirmed_at,
                escalated_at=s.escalated_at, created_at=s.events[0][0], client_token=s.token)
        for s in stories
    ]
    for story in stories:
        story_rule(story)
    rows_check(rows)
    Problem.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    ids = {}
    tokens = [s.token for s in stories]
    for chunk in chunks(tokens):
        ids.update(Problem.objects.filter(client_token__in=chunk).values_list("client_token", "id"))
    events, helpers = [], []
    through = Problem.co_departments.through
    for s in stories:
        pk = ids[s.token]
        events += [ProblemEvent(problem_id=pk, at=at, actor_id=actor, action=action, from_status=before,
                                to_status=after, department_id=department, note=note, data=data)
                   for at, actor, action, before, after, department, note, data in s.events]
        helpers += [through(problem_id=pk, department_id=d) for d in s.co_department_ids]
    rows_check(events)
    ProblemEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    through.objects.bulk_create(helpers, batch_size=BATCH_SIZE, ignore_conflicts=True)
