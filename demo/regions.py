"""Demo data: Hunan's real region tree (loaded by the regions service) and every region's functional departments."""

from __future__ import annotations

from demo.run import DemoRun, bulk_insert
from regions.choices import DepartmentKind, RegionLevel
from regions.models import Department
from regions.services import region_tree_load

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
    bulk_insert(Department, rows)

