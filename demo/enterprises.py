"""Demo data: the enterprises and projects, written through the roster's batch service `enterprises_upsert`.

A few fixed enterprises come first at every scale (the demo officer's three in 芙蓉区, a neighbour in 天心区, the
flagship projects), then enterprises drawn per row across every county and park, with valid credit codes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, count

from demo.run import DemoRun, mobile_number, person_name, row_rng, seeded
from enterprises.choices import EnterpriseKind, Industry, SizeClass
from enterprises.services import EnterpriseRow, enterprises_upsert
from enterprises.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from regions.choices import RegionLevel

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



def enterprise_plan(run: DemoRun) -> list[PlannedEnterprise]:
    """The run's enterprises, drawn once: the roster and problem steps read the same plan."""
    if "enterprises" not in run.plans:
        run.plans["enterprises"] = _draw_enterprises(run)
    return run.plans["enterprises"]


def _draw_enterprises(run: DemoRun) -> list[PlannedEnterprise]:
    plan = [_fixed_enterprise(run, i, fixed) for i, fixed in enumerate(FIXED_ENTERPRISES)]
    # Names already used: enterprise names, and (region, name) of projects, their natural key.
    taken: set = {e.name for e in plan} | {(e.region, e.name) for e in plan}
    cum_weights = list(accumulate(run.leaf_weight[c] for c in run.leaves))
    for i in range(run.enterprises):
        plan.append(_enterprise(run, i, cum_weights, taken))
    return plan


def _address(run: DemoRun, rng: random.Random, code: str) -> str:
    county = run.county_of(code)
    park = run.regions[code].name if code != county else ""
    city = run.regions[run.city_of(code)].name
    return f"湖南省{city}{run.regions[county].name}{park}{rng.choice(ROADS)}{rng.randint(1, 999)}号"


def _fixed_enterprise(run: DemoRun, index: int, fixed: FixedEnterprise) -> PlannedEnterprise:
    rng = row_rng("fixed-enterprise", index)
    is_project = fixed.kind == EnterpriseKind.PROJECT
    code = None if is_project else credit_code(run.county_of(fixed.region), 9_000_000 + index)
    return PlannedEnterprise(
        region=fixed.region, name=fixed.name, kind=fixed.kind, credit_code=code, industry=fixed.industry,
        size_class=fixed.size_class, is_key=fixed.is_key, address=_address(run, rng, fixed.region),
        contact_name=fixed.contact_name, contact_phone=mobile_number(rng),
    )


def _phases(name: str) -> Iterator[str]:
    """A project's name, then its later phases (二期 … 十期, then 11期 …): a county may draw one template often."""
    yield name
    yield from (f"{name}（{numeral}期）" for numeral in "二三四五六七八九十")
    yield from (f"{name}（{number}期）" for number in count(11))


def _enterprise(run: DemoRun, index: int, cum_weights: list[float], taken: set) -> PlannedEnterprise:
    rng = row_rng("enterprise", index)
    # The first rows visit every county and park once, so that every office has enterprises at any scale.
    if index < len(run.leaves):
        region = run.leaves[index]
    else:
        region = rng.choices(run.leaves, cum_weights=cum_weights)[0]
    in_park = run.level(region) == RegionLevel.PARK
    address = _address(run, rng, region)
    contact_name, contact_phone = person_name(rng), mobile_number(rng)
    if rng.random() < 0.025:
        template, industry = rng.choice(PROJECT_TEMPLATES)
        name = next(named for named in _phases(template.format(run.regions[region].name))
                    if (region, named) not in taken)
        taken.add((region, name))
        return PlannedEnterprise(
            region=region, name=name, kind=EnterpriseKind.PROJECT, credit_code=None, industry=industry,
            size_class=SizeClass.ABOVE_DESIGNATED, is_key=rng.random() < 0.7, address=address,
            contact_name=contact_name, contact_phone=contact_phone,
        )
    county = run.county_of(region)
    specialties = SPECIALTIES.get(county)
    if specialties and rng.random() < 0.4:
        word, industry = rng.choice(specialties)
    else:
        industry = rng.choices(INDUSTRIES, cum_weights=INDUSTRY_CUM_WEIGHTS)[0]
        word = rng.choice(INDUSTRY_WORDS[industry])
    above = rng.random() < (0.35 if in_park else 0.2)
    roll = rng.random()
    county_name = run.regions[county].name
    if above and roll < 0.25:
        pattern = "湖南{}" + word + "股份有限公司"
    elif roll < 0.45:
        pattern = "湖南{}" + word + "有限公司"
    elif roll < 0.85 or county_name.endswith("区"):
        pattern = run.short_city_name(region) + "{}" + word + "有限公司"
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

def step_enterprises(run: DemoRun) -> None:
    rows = [
        EnterpriseRow(region=run.regions[e.region], name=e.name, credit_code=e.credit_code, values={
            "kind": e.kind, "industry": e.industry, "size_class": e.size_class, "is_key": e.is_key,
            "address": e.address, "contact_name": e.contact_name, "contact_phone": e.contact_phone})
        for e in enterprise_plan(run)
    ]
    result = seeded(enterprises_upsert(actor=run.admin, rows=rows), "enterprises")
    run.enterprise_ids = [enterprise.pk for enterprise in result.objects]
