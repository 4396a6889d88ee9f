"""Demo data: a portal that looks alive, built on the real Hunan region tree.

`demo_seed()` runs `STEPS` in order. Each step writes its rows idempotently (natural keys; bulk inserts that skip
rows already there) and the runner prints what it added. Everything is drawn from seeded random generators, so a
second run plans the same rows and adds nothing. A later issue appends its own steps (daily reports, problems).

Enterprises and officers are drawn per row (row i has its own generator), so a small run is a prefix of a larger
one; the assignment plan depends on the scale, and a planned assignment whose officer and enterprise are already
paired in the database is skipped, so seeding another scale on top never breaks the no-overlap rule.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, models, transaction
from django.utils import timezone

from assessments.models import OfficerAssessment
from branches.models import Branch, BranchVisit
from demo.assessments import step_assessments
from demo.branches import step_branches, step_visits
from demo.care import step_allowances, step_health_checks, step_officer_insurance, step_rest_periods
from demo.medics import step_health_institutions, step_medic_coverage, step_medics
from demo.meetings import step_meetings
from demo.policies import step_policies
from demo.problems import step_park_departments, step_problems
from demo.summaries import step_daily_reports, step_summaries
from enterprises.batch import BatchResult
from enterprises.choices import EnterpriseKind, Industry, SizeClass
from enterprises.models import Enterprise
from enterprises.services import EnterpriseRow, enterprises_upsert
from enterprises.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from medics.models import HealthInstitution, Medic, MedicCoverage
from meetings.models import Meeting
from officers.choices import AssignmentEndReason, OfficerStatus
from officers.models import (
    Allowance,
    Assignment,
    BackingUnit,
    HealthCheck,
    InsurancePolicy,
    Officer,
    RestPeriod,
    TaskForce,
)
from officers.services import (
    AssignmentRow,
    BackingUnitRow,
    OfficerRow,
    assignment_create,
    assignments_upsert,
    backing_units_upsert,
    officer_create,
    officers_upsert,
)
from policies.models import PolicyDocument
from problems.models import Problem
from regions.choices import DepartmentKind, PostKind, RegionLevel
from regions.models import Department, Post, Region
from regions.services import post_grant, region_tree_load
from reports.models import DailyReport
from summaries.models import RegionDaySummary

SEED = 2020
BATCH_SIZE = 2000
CAMPAIGN_DAYS = 56
DEFAULT_REPORT_DAYS = 28
DEFAULT_PASSWORD = "demo-2026"
SITE_URL = "http://127.0.0.1:8000/"
PROVINCE_CODE = "430000"


@dataclass(frozen=True)
class DemoScale:
    officers: int
    enterprises: int


SCALES = {
    "tiny": DemoScale(officers=80, enterprises=160),
    "small": DemoScale(officers=300, enterprises=400),
    "medium": DemoScale(officers=3000, enterprises=4000),
    "province": DemoScale(officers=24000, enterprises=31000),
}

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary (the only Chinese in the code base outside translations)
# ---------------------------------------------------------------------------------------------------------------

# Share of the province's enterprises per city, roughly by economic weight.
CITY_WEIGHTS = {
    "430100": 20, "430200": 9, "430300": 7, "430400": 9, "430500": 6, "430600": 9, "430700": 8,
    "430800": 2, "430900": 6, "431000": 7, "431100": 6, "431200": 5, "431300": 5, "433100": 3,
}
CITY_SHORT_NAMES = {"433100": "湘西"}

SURNAMES = (
    "王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 萧 程 曹 袁 邓"
    " 许 傅 沈 曾 彭 吕 苏 卢 蒋 蔡 贾 丁 魏 薛 叶 阎 余 潘 杜 戴 夏 钟 汪 田 任 姜 范 方 石 姚 谭 廖 邹 熊"
    " 金 陆 郝 孔 白 崔 康 毛 邱 秦 江 史 顾 侯 邵 孟 龙 万 段 雷 钱 汤 尹 黎 易 常 武 乔 贺 赖 龚 文 向 欧阳 粟 符 伍"
).split()
SURNAME_CUM_WEIGHTS = list(accumulate(1 / (rank + 6) for rank in range(len(SURNAMES))))
GIVEN_NAME_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国文斌波宇浩凯健俊帆帅旭宁龙林欣婷雪琳晨阳佳颖"
    "倩慧琴云莉兰凤洁梅琼思雨子涵博宏志海峰亮成新春立东晓振家嘉卫湘楚岳毅胜利民安永德清正兵松柏燕娇诗怡"
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158",
    "159", "173", "176", "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "199",
)
OFFICER_TITLES = (
    ("一级科员", 16), ("科员", 10), ("四级主任科员", 14), ("三级主任科员", 9), ("二级主任科员", 5),
    ("一级主任科员", 3), ("副科长", 14), ("科长", 9), ("副主任", 7), ("主任科员", 6), ("副局长", 4),
    ("党组成员、副局长", 1), ("调研员", 2),
)
TITLE_NAMES = [title for title, _ in OFFICER_TITLES]
TITLE_CUM_WEIGHTS = list(accumulate(weight for _, weight in OFFICER_TITLES))

# Functional departments: (kind, province name, city name, county name); "{}" is the region's name.
DEPARTMENTS = (
    (DepartmentKind.INDUSTRY, "湖南省工业和信息化厅", "{}工业和信息化局", "{}工业和信息化局"),
    (DepartmentKind.HEALTH, "湖南省卫生健康委员会", "{}卫生健康委员会", "{}卫生健康局"),
    (DepartmentKind.TAX, "国家税务总局湖南省税务局", "{}税务局", "{}税务局"),
    (DepartmentKind.HUMAN_RESOURCES, "湖南省人力资源和社会保障厅", "{}人力资源和社会保障局", "{}人力资源和社会保障局"),
    (DepartmentKind.TRANSPORT, "湖南省交通运输厅", "{}交通运输局", "{}交通运输局"),
    (DepartmentKind.COMMERCE, "湖南省商务厅", "{}商务局", "{}商务局"),
    (DepartmentKind.MARKET_REGULATION, "湖南省市场监督管理局", "{}市场监督管理局", "{}市场监督管理局"),
    (DepartmentKind.FINANCE, "湖南省财政厅", "{}财政局", "{}财政局"),
    (DepartmentKind.DEVELOPMENT, "湖南省发展和改革委员会", "{}发展和改革委员会", "{}发展和改革局"),
    (DepartmentKind.NATURAL_RESOURCES, "湖南省自然资源厅", "{}自然资源和规划局", "{}自然资源局"),
    (DepartmentKind.HOUSING, "湖南省住房和城乡建设厅", "{}住房和城乡建设局", "{}住房和城乡建设局"),
    (DepartmentKind.EMERGENCY, "湖南省应急管理厅", "{}应急管理局", "{}应急管理局"),
    (DepartmentKind.UTILITIES, "国网湖南省电力有限公司", "国网{}供电公司", "国网{}供电公司"),
    (DepartmentKind.OTHER, "湖南省公安厅", "{}公安局", "{}公安局"),
)

# Backing units (派出单位): every bureau sends officers, not only the ones that solve problems.
PROVINCE_UNITS = (
    "湖南省水利厅", "湖南省教育厅", "湖南省农业农村厅", "湖南省文化和旅游厅", "湖南省民政厅", "湖南省司法厅",
    "湖南省林业局", "湖南省统计局", "湖南省审计厅", "湖南省科学技术厅", "湖南省财政厅", "湖南省商务厅",
)
CITY_UNITS = (
    "{}水利局", "{}教育局", "{}农业农村局", "{}文化旅游广电体育局", "{}民政局", "{}司法局", "{}林业局",
    "{}统计局", "{}审计局", "{}生态环境局", "{}科学技术局", "{}退役军人事务局", "{}医疗保障局",
    "{}城市管理和综合执法局", "{}机关事务管理局", "{}财政局", "{}总工会", "共青团{}委员会",
)
COUNTY_UNITS = (
    "{}水利局", "{}教育局", "{}农业农村局", "{}文化旅游广电体育局", "{}民政局", "{}司法局", "{}林业局",
    "{}统计局", "{}审计局", "{}退役军人事务局", "{}医疗保障局", "{}城市管理和综合执法局", "{}财政局",
    "{}发展和改革局", "{}总工会", "共青团{}委员会",
)
PARK_UNITS = ("{}管理委员会",)

TRADE_NAME_CHARS = (
    "湘恒鑫宏达盛泰华隆瑞兴源安康博创金天宇中昌丰信德嘉诚祥凯新力航卓亿通汇正晟科美和楚潇远益顺鸿鼎联星光永福佳"
    "润万合致拓蓝景弘耀腾飞捷海峰邦威尚品麓岳韶蓉"
)
INDUSTRY_WORDS = {
    Industry.MANUFACTURING: ("精密制造", "五金制品", "塑胶制品", "包装制品", "家具制造", "汽车零部件"),
    Industry.EQUIPMENT: ("机械制造", "重工机械", "智能装备", "工程机械", "电气设备", "环保设备"),
    Industry.ELECTRONICS: ("电子科技", "信息技术", "光电科技", "智能科技", "软件技术", "通信技术"),
    Industry.MATERIALS: ("新材料", "新材料科技", "复合材料", "建材", "金属材料"),
    Industry.CHEMICALS: ("化工", "精细化工", "涂料", "日用化学品"),
    Industry.PHARMACEUTICALS: ("医药", "生物科技", "医疗器械", "制药", "卫生用品"),
    Industry.FOOD: ("食品", "农业科技", "茶业", "粮油", "生态农业", "饮品"),
    Industry.TEXTILES: ("纺织", "服饰", "鞋业", "针织"),
    Industry.CONSTRUCTION: ("建设工程", "建筑工程", "路桥建设", "装饰工程"),
    Industry.ENERGY: ("能源", "电力", "新能源科技", "燃气"),
    Industry.LOGISTICS: ("物流", "供应链管理", "运输", "冷链物流"),
    Industry.RETAIL: ("商贸", "超市", "贸易", "百货"),
    Industry.SERVICES: ("物业管理", "餐饮管理", "酒店管理", "信息咨询", "人力资源服务"),
    Industry.OTHER: ("实业", "发展", "投资"),
}
INDUSTRY_WEIGHTS = {
    Industry.MANUFACTURING: 14, Industry.EQUIPMENT: 12, Industry.ELECTRONICS: 9, Industry.MATERIALS: 8,
    Industry.CHEMICALS: 5, Industry.PHARMACEUTICALS: 6, Industry.FOOD: 10, Industry.TEXTILES: 5,
    Industry.CONSTRUCTION: 8, Industry.ENERGY: 3, Industry.LOGISTICS: 6, Industry.RETAIL: 8, Industry.SERVICES: 6,
    Industry.OTHER: 2,
}
INDUSTRIES = list(INDUSTRY_WEIGHTS)
INDUSTRY_CUM_WEIGHTS = list(accumulate(INDUSTRY_WEIGHTS.values()))
# What a county is known for: (word, industry).
SPECIALTIES = {
    "430181": (("烟花制造", Industry.MANUFACTURING), ("花炮", Industry.MANUFACTURING)),
    "430281": (("陶瓷", Industry.MATERIALS), ("瓷业", Industry.MATERIALS), ("电瓷电器", Industry.EQUIPMENT)),
    "430923": (("黑茶", Industry.FOOD), ("茶业", Industry.FOOD)),
    "430582": (("五金制品", Industry.MANUFACTURING), ("打火机制造", Industry.MANUFACTURING)),
    "430203": (("服饰", Industry.TEXTILES), ("服装", Industry.TEXTILES)),
    "430626": (("休闲食品", Industry.FOOD),),
    "430603": (("石油化工", Industry.CHEMICALS), ("精细化工", Industry.CHEMICALS)),
}
ROADS = (
    "人民路", "建设路", "解放路", "新华路", "五一大道", "工业大道", "科技路", "创业路", "迎宾路", "东风路",
    "湘江路", "长青路", "金星路", "劳动路", "车站路", "中山路", "友谊路", "振兴路", "高新路", "开元路", "滨江路",
    "书院路", "园区大道", "建材路", "兴业路", "光明路", "和平路", "胜利路",
)
PROJECT_TEMPLATES = (
    ("{}人民医院新院建设项目", Industry.CONSTRUCTION),
    ("{}污水处理厂提标改造工程", Industry.CONSTRUCTION),
    ("{}城区道路提质改造工程", Industry.CONSTRUCTION),
    ("{}标准厂房建设项目", Industry.CONSTRUCTION),
    ("{}保障性安居工程", Industry.CONSTRUCTION),
    ("{}农村饮水安全巩固提升工程", Industry.CONSTRUCTION),
    ("{}生活垃圾焚烧发电项目", Industry.ENERGY),
    ("{}现代物流园建设项目", Industry.LOGISTICS),
    ("{}城市综合管廊工程", Industry.CONSTRUCTION),
    ("{}中学新校区建设项目", Industry.CONSTRUCTION),
)
RECALL_NOTES = ("日报长期未按时报送，予以召回调整", "日常考核排名靠后，召回调整", "工作作风漂浮，召回调整")
ROTATION_NOTES = ("驻企期满轮换休整", "轮岗调整，由本单位干部接替")


@dataclass(frozen=True)
class FixedEnterprise:
    region: str
    name: str
    industry: str
    size_class: str = SizeClass.SMALL_MICRO
    is_key: bool = False
    kind: str = EnterpriseKind.ENTERPRISE
    contact_name: str = ""


# Present at every scale: the demo officer's three enterprises in 芙蓉区, a neighbour in 天心区, flagship projects.
FIXED_ENTERPRISES = (
    FixedEnterprise("430102", "湖南楚康医疗器械有限公司", Industry.PHARMACEUTICALS, SizeClass.ABOVE_DESIGNATED, True,
                    contact_name="周建华"),
    FixedEnterprise("430102", "长沙恒信电子科技有限公司", Industry.ELECTRONICS, contact_name="刘婷"),
    FixedEnterprise("430102", "湖南五一商贸有限公司", Industry.RETAIL, contact_name="陈志刚"),
    FixedEnterprise("430102", "长沙德润食品有限公司", Industry.FOOD, contact_name="谭丽"),
    FixedEnterprise("430103", "湖南华达建设工程有限公司", Industry.CONSTRUCTION, SizeClass.ABOVE_DESIGNATED,
                    contact_name="贺勇"),
    FixedEnterprise("430103", "长沙南湖物流有限公司", Industry.LOGISTICS, contact_name="彭洁"),
    FixedEnterprise("430121", "长沙机场改扩建工程", Industry.CONSTRUCTION, SizeClass.ABOVE_DESIGNATED, True,
                    EnterpriseKind.PROJECT, "曾卫东"),
    FixedEnterprise("430104", "长沙地铁6号线建设工程", Industry.CONSTRUCTION, SizeClass.ABOVE_DESIGNATED, True,
                    EnterpriseKind.PROJECT, "罗斌"),
    FixedEnterprise("430204", "株洲清水塘老工业区搬迁改造工程", Industry.CONSTRUCTION, SizeClass.ABOVE_DESIGNATED,
                    True, EnterpriseKind.PROJECT, "黄国强"),
    FixedEnterprise("430602", "岳阳城陵矶港三期工程", Industry.LOGISTICS, SizeClass.ABOVE_DESIGNATED, True,
                    EnterpriseKind.PROJECT, "李湘"),
)
DEMO_OFFICER_ENTERPRISES = 3  # the first three fixed enterprises (all in 芙蓉区)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str
    full_name: str
    post_kind: str | None = None
    region: str | None = None
    department: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


LOGINS = (
    DemoLogin("admin", "administrator (superuser)", "全省", "系统管理员", PostKind.ADMINISTRATOR, is_staff=True,
              is_superuser=True),
    DemoLogin("province", "province liaison office", "湖南省", "省驻企办 刘洋", PostKind.LIAISON_OFFICE, "430000",
              is_staff=True),
    DemoLogin("changsha", "city liaison office", "长沙市", "长沙市驻企办 张敏", PostKind.LIAISON_OFFICE, "430100",
              is_staff=True),
    DemoLogin("furong", "county liaison office", "芙蓉区", "芙蓉区驻企办 王磊", PostKind.LIAISON_OFFICE, "430102",
              is_staff=True),
    DemoLogin("tianxin", "county liaison office (sibling)", "天心区", "天心区驻企办 赵静", PostKind.LIAISON_OFFICE,
              "430103", is_staff=True),
    DemoLogin("orgdept", "organization department", "长沙市", "长沙市委组织部 孙芳", PostKind.ORGANIZATION, "430100"),
    DemoLogin("dept", "functional department", "芙蓉区税务局", "芙蓉区税务局 吴强", PostKind.DEPARTMENT, "430102",
              department="芙蓉区税务局"),
)
DEMO_OFFICER = DemoLogin("officer", "liaison officer", "芙蓉区教育局", "李卫东", PostKind.OFFICER, "430102")
DEMO_OFFICER_UNIT = "芙蓉区教育局"
DEMO_OFFICER_PHONE = "13874801234"
EASY_OFFICERS = 2  # o000001 and o000002 are listed with the logins


# ---------------------------------------------------------------------------------------------------------------
# Plans: pure data drawn from seeded generators
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class PlannedEnterprise:
    region: str
    name: str
    kind: str
    credit_code: str | None
    industry: str
    size_class: str
    is_key: bool
    address: str
    contact_name: str
    contact_phone: str


@dataclass
class PlannedOfficer:
    username: str
    name: str
    phone: str
    title: str
    status: str
    region: str  # the backing unit's region: the office that manages the officer
    unit: str


@dataclass
class PlannedTaskForce:
    enterprise: int
    name: str
    region: str
    leader: int


@dataclass
class PlannedAssignment:
    officer: int
    enterprise: int
    managing: str
    start: date
    end: date | None = None
    end_reason: str = ""
    end_note: str = ""
    task_force: int | None = None
    replaces: int | None = None


def row_rng(kind: str, index: int) -> random.Random:
    """The generator of one planned row: row i is the same at every scale."""
    return random.Random(f"{SEED}:{kind}:{index}")


def person_name(rng: random.Random) -> str:
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]
    size = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(GIVEN_NAME_CHARS) for _ in range(size))


def mobile_number(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _base31(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, 31)
        chars.append(CREDIT_CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def organization_code(serial: int, *, modern: bool) -> str:
    """A 9-character organization code, distinct for every serial (an affine map is a bijection).

    Modern codes look like MA4L1234X; older ones are 8 digits and a GB 11714 check character.
    """
    if modern:
        return "MA4" + "LMNPQRT"[serial % 7] + _base31((serial * 7_654_321 + 1_234_567) % 31**5, 5)
    digits = f"{(serial * 7919 + 43_210_987) % 10**8:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return digits + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(county_code: str, serial: int, *, modern: bool = True) -> str:
    """A valid unified social credit code of a company (91) registered in a county."""
    first17 = "91" + county_code + organization_code(serial, modern=modern)
    return first17 + credit_code_check_char(first17)


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _bulk_insert(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert rows, skipping those whose natural key is already taken."""
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


