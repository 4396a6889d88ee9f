"""The dashboards' API for phone and mini-program clients: a region's figures, shuttle trips, bulletins; scoped."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.models import ShuttleTrip
from dashboards.services import bulletin_generate, shuttle_trip_log

from .conftest import TODAY, YESTERDAY, summary


def test_the_dashboard_endpoint_gives_the_summary_figures(world, regions, changsha_office, client):
    client.force_login(changsha_office)
    body = client.get(f"/api/v1/dashboard/{regions.changsha.pk}/").json()
    changsha = summary(regions.changsha)
    assert body["region_name"] == "长沙市" and body["day"] == TODAY.isoformat()
    assert body["figures"]["reports_missing"] == changsha.reports_missing == 1
    assert body["figures"]["reporting_rate"] == changsha.reporting_rate
    assert body["previous"]["reports_filed"] == summary(regions.changsha, YESTERDAY).reports_filed
    assert body["open_positions_by_industry"] == changsha.open_positions_by_industry
    children = {child["region_name"]: child["figures"] for child in body["children"]}
    assert children["天心区"]["reports_late"] == 1
    assert children["岳麓区"]["reports_expected"] == 0
    past = client.get(f"/api/v1/dashboard/{regions.changsha.pk}/?day={YESTERDAY.isoformat()}").json()
    assert past["figures"]["reports_filed"] == summary(regions.changsha, YESTERDAY).reports_filed


def test_the_dashboard_endpoint_is_scoped_and_cheap(world, regions, furong_office, tianxin_office, officer_user,
                                                    client):
    client.force_login(tianxin_office)
    assert client.get(f"/api/v1/dashboard/{regions.furong.pk}/").status_code == 404
    client.force_login(officer_user)
    assert client.get(f"/api/v1/dashboard/{regions.furong.pk}/").status_code == 404
    client.force_login(furong_office)
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/api/v1/dashboard/{regions.furong.pk}/").status_code == 200
    assert len(context.captured_queries) <= 8


def test_an_office_logs_a_trip_through_the_api(regions, roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/shuttle-trips/", {
        "day": TODAY.isoformat(), "route_from": "桂阳县火车站", "route_to": "芙蓉区", "region": regions.furong.pk,
        "enterprises": [roster.furong_enterprise.pk], "workers_carried": 45}, content_type="application/json")
    assert response.status_code == 201, response.content
    trip = ShuttleTrip.objects.get()
    assert (trip.workers_carried, trip.logged_by, response.json()["region_name"]) == (45, furong_office, "芙蓉区")


def test_the_api_refuses_a_trip_the_service_refuses(regions, roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/shuttle-trips/", {
        "day": TODAY.isoformat(), "route_from": "桂阳县", "route_to": "芙蓉区", "region": regions.furong.pk,
        "enterprises": [roster.furong_enterprise.pk], "workers_carried": 0}, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["workers_carried"] == ["每趟车次至少运送1人。"]
    response = client.post("/api/v1/shuttle-trips/", {
        "day": TODAY.isoformat(), "route_from": "桂阳县", "route_to": "芙蓉区", "region": regions.furong.pk,
        "enterprises": [roster.tianxin_enterprise.pk], "workers_carried": 5}, content_type="application/json")
    assert response.status_code == 400 and "enterprises" in response.json()  # not even offered: outside scope
    assert not ShuttleTrip.objects.exists()


def test_trips_and_bulletins_are_listed_within_scope(world, regions, roster, furong_office, tianxin_office,
                                                     changsha_office, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    trip = shuttle_trip_log(actor=furong_office, day=TODAY, route_from="桂阳县", route_to="芙蓉区",
                            region=regions.furong, enterprises=[roster.furong_enterprise], workers_carried=30)
    bulletin = bulletin_generate(region=regions.furong, day=TODAY)
    bulletin_generate(region=regions.changsha, day=TODAY)
    client.force_login(tianxin_office)
    assert client.get("/api/v1/shuttle-trips/").json()["results"] == []
    assert client.get(f"/api/v1/shuttle-trips/{trip.pk}/").status_code == 404
    assert client.get("/api/v1/bulletins/").json()["results"] == []
    assert client.get(f"/api/v1/bulletins/{bulletin.pk}/").status_code == 404
    client.force_login(changsha_office)
    assert [row["id"] for row in client.get("/api/v1/shuttle-trips/").json()["results"]] == [trip.pk]
    names = [row["region_name"] for row in client.get("/api/v1/bulletins/").json()["results"]]
    assert sorted(names) == ["芙蓉区", "长沙市"]
    only = client.get(f"/api/v1/bulletins/?region={regions.furong.pk}").json()["results"]
    assert [row["id"] for row in only] == [bulletin.pk]
    detail = client.get(f"/api/v1/bulletins/{bulletin.pk}/").json()
    assert detail["data"]["figures"]["reports_expected"] == summary(regions.furong).reports_expected
    assert detail["xlsx_url"] == f"/dashboard/bulletins/{bulletin.pk}/xlsx/"
