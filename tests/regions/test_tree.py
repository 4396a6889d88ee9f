from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.choices import RegionLevel
from regions.models import Region
from regions.services import region_tree_load


def test_it_loads_hunans_real_cities_counties_and_parks(regions):
    assert Region.objects.filter(level=RegionLevel.PROVINCE).get().name == "湖南省"
    assert Region.objects.filter(level=RegionLevel.CITY).count() == 14
    assert Region.objects.filter(level=RegionLevel.COUNTY).count() == 122
    assert Region.objects.filter(level=RegionLevel.PARK).count() >= 14
    assert set(Region.objects.filter(level=RegionLevel.CITY).values_list("name", flat=True)) >= {
        "长沙市", "株洲市", "湘潭市", "衡阳市", "怀化市", "湘西土家族苗族自治州"}


def test_it_loads_the_tree_idempotently(regions):
    before = Region.objects.count()
    assert region_tree_load() == 0
    assert Region.objects.count() == before


def test_every_region_sits_under_a_parent_of_the_level_above(regions):
    for region in Region.objects.exclude(level=RegionLevel.PROVINCE).select_related("parent"):
        region.clean()
        assert region.path == f"{region.parent.path}{region.code}/"


def test_subtree_is_one_query_without_recursion(regions):
    with CaptureQueriesContext(connection) as queries:
        codes = set(regions.changsha.subtree().values_list("code", flat=True))
    assert len(queries) == 1
    assert "LIKE" in queries[0]["sql"].upper()
    assert {"430100", "430102", "430103", "430104P01"} <= codes
    assert "430200" not in codes and "430211" not in codes


def test_ancestors_come_province_first(regions):
    assert [r.name for r in regions.yuelu_park.ancestors()] == ["湖南省", "长沙市", "岳麓区"]


def test_a_county_cannot_hang_under_the_province(regions):
    import pytest
    from django.core.exceptions import ValidationError

    county = Region(code="439999", name="错误县", level=RegionLevel.COUNTY, parent=regions.province)
    with pytest.raises(ValidationError):
        county.clean()
