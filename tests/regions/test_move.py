"""Region tree changes in the admin: region_move recomputes the subtree's paths, scoping follows the new tree, and a
move that would break history is refused with a message and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise
from regions.models import Region
from regions.services import region_move
from tests import factories


def change_url(region: Region) -> str:
    return f"/admin/regions/region/{region.pk}/change/"


def post_change(client, region: Region, **changes):
    region.refresh_from_db()
    data = {"code": region.code, "name": region.name, "name_en": region.name_en,
            "parent": region.parent_id or "", **changes}
    return client.post(change_url(region), data)


def paths() -> dict[str, tuple[str, int]]:
    return {code: (path, depth) for code, path, depth in Region.objects.values_list("code", "path", "depth")}


@pytest.fixture
def zhuzhou_park(regions):
    return Region.objects.get(code="430211P01")


def test_moving_a_county_to_another_city_moves_its_parks_and_its_enterprises_scope(
        admin_user, regions, roster, zhuzhou_park, client):
    """天元区 (with its park) leaves 株洲市 for 长沙市: the paths below it follow, so do the offices' views."""
    park_enterprise = factories.make_enterprise(zhuzhou_park, "株洲高新园区测试企业有限公司")
    tianyuan_office = factories.make_office_user("tianyuan-office", regions.tianyuan)
    zhuzhou_office = factories.make_office_user("zhuzhou-office", regions.zhuzhou)
    changsha_office = factories.make_office_user("changsha-office", regions.changsha)
    moved = {roster.zhuzhou_enterprise.pk, park_enterprise.pk}
    assert moved <= set(Enterprise.objects.visible_to(zhuzhou_office).values_list("pk", flat=True))
    assert not moved & set(Enterprise.objects.visible_to(changsha_office).values_list("pk", flat=True))
    untouched = {code: value for code, value in paths().items() if code not in ("430211", "430211P01")}

    client.force_login(admin_user)
    response = post_change(client, regions.tianyuan, parent=regions.changsha.pk)
    assert response.status_code == 302, response.content.decode()[:3000]

    after = paths()
    assert after["430211"] == ("430000/430100/430211/", 2)
    assert after["430211P01"] == ("430000/430100/430211/430211P01/", 3)
    assert {code: value for code, value in after.items() if code in untouched} == untouched
    for user in (tianyuan_office, zhuzhou_office, changsha_office):
        user.refresh_from_db()  # a fresh user object, as the next request has
    assert moved <= set(Enterprise.objects.visible_to(changsha_office).values_list("pk", flat=True))
    assert not moved & set(Enterprise.objects.visible_to(zhuzhou_office).values_list("pk", flat=True))
    assert moved <= set(Enterprise.objects.visible_to(tianyuan_office).values_list("pk", flat=True))
    region = Region.objects.get(code="430211")
    assert region.parent == regions.changsha and [r.code for r in region.ancestors()] == ["430000", "430100"]


def test_a_new_code_rewrites_the_paths_below_it(admin_user, regions, zhuzhou_park, client):
    client.force_login(admin_user)
    response = post_change(client, regions.tianyuan, code="430299")
    assert response.status_code == 302
    after = paths()
    assert "430211" not in after
    assert after["430299"] == ("430000/430200/430299/", 2)
    assert after["430211P01"] == ("430000/430200/430299/430211P01/", 3)


def assert_refused(client, region, message: str, **changes) -> None:
    before = paths()
    response = post_change(client, region, **changes)
    assert response.status_code == 200  # the form again
    assert message in response.content.decode()
    assert paths() == before


def test_a_move_that_leaves_an_assignment_outside_its_managing_office_is_refused(
        admin_user, regions, roster, client):
    # 长沙市 stations a city officer in 芙蓉区: 芙蓉区 cannot leave 长沙市 while that assignment stands.
    factories.make_assignment(roster.city_officer, roster.furong_enterprise, managing_region=regions.changsha)
    client.force_login(admin_user)
    assert_refused(client, regions.furong, "芙蓉区 不能调整到 株洲市 之下", parent=regions.zhuzhou.pk)
    assert Region.objects.get(pk=regions.furong.pk).parent == regions.changsha


def test_a_code_clash_a_wrong_level_and_a_cycle_are_refused(admin_user, regions, client):
    client.force_login(admin_user)
    assert_refused(client, regions.furong, "代码 430103 已被其他地区使用", code="430103")
    assert_refused(client, regions.furong, "县市区必须隶属于市州", parent=regions.province.pk)
    assert_refused(client, regions.furong, "地区代码不能为空，也不能包含", code="4301/02")
    with pytest.raises(ValidationError, match="不能调整到其自身或其下级地区之下"):
        region_move(actor=admin_user, region=regions.yuelu, parent=regions.yuelu_park, code=regions.yuelu.code)


def test_the_level_is_read_only_when_changing_a_region(admin_user, regions, client):
    client.force_login(admin_user)
    page = client.get(change_url(regions.furong)).content.decode()
    assert 'name="level"' not in page and 'name="parent"' in page


def test_only_an_administrator_moves_regions(changsha_office, regions):
    with pytest.raises(ValidationError, match="只有系统管理员"):
        region_move(actor=changsha_office, region=regions.furong, parent=regions.zhuzhou, code="430102")
    assert Region.objects.get(pk=regions.furong.pk).path == "430000/430100/430102/"
