"""The officer's phone pages and the office's missing-reports page."""

import re
from datetime import timedelta

from reports.models import DailyReport
from tests.reports.conftest import TODAY, VALUES, YESTERDAY, at

FORM_URL = "/reports/file/{pk}/{day}/"


def form_data(page_body: str, **changes) -> dict:
    token = re.search(r'name="token" value="([0-9a-f]+)"', page_body).group(1)
    data = {key: value for key, value in VALUES.items() if not isinstance(value, bool)}
    data.update({key: "on" for key, value in VALUES.items() if value is True})
    data.update({"token": token, "difficulty-TOTAL_FORMS": "2", "difficulty-INITIAL_FORMS": "0",
                 "difficulty-MIN_NUM_FORMS": "0", "difficulty-MAX_NUM_FORMS": "5"})
    data.update(changes)
    return data


def test_officer_sees_their_enterprises_side_by_side_with_what_is_due(officer_user, roster, client,
                                                                       django_assert_max_num_queries, file_report):
    file_report()
    client.force_login(officer_user)
    with django_assert_max_num_queries(10):
        body = client.get("/").content.decode()
    assert roster.furong_enterprise.name in body and roster.furong_enterprise_2.name in body
    assert "还有 1 份日报待填报" in body


def test_first_report_through_the_form_then_one_tap_the_next_day(officer_user, roster, client, file_report):
    client.force_login(officer_user)
    url = FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())
    page = client.get(url).content.decode()
    response = client.post(url, form_data(page, **{"difficulty-0-category": "labour",
                                                   "difficulty-0-description": "缺少熟练焊工20名"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    report = DailyReport.objects.get()
    assert report.workers_on_duty == VALUES["workers_on_duty"]
    assert [p.description for p in report.problems.all()] == ["缺少熟练焊工20名"]

    # The next day the form comes prefilled with yesterday's figures, and "unchanged" is one tap.
    DailyReport.objects.filter(pk=report.pk).update(day=YESTERDAY)
    page = client.get(url).content.decode()
    assert f'value="{VALUES["workers_on_duty"]}"' in page
    home = client.get("/").content.decode()
    token = re.search(r'unchanged/">.*?name="token" value="([0-9a-f]+)"', home, re.S).group(1)
    response = client.post(f"/reports/file/{roster.furong_assignment.pk}/{TODAY.isoformat()}/unchanged/",
                           {"token": token})
    assert response.status_code == 302
    assert DailyReport.objects.filter(day=TODAY).count() == 1


def test_double_submission_of_the_form_makes_one_report(officer_user, roster, client):
    client.force_login(officer_user)
    url = FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())
    data = form_data(client.get(url).content.decode(), **{"difficulty-0-category": "funding",
                                                          "difficulty-0-description": "流动资金缺口300万元"})
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    report = DailyReport.objects.get()
    assert report.problems.count() == 1


def test_stale_edit_shows_a_conflict_message_and_keeps_the_first_edit(officer_user, roster, client, file_report):
    file_report()
    client.force_login(officer_user)
    url = FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())
    first_tab = client.get(url).content.decode()
    second_tab = client.get(url).content.decode()
    assert client.post(url, form_data(first_tab, workers_on_duty=130, version=1)).status_code == 302
    response = client.post(url, form_data(second_tab, workers_on_duty=99, version=1))
    assert response.status_code == 409
    assert "另一台设备" in response.content.decode()
    assert DailyReport.objects.get().workers_on_duty == 130


def test_bad_numbers_get_field_messages_and_nothing_is_saved(officer_user, roster, client):
    client.force_login(officer_user)
    url = FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())
    page = client.get(url).content.decode()
    response = client.post(url, form_data(page, capacity_percent=130, workers_on_duty=-5, masks_days="很多"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "100" in body and "0" in body and "整数" in body
    assert not DailyReport.objects.exists()


def test_another_officers_form_is_a_404(roster, client):
    client.force_login(roster.tianxin_officer.user)
    url = FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_a_closed_days_form_redirects_to_the_read_only_report(officer_user, roster, client, file_report):
    three_days_ago = TODAY - timedelta(days=3)
    report = file_report(day=three_days_ago, now=at(three_days_ago, 12))
    client.force_login(officer_user)
    response = client.get(FORM_URL.format(pk=roster.furong_assignment.pk, day=three_days_ago.isoformat()))
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    response = client.post(FORM_URL.format(pk=roster.furong_assignment.pk, day=three_days_ago.isoformat()), {})
    assert response.status_code == 302
    assert DailyReport.objects.get().version == 1


def test_office_sees_missing_reports_with_phone_numbers(furong_office, tianxin_office, roster, client, file_report,
                                                       django_assert_max_num_queries):
    file_report()
    client.force_login(furong_office)
    with django_assert_max_num_queries(10):
        body = client.get("/reports/missing/").content.decode()
    assert roster.furong_enterprise_2.name in body and roster.officer.phone in body
    assert roster.furong_enterprise.name not in body.split("<tbody>")[1]
    client.force_login(tianxin_office)
    body = client.get("/reports/missing/").content.decode()
    assert roster.furong_enterprise_2.name not in body


def test_missing_reports_of_a_past_day(furong_office, roster, client):
    client.force_login(furong_office)
    body = client.get("/reports/missing/", {"day": YESTERDAY.isoformat()}).content.decode()
    assert roster.furong_enterprise.name in body and YESTERDAY.isoformat() in body


def test_officers_cannot_open_the_missing_reports_page(officer_user, roster, client):
    client.force_login(officer_user)
    assert client.get("/reports/missing/").status_code == 404


def test_report_detail_is_scoped(furong_office, tianxin_office, changsha_office, roster, client, file_report):
    report = file_report()
    for user, expected in ((furong_office, 200), (changsha_office, 200), (tianxin_office, 404)):
        client.force_login(user)
        assert client.get(f"/reports/{report.pk}/").status_code == expected


def test_report_form_query_count_is_fixed(officer_user, roster, client, file_report, django_assert_max_num_queries):
    file_report(day=YESTERDAY, now=at(YESTERDAY, 12))
    client.force_login(officer_user)
    url = FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    with django_assert_max_num_queries(30):
        assert client.post(url, form_data(page)).status_code == 302


def test_office_records_an_exemption_and_the_report_is_no_longer_expected(furong_office, roster, client):
    client.force_login(furong_office)
    response = client.post("/reports/exemptions/", {
        "kind": "not_reopened", "enterprise": roster.furong_enterprise_2.pk,
        "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(), "note": "停产检修"})
    assert response.status_code == 302
    body = client.get("/reports/missing/").content.decode()
    assert roster.furong_enterprise_2.name not in body.split("<tbody>")[1]
    assert "停产检修" in client.get("/reports/exemptions/").content.decode()


def test_exemption_form_refuses_bad_input_and_other_regions(furong_office, roster, client):
    from reports.models import ReportExemption

    client.force_login(furong_office)
    response = client.post("/reports/exemptions/", {
        "kind": "enterprise_shut", "start_date": TODAY.isoformat(), "end_date": YESTERDAY.isoformat()})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择停产或未复工的企业" in body and "结束日期不能早于开始日期" in body
    response = client.post("/reports/exemptions/", {
        "kind": "enterprise_shut", "enterprise": roster.tianxin_enterprise.pk,
        "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()})
    assert response.status_code == 400
    assert not ReportExemption.objects.exists()


def test_officers_cannot_open_the_exemptions_page(officer_user, roster, client):
    client.force_login(officer_user)
    assert client.get("/reports/exemptions/").status_code == 404
