"""Demo data for the medical staff: health institutions in every city and county, medics, and their coverage of
most stationed enterprises (one medic per above-size enterprise, at most the limit of small ones), with a few gaps
for the offices to find (芙蓉区 always has one above-size and one small enterprise without cover).

Rows are planned from seeded generators and bulk-inserted. Institutions are known by (region, name), medics by
(institution, name, phone) and coverages by (medic, enterprise, start date), so a second run adds nothing; an
enterprise already covered is skipped and the limit counts the coverages already there, so seeding another scale
on top never breaks the coverage rules.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError

from demo.run import DemoRun
from enterprises.choices import SizeClass
from enterprises.models import Enterprise
from liaison_portal.rowchecks import rows_check
from medics.models import HealthInstitution, Medic, MedicCoverage, coverage_active_on
from officers.models import Assignment
from officers.selectors import active_on
from regions.choices import RegionLevel

SEED = 2020
BATCH_SIZE = 2000
FURONG = "430102"
GAP_SHARE = 0.04  # stationed enterprises left without cover, for the offices' list

CITY_HOSPITALS = ("{}中心医院", "{}第一人民医院")
REAL_CITY_HOSPITALS = {"430100": ("长沙市第一医院", "长沙市中心医院")}
COUNTY_HOSPITALS = ("{}人民医院", "{}中医医院")
TOWNS = ("城关", "白沙", "青山", "龙田", "金桥", "石门", "长乐", "新塘", "黄土岭", "马家", "双江", "官渡", "永和",
         "花桥", "大坪", "杨林", "沙田", "太平", "高桥", "桃花")
STREETS = ("东湖", "文艺路", "朝阳", "韭菜园", "五里牌", "火星", "湘湖", "定王台", "马王堆", "东屯渡", "解放路",
           "南岳", "望月湖", "桔子洲")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯邓彭曾肖田谭廖邹"
GIVEN = "丽敏静芳娟霞艳红华英慧琳俊峰伟强军勇杰涛明辉鹏文斌波宇浩志"
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "158", "187", "188", "180", "189", "199")


def _rng(*key) -> random.Random:
    return random.Random(":".join(str(part) for part in (SEED, *key)))


def _institution_names(run: DemoRun, code: str) -> list[str]:
    region = run.regions[code]
    if region.level == RegionLevel.CITY:
        return list(REAL_CITY_HOSPITALS.get(code) or (t.format(region.name) for t in CITY_HOSPITALS))
    if region.level != RegionLevel.COUNTY:
        return []
    names = [t.format(region.name) for t in COUNTY_HOSPITALS]
    rng = _rng("institution", code)
    if region.name.endswith("区"):
        names += [f"{street}街道社区卫生服务中心" for street in rng.sample(STREETS, 2)]
    else:
        names += [f"{region.name}{town}镇卫生院" for town in rng.sample(TOWNS, 3)]
    return names


def step_health_institutions(run: DemoRun) -> None:
    """Two hospitals in every city; in every county two hospitals and community or township health centres."""
    rows = [HealthInstitution(region=run.regions[code], name=name)
            for code in sorted(run.regions) for name in _institution_names(run, code)]
    rows_check(rows)
    HealthInstitution.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _medic_identity(county: str, index: int) -> tuple[str, str]:
    rng = _rng("medic", county, index)
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return name, rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def step_medics(run: DemoRun) -> None:
    """Medics of each county's institutions, as many as the county's stationed enterprises need."""
    plan = _coverage_plan(run)
    institutions = _county_institutions(run)
    existing = set(Medic.objects.values_list("institution_id", "name", "phone"))
    rows = []
    for county, count in sorted(plan.medics_needed.items()):
        for index in range(count):
            name, phone = _medic_identity(county, index)
            institution_id = institutions[county][index % len(institutions[county])]
            if (institution_id, name, phone) not in existing:
                existing.add((institution_id, name, phone))
                rows.append(Medic(institution_id=institution_id, name=name, phone=phone))
    rows_check(rows)
    Medic.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def step_medic_coverage(run: DemoRun) -> None:
    """Each planned coverage, unless its enterprise is already covered or its medic is full."""
    plan = _coverage_plan(run)
    institutions = _county_institutions(run)
    medic_ids = {(institution, name, phone): pk for institution, name, phone, pk in
                 Medic.objects.values_list("institution_id", "name", "phone", "id")}
    covered = set(MedicCoverage.objects.filter(coverage_active_on(run.today)).values_list("enterprise_id", flat=True))
    small_load = defaultdict(int)
    for medic_id in MedicCoverage.objects.filter(
            coverage_active_on(run.today), enterprise__size_class=SizeClass.SMALL_MICRO).values_list("medic_id",
                                                                                                       flat=True):
        small_load[medic_id] += 1
    limit = settings.MEDIC_SMALL_ENTERPRISE_LIMIT
    rows = []
    for county, index, enterprise_id, is_small, start in plan.coverages:
        name, phone = _medic_identity(county, index)
        medic_id = medic_ids.get((institutions[county][index % len(institutions[county])], name, phone))
        if medic_id is None or enterprise_id in covered or (is_small and small_load[medic_id] >= limit):
            continue
        covered.add(enterprise_id)
        small_load[medic_id] += is_small
        rows.append(MedicCoverage(medic_id=medic_id, enterprise_id=enterprise_id, start_date=start,
                                  created_by=run.admin))
    # medic_coverage_create's area rule, as it asks it: the medic's institution's region contains the enterprise's.
    institution_of = dict(Medic.objects.filter(pk__in=[r.medic_id for r in rows])
                          .values_list("id", "institution__region__code"))
    enterprise_in = dict(Enterprise.objects.filter(pk__in=[r.enterprise_id for r in rows])
                         .values_list("id", "region__code"))

    def area_rule(coverage: MedicCoverage) -> None:
        area, place = run.regions[institution_of[coverage.medic_id]], run.regions[enterprise_in[coverage.enterprise_id]]
        if not area.contains(place):
            raise ValidationError({"enterprise": "outside the area of the medic's institution"})

    rows_check(rows, rule=area_rule)
    MedicCoverage.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _county_institutions(run: DemoRun) -> dict[str, list[int]]:
    by_region = defaultdict(list)
    for region_id, pk in HealthInstitution.objects.order_by("name", "id").values_list("region_id", "id"):
        by_region[region_id].append(pk)
    return {code: by_region[region.pk] for code, region in run.regions.items()
            if region.level == RegionLevel.COUNTY and by_region[region.pk]}


class _Plan:
    def __init__(self):
        self.medics_needed: dict[str, int] = defaultdict(int)
        self.coverages: list[tuple[str, int, int, bool, object]] = []


def _coverage_plan(run: DemoRun) -> _Plan:
    """Per county: stationed enterprises in id order; each above-size one opens a medic (who may take up to three
    small ones besides), small ones fill medics up to 3–5; a few are left as gaps."""
    if "medic coverage" in run.plans:
        return run.plans["medic coverage"]
    code_of = {region.pk: code for code, region in run.regions.items()}
    stationed = set(Assignment.objects.filter(active_on(run.today)).values_list("enterprise_id", flat=True))
    by_county = defaultdict(list)
    for pk, region_id, size in Enterprise.objects.filter(pk__in=stationed).order_by("id").values_list(
            "id", "region_id", "size_class"):
        by_county[run.county_of(code_of[region_id])].append((pk, size == SizeClass.SMALL_MICRO))
    plan = _Plan()
    for county, enterprises in sorted(by_county.items()):
        rng = _rng("coverage", county)
        forced_gaps = set()
        if county == FURONG:  # the demo office always has something to see
            forced_gaps = {next((pk for pk, small in enterprises if not small), None),
                           next((pk for pk, small in reversed(enterprises) if small), None)}
        medic, room = -1, 0
        for pk, is_small in enterprises:
            if pk in forced_gaps or rng.random() < GAP_SHARE:
                continue
            if not is_small or room == 0:
                medic += 1
                room = 3 if not is_small else rng.choice((3, 4, 5))
            if is_small:
                room -= 1
            start = run.campaign_start + timedelta(days=rng.randint(1, 10))
            plan.coverages.append((county, medic, pk, is_small, start))
        plan.medics_needed[county] = medic + 1
    run.plans["medic coverage"] = plan
    return plan
