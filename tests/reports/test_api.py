"""The report API for mobile and mini-program clients: idempotent, scoped, with field-level JSON errors."""

import json
from datetime import timedelta

import pytest

from problems.models import Problem
from reports.models import DailyReport
from tests.reports.conftest import TODAY, VALUES

URL = "/api/v1/reports/"


@pytest.fixture
def api(client, officer_user):
    client.force_login(officer_user)

    def _post(body, key=None, url=URL, method="post", **headers):
        if key:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        payload = body if isinstance(body, str) else json.dumps(body)
        return getattr(client, method)(url, payload, content_type="application/json", **headers)

    return _post


def body(roster, **changes):
    data = {"enterprise": roster.furong_enterprise.pk, "day": TODAY.isoformat(), **VALUES}
    data.update(changes)
    return data


def test_officer_files_through_the_api(api, roster):
    response = api(body(roster, difficulties=[{"category": "logistics", "description": "货车通行证未办理"}]))
    assert response.status_code == 201, response.json()
    assert response.json()["workers_on_duty"] == VALUES["workers_on_duty"]
    assert Problem.objects.get().description == "货车通行证未办理"


def test_replayed_request_gets_the_first_answer_and_writes_nothing(api, roster):
    payload = body(roster, difficulties=[{"category": "labour", "description": "招工难"}])
    first = api(payload, key="k-1")
    again = api(payload, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert DailyReport.objects.count() == 1 and Problem.objects.count() == 1


def test_same_key_with_another_body_is_422(api, roster):
    api(body(roster), key="k-2")
    response = api(body(roster, workers_on_duty=1), key="k-2")
    assert response.status_code == 422
    assert "不同的请求" in response.json()["detail"]
    assert DailyReport.objects.get().workers_on_duty == VALUES["workers_on_duty"]


def test_a_second_post_without_a_key_is_a_409_naming_the_report(api, roster):
    first = api(body(roster)).json()
    response = api(body(roster))
    assert response.status_code == 409
    assert response.json()["report"] == first["id"]
    assert DailyReport.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"workers_on_duty": -1}, "workers_on_duty"),
        ({"capacity_percent": 101}, "capacity_percent"),
        ({"masks_days": "plenty"}, "masks_days"),
        ({"resumed": "maybe"}, "resumed"),
        ({"work_done": "字" * 2001}, "work_done"),
        ({"day": "2026-13-45"}, "day"),
        ({"difficulties": [{"category": "weather", "description": "x"}]}, "difficulties"),
        ({"difficulties": [{"category": "other", "description": "x"}] * 6}, "difficulties"),
    ],
)
def test_bad_values_get_a_field_message_and_nothing_is_saved(api, roster, changes, field):
    response = api(body(roster, **changes))
    assert response.status_code == 400
    assert field in response.json()
    assert not DailyReport.objects.exists() and not Problem.objects.exists()


def test_missing_numbers_are_errors_not_zeros(api, roster):
    payload = body(roster)
    del payload["workers_on_duty"]
    response = api(payload)
    assert response.status_code == 400
    assert response.json()["workers_on_duty"] == ["该字段是必填项。"]


def test_malformed_json_is_a_clear_400(api):
    response = api('{"enterprise": 1, "day": ')
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_an_enterprise_the_officer_is_not_assigned_to_is_404(api, roster):
    response = api(body(roster, enterprise=roster.tianxin_enterprise.pk))
    assert response.status_code == 404
    assert not DailyReport.objects.exists()


def test_tomorrow_and_closed_days_are_refused(api, roster):
    tomorrow = api(body(roster, day=(TODAY + timedelta(days=1)).isoformat()))
    assert tomorrow.status_code == 400 and "day" in tomorrow.json()
    closed = api(body(roster, day=(TODAY - timedelta(days=5)).isoformat()))
    assert closed.status_code == 400 and "关闭" in closed.json()["day"][0]
    assert not DailyReport.objects.exists()


def test_update_needs_the_current_version(api, roster):
    report = api(body(roster)).json()
    url = f"{URL}{report['id']}/"
    ok = api({"version": 1, **{**VALUES, "workers_on_duty": 140}}, url=url, method="put")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api({"version": 1, **{**VALUES, "workers_on_duty": 10}}, url=url, method="put")
    assert stale.status_code == 409 and stale.json()["version"] == 2
    # The server's version comes with the refusal, for the phone to show beside its own.
    assert stale.json()["current"]["workers_on_duty"] == 140 and stale.json()["current"]["version"] == 2
    patched = api({"version": 2, "open_positions": 45}, url=url, method="patch")
    assert patched.status_code == 200 and patched.json()["open_positions"] == 45
    assert DailyReport.objects.get().workers_on_duty == 140


def test_errors_speak_the_clients_language(api, roster):
    response = api(body(roster, capacity_percent=101), HTTP_ACCEPT_LANGUAGE="en")
    assert "less than or equal to 100" in response.json()["capacity_percent"][0]


def test_office_lists_reports_and_missing_ones_in_scope(client, api, roster, furong_office, tianxin_office,
                                                        django_assert_max_num_queries):
    api(body(roster))
    client.force_login(furong_office)
    with django_assert_max_num_queries(8):
        listed = client.get(URL, {"day": TODAY.isoformat()}).json()
    assert [r["enterprise_name"] for r in listed["results"]] == [roster.furong_enterprise.name]
    with django_assert_max_num_queries(8):
        missing = client.get(f"{URL}missing/").json()["results"]
    assert [(m["enterprise_name"], m["officer_phone"]) for m in missing] == [
        (roster.furong_enterprise_2.name, roster.officer.phone)]
    client.force_login(tianxin_office)
    assert client.get(URL).json()["results"] == []
    report_id = DailyReport.objects.get().pk
    assert client.get(f"{URL}{report_id}/").status_code == 404


def test_today_lists_what_is_still_to_file(client, api, roster, officer_user):
    api(body(roster))
    rows = client.get("/api/v1/my/today/").json()
    assert {(r["enterprise_name"], r["report"] is not None) for r in rows} == {
        (roster.furong_enterprise.name, True), (roster.furong_enterprise_2.name, False)}


def test_unchanged_through_the_api(api, roster, officer_user, file_report):
    from tests.reports.conftest import YESTERDAY, at

    file_report(day=YESTERDAY, now=at(YESTERDAY, 12), open_positions=77)
    response = api({"enterprise": roster.furong_enterprise.pk, "day": TODAY.isoformat()}, url=f"{URL}unchanged/",
                   key="tap-1")
    assert response.status_code == 201 and response.json()["open_positions"] == 77
    again = api({"enterprise": roster.furong_enterprise.pk, "day": TODAY.isoformat()}, url=f"{URL}unchanged/",
                key="tap-1")
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]
