"""Scope on every dashboard page and download: the county sees its own, the sibling county gets 404, the city sees
both, the province everything; bulletins go up the tree (the province reads every city's, a city every county's)."""

import pytest

from dashboards.models import Bulletin
from dashboards.services import bulletin_generate, shuttle_trip_log

from .conftest import TODAY

FURONG_PAGES = (
    "/dashboard/{furong}/",
    "/dashboard/{furong}/?day={yesterday}",
    "/dashboard/{furong}/?xlsx=trend",
    "/dashboard/{furong}/?xlsx=enterprises",
    "/dashboard/{furong}/?xlsx=missing",
    "/dashboard/{furong}/?xlsx=departments",
    "/dashboard/{furong}/reports/?status=missing",
    "/dashboard/{furong}/reports/?status=filed&xlsx=1",
    "/dashboard/{furong}/enterprises/?show=stationed",
    "/dashboard/{furong}/enterprises/?show=all&xlsx=1",
    "/dashboard/{furong}/problems/?show=overdue",
    "/dashboard/{furong}/problems/?show=open&xlsx=1",
    "/dashboard/shuttles/?region={furong}",
    "/dashboard/shuttles/?region={furong}&xlsx=1",
    "/dashboard/bulletins/?region={furong}",
    "/dashboard/bulletins/{bulletin}/",
    "/dashboard/bulletins/{bulletin}/xlsx/",
)


@pytest.fixture
def furong_bulletin(world, regions, settings, tmp_path) -> Bulletin:
    settings.MEDIA_ROOT = tmp_path
    return bulletin_generate(region=regions.furong, day=TODAY)


@pytest.mark.parametrize("page", FURONG_PAGES)
def test_furong_pages_answer_404_to_the_sibling_county(page, world, regions, furong_bulletin, furong_office,
                                                       tianxin_office, changsha_office, province_office, client):
    from .conftest import YESTERDAY

    url = page.format(furong=regions.furong.pk, bulletin=furong_bulletin.pk, yesterday=YESTERDAY.isoformat())
    for user, expected in ((furong_office, 200), (changsha_office, 200), (province_office, 200),
                           (tianxin_office, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, f"{user.username} {url}"
        if expected == 404:
            assert "芙蓉" not in response.content.decode()


def test_the_sibling_dashboard_is_a_404_but_the_city_reaches_both(world, regions, furong_office, changsha_office,
                                                                  client):
    client.force_login(furong_office)
    assert client.get(f"/dashboard/{regions.tianxin.pk}/").status_code == 404
    assert client.get(f"/dashboard/{regions.changsha.pk}/").status_code == 404  # above the county: outside too
    client.force_login(changsha_office)
    assert client.get(f"/dashboard/{regions.furong.pk}/").status_code == 200
    assert client.get(f"/dashboard/{regions.tianxin.pk}/").status_code == 200
    assert client.get(f"/dashboard/{regions.zhuzhou.pk}/").status_code == 404


def test_the_province_sees_every_city(world, regions, province_office, client):
    client.force_login(province_office)
    response = client.get("/dashboard/")
    names = [row.region.name for row in response.context["children"]]
    assert len(names) == 14 and "长沙市" in names and "株洲市" in names
    assert client.get(f"/dashboard/{regions.tianyuan.pk}/").status_code == 200


def test_a_breadcrumb_links_only_what_the_user_may_open(world, regions, furong_office, client):
    client.force_login(furong_office)
    trail = client.get(f"/dashboard/{regions.furong.pk}/").context["trail"]
    assert [(region.name, reachable) for region, reachable in trail] == [
        ("湖南省", False), ("长沙市", False), ("芙蓉区", True)]


def test_bulletins_go_up_the_tree(world, regions, settings, tmp_path, furong_office, tianxin_office, changsha_office,
                                  province_office, client):
    settings.MEDIA_ROOT = tmp_path
    for region in (regions.province, regions.changsha, regions.zhuzhou, regions.furong, regions.tianxin):
        bulletin_generate(region=region, day=TODAY)

    def listed(user, region=None):
        client.force_login(user)
        query = f"?region={region.pk}" if region else ""
        return {bulletin.region.name for bulletin in client.get(f"/dashboard/bulletins/{query}").context["page"]}

    assert listed(province_office) == {"湖南省", "长沙市", "株洲市", "芙蓉区", "天心区"}
    assert listed(changsha_office) == {"长沙市", "芙蓉区", "天心区"}
    assert listed(furong_office) == {"芙蓉区"}
    assert listed(tianxin_office) == {"天心区"}
    client.force_login(tianxin_office)
    assert client.get(f"/dashboard/bulletins/?region={regions.furong.pk}").status_code == 404
    # On the city's dashboard: its own bulletin and those of its counties that day.
    client.force_login(changsha_office)
    shown = {b.region.name for b in client.get(f"/dashboard/{regions.changsha.pk}/").context["bulletins"]}
    assert shown == {"长沙市", "芙蓉区", "天心区"}


def test_shuttle_trips_are_listed_within_scope(world, regions, roster, furong_office, tianxin_office,
                                               changsha_office, client):
    shuttle_trip_log(actor=furong_office, day=TODAY, route_from="桂阳县", route_to="芙蓉区", region=regions.furong,
                     enterprises=[roster.furong_enterprise], workers_carried=30)
    shuttle_trip_log(actor=tianxin_office, day=TODAY, route_from="宜章县", route_to="天心区", region=regions.tianxin,
                     enterprises=[roster.tianxin_enterprise], workers_carried=20)

    def trips(user):
        client.force_login(user)
        return sorted(trip.route_to for trip in client.get("/dashboard/shuttles/").context["page"])

    assert trips(furong_office) == ["芙蓉区"]
    assert trips(tianxin_office) == ["天心区"]
    assert trips(changsha_office) == ["天心区", "芙蓉区"]
    client.force_login(tianxin_office)
    assert client.get(f"/dashboard/{regions.tianxin.pk}/").context["shuttles"]["workers"] == 20


def test_nothing_of_the_sibling_county_reaches_a_county_dashboard(world, regions, furong_office, client):
    client.force_login(furong_office)
    body = client.get(f"/dashboard/{regions.furong.pk}/").content.decode()
    assert "芙蓉区" in body
    assert "天心" not in body  # neither its region, its enterprise, nor its new problem