@dataclass
class DemoRun:
    """Everything one seeding run knows: the options, the region tree, the plans and the ids written so far."""

    officers: int
    enterprises: int
    password: str
    today: date
    log: Callable[[str], None] = print
    report_days: int = DEFAULT_REPORT_DAYS
    regions: dict[str, Region] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    password_hash: str = ""
    admin: object = None
    units: dict[tuple[str, str], BackingUnit] = field(default_factory=dict)
    enterprise_ids: list[int] = field(default_factory=list)
    officer_ids: list[int] = field(default_factory=list)
    task_force_ids: list[int | None] = field(default_factory=list)
    reported_assignments_up_to: int = 0  # the last assignment the daily reports step saw (see step_summaries)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def campaign_start(self) -> date:
        # Asking for more days of reports than the campaign has lengthens the campaign (the 90-day benchmark).
        return self.today - timedelta(days=max(CAMPAIGN_DAYS, self.report_days))

    # The region tree, read once from the database -------------------------------------------------------------

    def load_regions(self) -> None:
        self.regions = {region.code: region for region in Region.objects.all()}
        by_id = {region.id: region.code for region in self.regions.values()}
        self.parent = {code: by_id.get(region.parent_id) for code, region in self.regions.items()}

    def level(self, code: str) -> str:
        return self.regions[code].level

    def county_of(self, code: str) -> str:
        return self.parent[code] if self.level(code) == RegionLevel.PARK else code

    def city_of(self, code: str) -> str:
        return self.parent[self.county_of(code)]

    @cached_property
    def leaves(self) -> list[str]:
        """Counties and parks, where enterprises are registered."""
        return sorted(c for c, r in self.regions.items() if r.level in (RegionLevel.COUNTY, RegionLevel.PARK))

    @cached_property
    def leaf_weight(self) -> dict[str, float]:
        def local(code):
            if self.level(code) == RegionLevel.PARK:
                return 4.0
            name = self.regions[code].name
            return 2.0 if name.endswith("区") else 1.5 if name.endswith("市") else 1.0

        totals = defaultdict(float)
        for code in self.leaves:
            totals[self.city_of(code)] += local(code)
        return {c: CITY_WEIGHTS.get(self.city_of(c), 3) * local(c) / totals[self.city_of(c)] for c in self.leaves}

    @cached_property
    def leaves_under(self) -> dict[str, list[str]]:
        """For every region, the counties and parks in its subtree: where its officers may be stationed."""
        under = defaultdict(list)
        for code in self.leaves:
            for owner in {code, self.county_of(code), self.city_of(code), PROVINCE_CODE}:
                under[owner].append(code)
        return dict(under)

    def short_city_name(self, code: str) -> str:
        city = self.city_of(code)
        return CITY_SHORT_NAMES.get(city, self.regions[city].name.removesuffix("市"))

    # Plans ----------------------------------------------------------------------------------------------------

    @cached_property
    def unit_names(self) -> dict[str, list[str]]:
        """Backing units per region code (province, cities, counties, parks)."""
        names = {PROVINCE_CODE: list(PROVINCE_UNITS)}
        for code, region in self.regions.items():
            templates = {RegionLevel.CITY: CITY_UNITS, RegionLevel.COUNTY: COUNTY_UNITS,
                         RegionLevel.PARK: PARK_UNITS}.get(region.level)
            if templates:
                names[code] = [template.format(region.name) for template in templates]
        return names

    @cached_property
    def enterprise_plan(self) -> list[PlannedEnterprise]:
        plan = [self._fixed_enterprise(i, fixed) for i, fixed in enumerate(FIXED_ENTERPRISES)]
        # Names already used: enterprise names, and (region, name) of projects, their natural key.
        taken: set = {e.name for e in plan} | {(e.region, e.name) for e in plan}
        cum_weights = list(accumulate(self.leaf_weight[c] for c in self.leaves))
        for i in range(self.enterprises):
            plan.append(self._enterprise(i, cum_weights, taken))
        return plan

    def _address(self, rng: random.Random, code: str) -> str:
        county = self.county_of(code)
        park = self.regions[code].name if code != county else ""
        city = self.regions[self.city_of(code)].name
        return f"湖南省{city}{self.regions[county].name}{park}{rng.choice(ROADS)}{rng.randint(1, 999)}号"

    def _fixed_enterprise(self, index: int, fixed: FixedEnterprise) -> PlannedEnterprise:
        rng = row_rng("fixed-enterprise", index)
        is_project = fixed.kind == EnterpriseKind.PROJECT
        code = None if is_project else credit_code(self.county_of(fixed.region), 9_000_000 + index)
        return PlannedEnterprise(
            region=fixed.region, name=fixed.name, kind=fixed.kind, credit_code=code, industry=fixed.industry,
            size_class=fixed.size_class, is_key=fixed.is_key, address=self._address(rng, fixed.region),
            contact_name=fixed.contact_name, contact_phone=mobile_number(rng),
        )

    def _enterprise(self, index: int, cum_weights: list[float], taken: set) -> PlannedEnterprise:
        rng = row_rng("enterprise", index)
        # The first rows visit every county and park once, so that every office has enterprises at any scale.
        if index < len(self.leaves):
            region = self.leaves[index]
        else:
            region = rng.choices(self.leaves, cum_weights=cum_weights)[0]
        in_park = self.level(region) == RegionLevel.PARK
        address = self._address(rng, region)
        contact_name, contact_phone = person_name(rng), mobile_number(rng)
        if rng.random() < 0.025:
            template, industry = rng.choice(PROJECT_TEMPLATES)
            name = template.format(self.regions[region].name)
            for phase in ("", "（二期）", "（三期）", "（四期）", "（五期）"):
                if (region, name + phase) not in taken:
                    name += phase
                    break
            taken.add((region, name))
            return PlannedEnterprise(
                region=region, name=name, kind=EnterpriseKind.PROJECT, credit_code=None, industry=industry,
                size_class=SizeClass.ABOVE_DESIGNATED, is_key=rng.random() < 0.7, address=address,
                contact_name=contact_name, contact_phone=contact_phone,
            )
        county = self.county_of(region)
        specialties = SPECIALTIES.get(county)
        if specialties and rng.random() < 0.4:
            word, industry = rng.choice(specialties)
        else:
            industry = rng.choices(INDUSTRIES, cum_weights=INDUSTRY_CUM_WEIGHTS)[0]
            word = rng.choice(INDUSTRY_WORDS[industry])
        above = rng.random() < (0.35 if in_park else 0.2)
        roll = rng.random()
        county_name = self.regions[county].name
        if above and roll < 0.25:
            pattern = "湖南{}" + word + "股份有限公司"
        elif roll < 0.45:
            pattern = "湖南{}" + word + "有限公司"
        elif roll < 0.85 or county_name.endswith("区"):
            pattern = self.short_city_name(region) + "{}" + word + "有限公司"
        else:
            pattern = county_name + "{}" + word + "有限公司"
        # A trade name is registered once: draw again while the name is taken (three characters after a few tries).
        for attempt in range(8):
            name = pattern.format("".join(rng.sample(TRADE_NAME_CHARS, 2 if attempt < 4 else 3)))
            if name not in taken:
                break
        taken.add(name)
        return PlannedEnterprise(
            region=region, name=name, kind=EnterpriseKind.ENTERPRISE,
            credit_code=credit_code(county, index, modern=rng.random() < 0.7), industry=industry,
            size_class=SizeClass.ABOVE_DESIGNATED if above else SizeClass.SMALL_MICRO,
            is_key=rng.random() < (0.12 if above else 0.01), address=address,
            contact_name=contact_name, contact_phone=contact_phone,
        )

    @cached_property
    def officer_plan(self) -> list[PlannedOfficer]:
        cities = sorted(CITY_WEIGHTS)
        counties = [c for c in self.leaves if self.level(c) == RegionLevel.COUNTY]
        parks = [c for c in self.leaves if self.level(c) == RegionLevel.PARK]
        pools = {
            "province": ([PROVINCE_CODE], [1]),
            "city": (cities, list(accumulate(CITY_WEIGHTS[c] for c in cities))),
            "county": (counties, list(accumulate(self.leaf_weight[c] for c in counties))),
            "park": (parks, list(accumulate(self.leaf_weight[c] for c in parks))),
        }
        plan = []
        for number in range(1, self.officers + 1):
            rng = row_rng("officer", number)
            level = rng.choices(("province", "city", "county", "park"), cum_weights=(3, 35, 95, 100))[0]
            codes, cum_weights = pools[level]
            region = rng.choices(codes, cum_weights=cum_weights)[0]
            roll = rng.random()
            status = (OfficerStatus.RECALLED if roll < 0.015
                      else OfficerStatus.ROTATED_OUT if roll < 0.03 else OfficerStatus.ACTIVE)
            plan.append(PlannedOfficer(
                username=f"o{number:06d}", name=person_name(rng), phone=mobile_number(rng),
                title=rng.choices(TITLE_NAMES, cum_weights=TITLE_CUM_WEIGHTS)[0], status=status, region=region,
                unit=rng.choice(self.unit_names[region]),
            ))
        return plan

    @cached_property
    def roster_plan(self) -> tuple[list[PlannedTaskForce], list[PlannedAssignment]]:
        return RosterPlanner(self).plan()


