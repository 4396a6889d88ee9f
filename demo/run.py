"""What every demo step shares: the run (its options, the region tree read once, the plans and the ids written so
far), the seeded generators of people's names and phone numbers, and the batch helpers.

Everything is drawn from seeded random generators, so a second run plans the same rows and adds nothing. Rows are
drawn per row (row i has its own generator), so a small run is a prefix of a larger one.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate

from django.db import models

from enterprises.batch import BatchResult
from officers.models import BackingUnit
from regions.choices import RegionLevel
from regions.models import Region

SEED = 2020
BATCH_SIZE = 2000
CAMPAIGN_DAYS = 56
DEFAULT_REPORT_DAYS = 28
PROVINCE_CODE = "430000"

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary (Chinese lives only in the demo modules and the translations)
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


def row_rng(kind: str, index: int) -> random.Random:
    """The generator of one planned row: row i is the same at every scale."""
    return random.Random(f"{SEED}:{kind}:{index}")


def person_name(rng: random.Random) -> str:
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]
    size = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(GIVEN_NAME_CHARS) for _ in range(size))


def mobile_number(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"



def chunks(items: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def bulk_insert(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert rows, skipping those whose natural key is already taken."""
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)



def seeded(result: BatchResult, what: str) -> BatchResult:
    """Every demo row goes through the roster services' checks; a planned row they refuse is a bug in the plan."""
    if result.errors:
        shown = "; ".join(f"row {e.row} {e.field}: {e.message}" for e in result.errors[:5])
        raise AssertionError(f"demo {what}: {len(result.errors)} rows refused by the roster rules, e.g. {shown}")
    return result



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
    # What a step's module drew or read once and later steps (or its own later calls) reuse, by name.
    plans: dict[str, object] = field(default_factory=dict)

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
