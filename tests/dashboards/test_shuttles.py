"""Worker shuttle trips (就业直通车): an office logs them for its region's enterprises; the service owns the rules."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dashboards.models import ShuttleTrip
from dashboards.services import shuttle_trip_log

from .conftest import TODAY


def log(actor, region, enterprises, **changes):
    values = {"day": TODAY, "route_from": "桂阳县火车站", "route_to": "芙蓉区", "workers_carried": 42, "note": ""}
    return shuttle_trip_log(actor=actor, region=region, enterprises=enterprises, **{**values, **changes})


def errors_of(call) -> dict:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        call()
    return {field: " ".join(str(message) for message in messages)
            for field, messages in raised.value.message_dict.items()}


def test_an_office_logs_a_trip_for_its_enterprises(regions, roster, furong_office):
    trip = log(furong_office, regions.furong, [roster.furong_enterprise, roster.furong_enterprise_2])
    assert trip.logged_by == furong_office and trip.workers_carried == 42
    assert set(trip.enterprises.all()) == {roster.furong_enterprise, roster.furong_enterprise_2}
    assert trip.route == "桂阳县火车站 → 芙蓉区"


def test_a_trip_carries_at_least_one_worker_and_is_not_in_the_future(regions, roster, furong_office):
    errors = errors_of(lambda: log(furong_office, regions.furong, [roster.furong_enterprise], workers_carried=0,
                                   day=TODAY + timedelta(days=1)))
    assert errors["workers_carried"] == "每趟车次至少运送1人。"
    assert errors["day"] == "不能登记未来日期的车次。"
    assert not ShuttleTrip.objects.exists()


def test_the_enterprises_must_lie_in_the_offices_region(regions, roster, furong_office, changsha_office):
    errors = errors_of(lambda: log(furong_office, regions.furong, [roster.tianxin_enterprise]))
    assert errors["enterprises"] == f"{roster.tianxin_enterprise.name}不在芙蓉区辖区内。"
    errors = errors_of(lambda: log(furong_office, regions.furong, []))
    assert errors["enterprises"] == "请选择本趟车次服务的企业。"
    # The city's office may log a trip for a county below it.
    assert log(changsha_office, regions.tianxin, [roster.tianxin_enterprise]).region == regions.tianxin


def test_a_county_cannot_log_for_its_sibling(regions, roster, tianxin_office, officer_user):
    errors = errors_of(lambda: log(tianxin_office, regions.furong, [roster.furong_enterprise]))
    assert errors["region"] == "请选择本驻企办负责的地区。"
    errors = errors_of(lambda: log(officer_user, regions.furong, [roster.furong_enterprise]))
    assert "region" in errors


def test_the_form_offers_only_the_offices_regions_and_enterprises(regions, roster, furong_office, client):
    client.force_login(furong_office)
    form = client.get("/dashboard/shuttles/new/").context["form"]
    assert list(form.fields["region"].queryset) == [regions.furong]
    assert set(form.fields["enterprises"].queryset) == {roster.furong_enterprise, roster.furong_enterprise_2}


def test_the_form_logs_a_trip_and_shows_it_in_the_list(regions, roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/dashboard/shuttles/new/", {
        "day": TODAY.isoformat(), "route_from": "宜章县汽车站", "route_to": "芙蓉区", "region": regions.furong.pk,
        "enterprises": [roster.furong_enterprise.pk], "workers_carried": 38, "note": "包车两辆"})
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/shuttles/?region={regions.furong.pk}"
    listed = client.get(response["Location"])
    assert [trip.workers_carried for trip in listed.context["page"]] == [38]
    assert listed.context["totals"] == {"trips": 1, "workers": 38}


def test_the_form_refuses_a_sibling_enterprise_with_a_chinese_message(regions, roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/dashboard/shuttles/new/", {
        "day": TODAY.isoformat(), "route_from": "宜章县", "route_to": "芙蓉区", "region": regions.furong.pk,
        "enterprises": [roster.tianxin_enterprise.pk], "workers_carried": 0})
    assert response.status_code == 400
    body = response.content.decode()
    assert "选择一个有效的选项" in body  # the sibling's enterprise is not even offered
    assert "确保该值大于或等于1" in body
    assert not ShuttleTrip.objects.exists()


def test_only_offices_may_open_the_form(roster, officer_user, client):
    client.force_login(officer_user)
    assert client.get("/dashboard/shuttles/new/").status_code == 404
    assert client.get("/dashboard/shuttles/").status_code == 404