class RosterPlanner:
    """Stations the planned officers in the planned enterprises: task forces first, then 1–3 enterprises each,
    then every enterprise left without an officer, then recalls and rotations with their replacements."""

    def __init__(self, run: DemoRun):
        self.run = run
        self.rng = random.Random(SEED)
        self.enterprises = run.enterprise_plan
        self.officers = run.officer_plan
        self.held: list[set[int]] = [set() for _ in self.officers]
        self.covered: set[int] = set()
        self.assignments: list[PlannedAssignment] = []
        self.task_forces: list[PlannedTaskForce] = []
        self.active_by_region: dict[str, list[int]] = defaultdict(list)
        for index, officer in enumerate(self.officers):
            if officer.status == OfficerStatus.ACTIVE:
                self.active_by_region[officer.region].append(index)
        self.pools: dict[str, list[int]] = defaultdict(list)
        for index, enterprise in enumerate(self.enterprises):
            self.pools[enterprise.region].append(index)
        for code in sorted(self.pools):
            self.rng.shuffle(self.pools[code])
        self.cursor = dict.fromkeys(self.pools, 0)
        self.key_enterprises = [i for i, e in enumerate(self.enterprises) if e.is_key]
        self._reach_cache: dict[str, tuple[list[str], list[int]]] = {}
        self._reaching_cache: dict[str, list[int]] = {}
        leaving = [o.status != OfficerStatus.ACTIVE for o in self.officers]
        self.slots = [self.rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0] for _ in self.officers]
        # Most officers were dispatched in the campaign's first week; those who leave started early enough to leave.
        self.first_day = [min(int(self.rng.expovariate(1 / 5)), 25 if gone else 49) for gone in leaving]

    def plan(self) -> tuple[list[PlannedTaskForce], list[PlannedAssignment]]:
        self._plan_task_forces()
        for officer in range(len(self.officers)):
            while len(self.held[officer]) < self.slots[officer]:
                enterprise = self._pick(officer)
                if enterprise is None:
                    break
                self._station(officer, enterprise, self._start(officer))
        self._cover_the_rest()
        self._plan_departures()
        return self.task_forces, self.assignments

    def _start(self, officer: int) -> date:
        extra = 0 if not self.held[officer] else self.rng.choice((0, 0, 0, 1, 2, 5, 9, 14))
        cap = 30 if self.officers[officer].status != OfficerStatus.ACTIVE else 53
        return self.run.campaign_start + timedelta(days=min(self.first_day[officer] + extra, cap))

    def _station(self, officer: int, enterprise: int, start: date, *, task_force: int | None = None,
                 replaces: int | None = None, managing: str | None = None) -> int:
        self.held[officer].add(enterprise)
        self.covered.add(enterprise)
        self.assignments.append(PlannedAssignment(
            officer=officer, enterprise=enterprise, managing=managing or self.officers[officer].region, start=start,
            task_force=task_force, replaces=replaces,
        ))
        return len(self.assignments) - 1

    def _reach(self, region: str) -> tuple[list[str], list[int]]:
        if region not in self._reach_cache:
            leaves = [c for c in self.run.leaves_under.get(region, []) if self.pools.get(c)]
            self._reach_cache[region] = (leaves, list(accumulate(len(self.pools[c]) for c in leaves)))
        return self._reach_cache[region]

    def _pick(self, officer: int) -> int | None:
        """The next enterprise in the officer's reach, going round each county's enterprises in turn."""
        region = self.officers[officer].region
        held = self.held[officer]
        for _ in range(6):
            if region == PROVINCE_CODE:
                # Province units go to key enterprises and projects anywhere.
                enterprise = self.rng.choice(self.key_enterprises) if self.key_enterprises else None
            else:
                leaves, cum_weights = self._reach(region)
                if not leaves:
                    return None
                leaf = self.rng.choices(leaves, cum_weights=cum_weights)[0]
                pool = self.pools[leaf]
                enterprise = pool[self.cursor[leaf] % len(pool)]
                self.cursor[leaf] += 1
            if enterprise is not None and enterprise not in held:
                return enterprise
        return None

    def _officers_reaching(self, enterprise: int) -> list[int]:
        """Active officers whose backing unit's region contains the enterprise, nearest first."""
        leaf = self.enterprises[enterprise].region
        if leaf not in self._reaching_cache:
            county, city = self.run.county_of(leaf), self.run.city_of(leaf)
            chain = ([leaf] if leaf != county else []) + [county, city]
            self._reaching_cache[leaf] = [o for code in chain for o in self.active_by_region.get(code, [])]
        return self._reaching_cache[leaf]

    def _plan_task_forces(self) -> None:
        count = max(4, len(self.enterprises) // 120)
        fixed_projects = [i for i, e in enumerate(self.enterprises[:len(FIXED_ENTERPRISES)])
                          if e.kind == EnterpriseKind.PROJECT]
        targets = fixed_projects + [i for i in self.key_enterprises if i not in fixed_projects]
        for enterprise in targets[:count]:
            candidates = [o for o in self._officers_reaching(enterprise) if len(self.held[o]) < self.slots[o]]
            members = self.rng.sample(candidates, min(len(candidates), self.rng.randint(3, 5)))
            if len(members) < 2:
                continue
            planned = self.enterprises[enterprise]
            suffix = "服务保障专班" if planned.kind == EnterpriseKind.PROJECT else "驻企工作专班"
            managing = min((self.officers[o].region for o in members), key=lambda c: self.run.regions[c].depth)
            self.task_forces.append(PlannedTaskForce(
                enterprise=enterprise, name=f"{planned.name}{suffix}", region=managing, leader=members[0],
            ))
            start = self.run.campaign_start + timedelta(days=self.rng.randint(0, 6))
            for officer in members:
                self._station(officer, enterprise, start, task_force=len(self.task_forces) - 1)

    def _cover_the_rest(self) -> None:
        """Give an officer to every enterprise the round-robin missed, from officers with room for one more."""
        for enterprise in range(len(self.enterprises)):
            if enterprise in self.covered:
                continue
            candidates = self._officers_reaching(enterprise)
            for _ in range(min(8, len(candidates))):
                officer = self.rng.choice(candidates)
                if len(self.held[officer]) < 3 and enterprise not in self.held[officer]:
                    self._station(officer, enterprise, self._start(officer))
                    break

    def _replacement(self, assignment: PlannedAssignment) -> int | None:
        """An active officer of the same managing region who is not yet in that enterprise."""
        candidates = self.active_by_region.get(assignment.managing, [])
        for _ in range(min(10, len(candidates))):
            officer = self.rng.choice(candidates)
            if assignment.enterprise not in self.held[officer] and len(self.held[officer]) < 4:
                return officer
        return None

    def _end(self, index: int, end: date, reason: str, note: str) -> None:
        assignment = self.assignments[index]
        assignment.end, assignment.end_reason, assignment.end_note = end, reason, note
        successor = self._replacement(assignment)
        if successor is not None:
            self._station(successor, assignment.enterprise, end, task_force=assignment.task_force, replaces=index,
                          managing=assignment.managing)

    def _plan_departures(self) -> None:
        """Recalled and rotated-out officers leave all their enterprises; a few active officers rotate out of one."""
        by_officer = defaultdict(list)
        for index, assignment in enumerate(self.assignments):
            by_officer[assignment.officer].append(index)
        last_day = self.run.today - timedelta(days=1)
        for officer, planned in enumerate(self.officers):
            mine = by_officer.get(officer, [])
            if not mine:
                continue
            if planned.status != OfficerStatus.ACTIVE:
                latest = max(self.assignments[i].start for i in mine)
                end = min(latest + timedelta(days=self.rng.randint(7, 21)), last_day)
                recalled = planned.status == OfficerStatus.RECALLED
                reason = AssignmentEndReason.RECALLED if recalled else AssignmentEndReason.ROTATED
                note = self.rng.choice(RECALL_NOTES if recalled else ROTATION_NOTES[:1])
                for index in mine:
                    self._end(index, end, reason, note)
            elif len(mine) >= 2 and self.rng.random() < 0.03:
                index = mine[0]
                start = self.assignments[index].start
                if (last_day - start).days >= 7:
                    end = start + timedelta(days=self.rng.randint(7, (last_day - start).days))
                    self._end(index, end, AssignmentEndReason.ROTATED, ROTATION_NOTES[1])


# ---------------------------------------------------------------------------------------------------------------
# Steps: each writes one kind of row, idempotently
# ---------------------------------------------------------------------------------------------------------------


def step_regions(run: DemoRun) -> None:
    region_tree_load()
    run.load_regions()


def step_departments(run: DemoRun) -> None:
    rows = []
    for _, region in sorted(run.regions.items()):
        column = {RegionLevel.PROVINCE: 1, RegionLevel.CITY: 2, RegionLevel.COUNTY: 3}.get(region.level)
        if column is None:
            continue
        for row in DEPARTMENTS:
            rows.append(Department(region=region, name=row[column].format(region.name), kind=row[0]))
    rows[0].full_clean(validate_unique=False, validate_constraints=False)
    _bulk_insert(Department, rows)


def _seeded(result: BatchResult, what: str) -> BatchResult:
    """Every demo row goes through the roster services' checks; a planned row they refuse is a bug in the plan."""
    if result.errors:
        shown = "; ".join(f"row {e.row} {e.field}: {e.message}" for e in result.errors[:5])
        raise AssertionError(f"demo {what}: {len(result.errors)} rows refused by the roster rules, e.g. {shown}")
    return result


def step_backing_units(run: DemoRun) -> None:
    keys = [(code, name) for code, names in sorted(run.unit_names.items()) for name in names]
    result = _seeded(backing_units_upsert(actor=run.admin, rows=[
        BackingUnitRow(region=run.regions[code], name=name) for code, name in keys]), "backing units")
    run.units = dict(zip(keys, result.objects, strict=True))


def _demo_password_hash(password: str) -> str:
    """Hash the demo password once per run (PBKDF2 costs ~0.3 s): reuse the admin's hash when it still matches."""
    current = get_user_model().objects.filter(username="admin").values_list("password", flat=True).first()
    if current and check_password(password, current):
        return current
    return make_password(password)


def _login_user(run: DemoRun, login: DemoLogin):
    user_model = get_user_model()
    user = user_model.objects.filter(username=login.username).first() or user_model(username=login.username)
    user.full_name = user.full_name or login.full_name
    user.is_staff = user.is_staff or login.is_staff
    user.is_superuser = user.is_superuser or login.is_superuser
    user.password = run.password_hash
    user.full_clean(exclude=["password"])
    user.save()
    return user


def step_logins(run: DemoRun) -> None:
    """One login per role, each with its post granted through the service."""
    run.password_hash = _demo_password_hash(run.password)
    for login in LOGINS:
        user = _login_user(run, login)
        region = run.regions[login.region] if login.region else None
        department = None
        if login.department:
            department = Department.objects.get(region=region, name=login.department)
            region = None
        post_grant(user=user, kind=login.post_kind, region=region, department=department)
        if login.username == "admin":
            run.admin = user
        run.logins.append((login.username, login.role, login.where))


def step_enterprises(run: DemoRun) -> None:
    rows = [
        EnterpriseRow(region=run.regions[e.region], name=e.name, credit_code=e.credit_code, values={
            "kind": e.kind, "industry": e.industry, "size_class": e.size_class, "is_key": e.is_key,
            "address": e.address, "contact_name": e.contact_name, "contact_phone": e.contact_phone})
        for e in run.enterprise_plan
    ]
    result = _seeded(enterprises_upsert(actor=run.admin, rows=rows), "enterprises")
    run.enterprise_ids = [enterprise.pk for enterprise in result.objects]


def _officer_row(run: DemoRun, planned: PlannedOfficer, *, status: str | None = None) -> OfficerRow:
    return OfficerRow(username=planned.username, name=planned.name, phone=planned.phone, title=planned.title,
                      backing_unit=run.units[(planned.region, planned.unit)], status=status)


def step_officers(run: DemoRun) -> None:
    """Officers with their logins and officer posts, all active: those who left are recalled or rotated out once
    their assignments are written. Every new login gets the one demo password hash."""
    plan = run.officer_plan
    result = _seeded(officers_upsert(actor=run.admin, rows=[_officer_row(run, o) for o in plan],
                                     password_hash=run.password_hash), "officers")
    run.officer_ids = [officer.pk for officer in result.objects]
    user_model = get_user_model()
    for chunk in _chunks([o.username for o in plan]):
        # A new --password applies to the generated officers too.
        user_model.objects.filter(username__in=chunk).exclude(password=run.password_hash).update(
            password=run.password_hash)
    for planned in [o for o in plan if o.status == OfficerStatus.ACTIVE][:EASY_OFFICERS]:
        run.logins.append((planned.username, "liaison officer (generated)", f"{planned.name} · {planned.unit}"))


def step_task_forces(run: DemoRun) -> None:
    task_forces, _ = run.roster_plan
    rows = [TaskForce(name=t.name, enterprise_id=run.enterprise_ids[t.enterprise], region=run.regions[t.region],
                      leader_id=run.officer_ids[t.leader]) for t in task_forces]
    if rows:
        rows[0].full_clean(validate_unique=False, validate_constraints=False)
    _bulk_insert(TaskForce, rows)
    ids = {(enterprise_id, name): pk for enterprise_id, name, pk in
           TaskForce.objects.values_list("enterprise_id", "name", "id")}
    run.task_force_ids = [ids.get((row.enterprise_id, row.name)) for row in rows]


def step_assignments(run: DemoRun) -> None:
    """Assignments first, then the replacements that point at the assignments they replace, then the departures
    of the officers who left (their assignments ended above)."""
    _, plan = run.roster_plan
    existing_pairs = set(Assignment.objects.values_list("officer_id", "enterprise_id"))
    officers = Officer.objects.in_bulk(run.officer_ids)
    enterprises = Enterprise.objects.in_bulk(run.enterprise_ids)
    task_forces = TaskForce.objects.in_bulk([pk for pk in run.task_force_ids if pk is not None])

    def row(assignment: PlannedAssignment, replaces: Assignment | None = None) -> AssignmentRow:
        task_force_id = run.task_force_ids[assignment.task_force] if assignment.task_force is not None else None
        return AssignmentRow(
            officer=officers[run.officer_ids[assignment.officer]],
            enterprise=enterprises[run.enterprise_ids[assignment.enterprise]],
            managing_region=run.regions[assignment.managing], task_force=task_forces.get(task_force_id),
            start_date=assignment.start, end_date=assignment.end, end_reason=assignment.end_reason,
            end_note=assignment.end_note, replaces=replaces,
        )

    def is_new(assignment: PlannedAssignment) -> bool:
        pair = (run.officer_ids[assignment.officer], run.enterprise_ids[assignment.enterprise])
        return pair not in existing_pairs

    # Only an active officer can be stationed: one who left since (a larger scale on top of a smaller one plans
    # more history for them) is back on duty while their history is written, and leaves again below.
    returning = {officers[run.officer_ids[a.officer]] for a in plan if is_new(a)} - {
        o for o in officers.values() if o.status == OfficerStatus.ACTIVE}
    _officers_set_status(run, {officer: OfficerStatus.ACTIVE for officer in returning}, "returns")
    _seeded(assignments_upsert(actor=run.admin, rows=[row(a) for a in plan if a.replaces is None and is_new(a)]),
            "assignments")
    ids = {key[:3]: key[3] for key in Assignment.objects.values_list("officer_id", "enterprise_id", "start_date", "id")}
    replaced_ids = {}
    for assignment in plan:
        if assignment.replaces is not None and is_new(assignment):
            replaced = plan[assignment.replaces]
            replaced_ids[id(assignment)] = ids.get((run.officer_ids[replaced.officer],
                                                    run.enterprise_ids[replaced.enterprise], replaced.start))
    replaced = Assignment.objects.in_bulk([pk for pk in replaced_ids.values() if pk is not None])
    _seeded(assignments_upsert(actor=run.admin, rows=[
        row(a, replaced[replaced_ids[id(a)]]) for a in plan
        if a.replaces is not None and is_new(a) and replaced_ids[id(a)] is not None]), "replacements")
    _officers_set_status(run, {officer: officer.status for officer in returning}, "returns")
    _seeded(officers_upsert(actor=run.admin, rows=[_officer_row(run, o, status=o.status) for o in run.officer_plan
                                                   if o.status != OfficerStatus.ACTIVE]), "departures")


def _officers_set_status(run: DemoRun, statuses: dict[Officer, str], what: str) -> None:
    if not statuses:
        return
    current = Officer.objects.select_related("user", "backing_unit__region").in_bulk([o.pk for o in statuses])
    _seeded(officers_upsert(actor=run.admin, rows=[
        OfficerRow(username=current[o.pk].user.username, name=o.name, phone=o.phone, title=o.title,
                   backing_unit=current[o.pk].backing_unit, status=status) for o, status in statuses.items()]), what)


def step_demo_officer(run: DemoRun) -> None:
    """The `officer` login, made through the services like a real roster entry: three enterprises in 芙蓉区."""
    furong = run.regions[DEMO_OFFICER.region]
    officer = Officer.objects.filter(user__username=DEMO_OFFICER.username).first()
    if officer is None:
        unit = BackingUnit.objects.get(region=furong, name=DEMO_OFFICER_UNIT)
        officer = officer_create(actor=run.admin, username=DEMO_OFFICER.username, name=DEMO_OFFICER.full_name,
                                 phone=DEMO_OFFICER_PHONE, backing_unit=unit, title="副科长")
    if officer.user.password != run.password_hash:
        officer.user.password = run.password_hash
        officer.user.save(update_fields=["password"])
    held = set(Assignment.objects.filter(officer=officer).values_list("enterprise_id", flat=True))
    for index in range(DEMO_OFFICER_ENTERPRISES):
        enterprise = Enterprise.objects.get(pk=run.enterprise_ids[index])
        if enterprise.pk not in held:
            assignment_create(actor=run.admin, officer=officer, enterprise=enterprise, managing_region=furong,
                              start_date=run.campaign_start + timedelta(days=index + 1))
    run.logins.append((DEMO_OFFICER.username, "liaison officer (3 enterprises)",
                       f"{DEMO_OFFICER.full_name} · {DEMO_OFFICER_UNIT}"))


@dataclass(frozen=True)
class DemoStep:
    label: str
    run: Callable[[DemoRun], None]
    model: type[models.Model]


# Later issues append their steps here (daily reports, problems...); each must be idempotent.
STEPS = [
    DemoStep("regions", step_regions, Region),
    DemoStep("departments", step_departments, Department),
    DemoStep("logins", step_logins, Post),  # before the roster: the administrator writes it through the services
    DemoStep("backing units", step_backing_units, BackingUnit),
    DemoStep("enterprises", step_enterprises, Enterprise),
    DemoStep("officers", step_officers, Officer),
    DemoStep("task forces", step_task_forces, TaskForce),
    DemoStep("assignments", step_assignments, Assignment),
    DemoStep("demo officer", step_demo_officer, Assignment),
    DemoStep("park departments", step_park_departments, Department),
    DemoStep("problems", step_problems, Problem),
    DemoStep("party branches", step_branches, Branch),
    DemoStep("branch visits", step_visits, BranchVisit),
    DemoStep("daily reports", step_daily_reports, DailyReport),
    DemoStep("policy library", step_policies, PolicyDocument),
    DemoStep("meetings", step_meetings, Meeting),
    # The assessments read reports, visits, problems and meetings, and recall one officer: every step after them
    # (medics, care) plans from the roster as the recall left it, on the first run as on any later one.
    DemoStep("assessments", step_assessments, OfficerAssessment),
    DemoStep("institutions", step_health_institutions, HealthInstitution),
    DemoStep("medics", step_medics, Medic),
    DemoStep("medic coverage", step_medic_coverage, MedicCoverage),
    DemoStep("insurance", step_officer_insurance, InsurancePolicy),
    DemoStep("allowances", step_allowances, Allowance),
    DemoStep("rest periods", step_rest_periods, RestPeriod),
    DemoStep("health checks", step_health_checks, HealthCheck),
    # Last: the reports of assignments the steps above added, then every summary rebuilt from the rows.
    DemoStep("summaries", step_summaries, RegionDaySummary),
]


def demo_seed(*, scale: str = "small", officers: int | None = None, enterprises: int | None = None,
              password: str = DEFAULT_PASSWORD, today: date | None = None, report_days: int = DEFAULT_REPORT_DAYS,
              log: Callable[[str], None] = print) -> DemoRun:
    """Build (or complete) the demo portal; running it again with the same options adds nothing."""
    size = SCALES[scale]
    run = DemoRun(
        officers=size.officers if officers is None else officers,
        enterprises=size.enterprises if enterprises is None else enterprises,
        password=password, today=today or timezone.localdate(), log=log, report_days=report_days,
    )
    started = time.monotonic()
    for step in STEPS:
        before = step.model.objects.count()
        step_started = time.monotonic()
        with transaction.atomic():
            step.run(run)
        total = step.model.objects.count()
        log(f"{step.label:<14} {total - before:>+8,} rows  (table now {total:>7,})  "
            f"{time.monotonic() - step_started:7.2f} s")
    if connection.vendor == "postgresql":
        # Fresh statistics: until autovacuum gets round to the new rows, the planner guesses badly (some lists
        # took seconds instead of a few hundred milliseconds right after a province-scale seed).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"{'total':<14} {time.monotonic() - started:46.2f} s")
    return run


def login_table(run: DemoRun) -> list[str]:
    """The demo logins as aligned lines of text, ready to print."""
    header = ("username", "password", "role", "where")
    rows = [(username, run.password, role, where) for username, role, where in run.logins]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(3)]

    def line(row):
        return "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]

    return [line(header), line(["-" * w for w in widths] + ["-" * 24]), *(line(row) for row in rows)]
