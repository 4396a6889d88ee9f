"""The two report lists each have one FilterSet (reports.filters) serving the page, the API and the export: the daily
reports (/reports/, /api/v1/reports/) and who has not reported (/reports/missing/, /api/v1/reports/missing/). The
same query string gives the same rows on all three, a bad value is a form error on the page, a 400 on the API and no
download, and no filter reaches a row outside the user's scope."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from officers.models import Assignment
from reports.models import DailyReport
from reports.services import report_submit
from tests import factories
from tests.lists import export_refused, exported

from .conftest import TODAY, VALUES, YESTERDAY, at

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
THREE_DAYS_AGO = TODAY - timedelta(days=3)
REPORTS, MISSING = "/reports/", "/reports/missing/"
REPORTS_API, MISSING_API = "/api/v1/reports/", "/api/v1/reports/missing/"


def file(assignment, day, hour=12):
    return report_submit(actor=assignment.officer.user, assignment=assignment, day=day, values=dict(VALUES),
                         now=at(day, hour))


@dataclass
class World:
    reports: dict
    zhou: object
    second_assignment: object


@pytest.fixture
def world(roster, regions) -> World:
    """Four furong reports (one late), one of the sibling county and one of the city's officer there; and a second
    furong officer, 周敏, who files nothing."""
    second = Assignment.objects.get(officer=roster.officer, enterprise=roster.furong_enterprise_2)
    zhou = factories.make_officer(regions.furong, username="officer-zhou", name="周敏")
    factories.make_assignment(zhou, factories.make_enterprise(regions.furong, "长沙芙蓉纺织有限公司"))
    city_assignment = Assignment.objects.get(officer=roster.city_officer)
    reports = {
        "today": file(roster.furong_assignment, TODAY),
        "late": file(second, YESTERDAY, hour=23),
        "yesterday": file(roster.furong_assignment, YESTERDAY),
        "old": file(second, THREE_DAYS_AGO),
        "tianxin": file(roster.tianxin_assignment, TODAY),
        "city": file(city_assignment, TODAY),
    }
    return World(reports={name: report.pk for name, report in reports.items()}, zhou=zhou, second_assignment=second)


def day_of(cell) -> str:
    return (cell.date() if isinstance(cell, datetime) else cell).isoformat()


# The daily reports: rows as (day, enterprise, officer), unique per report.

def report_page(client, params) -> list[tuple]:
    response = client.get(REPORTS, params)
    assert response.status_code == 200
    return [(r.day.isoformat(), r.enterprise.name, r.officer.name) for r in response.context["page"].object_list]


def report_api(client, params) -> list[tuple]:
    response = client.get(REPORTS_API, params)
    assert response.status_code == 200, response.content
    return [(r["day"], r["enterprise_name"], r["officer_name"]) for r in response.json()["results"]]


def report_export(client, params) -> list[tuple]:
    _caption, headers, rows = exported(client, REPORTS, params)
    day, enterprise, officer = (headers.index(name) for name in ("日期", "企业", "联络员"))
    return [(day_of(row[day]), row[enterprise], row[officer]) for row in rows]


def expected_reports(world, *names) -> list[tuple]:
    """The named reports in the lists' order: newest day first, then by enterprise (then by id)."""
    reports = DailyReport.objects.filter(pk__in=[world.reports[name] for name in names]).order_by("pk")
    rows = [(r.day.isoformat(), r.enterprise.name, r.officer.name) for r in reports]
    return sorted(sorted(rows, key=lambda row: row[1]), key=lambda row: row[0], reverse=True)


def test_the_same_query_string_gives_the_same_reports_on_the_page_the_api_and_the_export(world, roster, regions,
                                                                                         furong_office, client):
    client.force_login(furong_office)
    cases = [
        ({}, {"today", "late", "yesterday", "old"}),
        ({"day": TODAY.isoformat()}, {"today"}),
        ({"day_from": YESTERDAY.isoformat()}, {"today", "late", "yesterday"}),
        ({"day_to": YESTERDAY.isoformat()}, {"late", "yesterday", "old"}),
        ({"day_from": THREE_DAYS_AGO.isoformat(), "day_to": (TODAY - timedelta(days=2)).isoformat()}, {"old"}),
        ({"late": "true"}, {"late"}),
        ({"late": "false", "day_to": YESTERDAY.isoformat()}, {"yesterday", "old"}),
        ({"enterprise": roster.furong_enterprise_2.pk}, {"late", "old"}),
        ({"officer": roster.officer.pk, "day": YESTERDAY.isoformat()}, {"late", "yesterday"}),
        ({"region": regions.furong.pk}, {"today", "late", "yesterday", "old"}),
        ({"q": "湘江"}, {"late", "old"}),
        ({"q": "李明", "late": "true"}, {"late"}),
        ({"officer": world.zhou.pk}, set()),
    ]
    for params, expected in cases:
        on_the_page = report_page(client, params)
        assert on_the_page == expected_reports(world, *expected), params
        assert report_api(client, params) == on_the_page, params
        assert report_export(client, params) == on_the_page, params
    # The API's older name for the search, `search`, is the page's `q`.
    assert report_api(client, {"search": "湘江"}) == report_api(client, {"q": "湘江"})


def test_a_city_office_narrows_reports_to_one_county(world, roster, regions, changsha_office, client):
    client.force_login(changsha_office)
    params = {"region": regions.tianxin.pk}
    on_the_page = report_page(client, params)
    assert on_the_page == expected_reports(world, "tianxin", "city")
    assert report_api(client, params) == on_the_page == report_export(client, params)


@pytest.mark.parametrize(("params", "field"), [
    ({"day": "yesterday"}, "day"),
    ({"day_from": "2024-13-01"}, "day_from"),
    ({"day_from": TODAY.isoformat(), "day_to": YESTERDAY.isoformat()}, "day_to"),
    ({"late": "maybe"}, "late"),
    ({"region": "furong"}, "region"),
    ({"enterprise": "999999"}, "enterprise"),
    ({"officer": "li"}, "officer"),
])
def test_a_bad_report_filter_is_a_form_error_on_the_page_a_400_on_the_api_and_no_download(params, field, world,
                                                                                           roster, furong_office,
                                                                                           client):
    client.force_login(furong_office)
    response = client.get(REPORTS, params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert report_page(client, params) == report_page(client, {})  # the unfiltered rows, under the error

    response = client.get(REPORTS_API, params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    export_refused(client, REPORTS, params, **ZH)


def test_no_report_filter_reaches_a_report_outside_the_users_scope(world, roster, regions, furong_office, client):
    client.force_login(furong_office)
    outside = {roster.tianxin_enterprise.name}
    for params in ({}, {"q": "天心"}, {"day": TODAY.isoformat()}, {"late": "false"},
                   {"day_from": THREE_DAYS_AGO.isoformat()}, {"officer": roster.officer.pk}):
        for rows in (report_page(client, params), report_api(client, params), report_export(client, params)):
            assert not outside & {enterprise for _day, enterprise, _officer in rows}, params
    # The sibling county, its enterprise and its officer are not choices: an error, not their reports.
    for params, field in (({"region": regions.tianxin.pk}, "region"),
                          ({"enterprise": roster.tianxin_enterprise.pk}, "enterprise"),
                          ({"officer": roster.tianxin_officer.pk}, "officer")):
        response = client.get(REPORTS_API, params)
        assert response.status_code == 400 and field in response.json()
        assert field in client.get(REPORTS, params).context["form"].errors
        assert roster.tianxin_enterprise.name not in "".join(map(str, report_page(client, params)))
        export_refused(client, REPORTS, params, **ZH)


def test_the_reports_page_links_each_report_and_offers_no_select_of_enterprises_or_officers(world, roster,
                                                                                            furong_office, client):
    client.force_login(furong_office)
    body = client.get(REPORTS).content.decode()
    assert f'href="/reports/{world.reports["today"]}/"' in body
    assert 'type="hidden" name="enterprise"' in body and 'type="hidden" name="officer"' in body
    assert 'name="q"' in body and 'name="search"' not in body
    assert "<option" in body.split('name="region"')[1]  # the regions are a select, the user's own
    body = client.get(REPORTS, {"enterprise": roster.furong_enterprise_2.pk}).content.decode()
    # The page says whose reports these are, with a link that drops the narrowing.
    assert roster.furong_enterprise_2.name in body.split('class="narrowed"')[1].split("</p>")[0]


def test_the_reports_page_is_for_offices(world, officer_user, client):
    client.force_login(officer_user)
    assert client.get(REPORTS).status_code == 404
    assert client.get(REPORTS, {"xlsx": "1"}).status_code == 404


def test_the_reports_pages_query_count_does_not_grow_with_its_rows(world, roster, regions, furong_office, client,
                                                                   django_assert_num_queries):
    client.force_login(furong_office)
    narrowed = {"enterprise": roster.furong_enterprise_2.pk, "late": "false"}
    # session, user, posts, the region select, the count, the rows, the header's unread-notices badge; and the
    # chosen enterprise when there is one
    with django_assert_num_queries(7):
        assert len(report_page(client, {})) == 4
    with django_assert_num_queries(8):
        assert len(report_page(client, narrowed)) == 1
    file(world.second_assignment, TODAY)
    for _ in range(6):
        enterprise = factories.make_enterprise(regions.furong)
        file(factories.make_assignment(factories.make_officer(regions.furong), enterprise), TODAY)
    with django_assert_num_queries(7):
        assert len(report_page(client, {})) == 11
    with django_assert_num_queries(8):
        assert len(report_page(client, narrowed)) == 2


# Who has not reported: rows as (officer, enterprise).

def missing_page(client, params) -> list[tuple]:
    response = client.get(MISSING, params)
    assert response.status_code == 200
    return [(a.officer.name, a.enterprise.name) for a in response.context["page"].object_list]


def missing_api(client, params) -> list[tuple]:
    response = client.get(MISSING_API, params)
    assert response.status_code == 200, response.content
    return [(r["officer_name"], r["enterprise_name"]) for r in response.json()["results"]]


def missing_export(client, params) -> list[tuple]:
    _caption, headers, rows = exported(client, MISSING, params)
    officer, enterprise = headers.index("联络员"), headers.index("企业")
    return [(row[officer], row[enterprise]) for row in rows]


def test_the_same_query_string_gives_the_same_missing_reporters_on_the_page_the_api_and_the_export(
        world, roster, regions, furong_office, client):
    client.force_login(furong_office)
    li_second = (roster.officer.name, roster.furong_enterprise_2.name)
    zhou = ("周敏", "长沙芙蓉纺织有限公司")
    li_first = (roster.officer.name, roster.furong_enterprise.name)
    cases = [
        ({}, [zhou, li_second]),
        ({"day": TODAY.isoformat()}, [zhou, li_second]),
        ({"day": YESTERDAY.isoformat()}, [zhou]),
        ({"day": (TODAY - timedelta(days=2)).isoformat()}, [zhou, li_second, li_first]),
        ({"q": "湘江"}, [li_second]),
        ({"q": "周敏", "day": YESTERDAY.isoformat()}, [zhou]),
        ({"q": world.zhou.phone}, [zhou]),
        ({"region": regions.furong.pk}, [zhou, li_second]),
        ({"day": YESTERDAY.isoformat(), "q": "湘江"}, []),
    ]
    for params, expected in cases:  # in the page's order: region, officer, enterprise
        on_the_page = missing_page(client, params)
        assert on_the_page == expected, params
        assert missing_api(client, params) == on_the_page, params
        assert missing_export(client, params) == on_the_page, params
    assert missing_api(client, {"search": "湘江"}) == [li_second]


def test_the_missing_reporters_sheet_says_the_day_and_who_to_call(world, roster, furong_office, client):
    client.force_login(furong_office)
    caption, headers, rows = exported(client, MISSING, {"day": YESTERDAY.isoformat()})
    assert headers == ["日期", "联络员", "电话", "企业", "地区", "派出单位"]
    assert rows == [[rows[0][0], "周敏", world.zhou.phone, "长沙芙蓉纺织有限公司", "芙蓉区",
                     world.zhou.backing_unit.name]]
    assert day_of(rows[0][0]) == YESTERDAY.isoformat()
    assert YESTERDAY.isoformat() in caption[0]
    # With no day chosen the rows still say which day they are for.
    _caption, _headers, rows = exported(client, MISSING, {})
    assert {day_of(row[0]) for row in rows} == {TODAY.isoformat()}


def test_a_city_office_narrows_missing_reporters_to_one_county(world, roster, regions, changsha_office, client):
    client.force_login(changsha_office)
    params = {"region": regions.tianxin.pk, "day": YESTERDAY.isoformat()}
    on_the_page = missing_page(client, params)
    assert set(on_the_page) == {(roster.tianxin_officer.name, roster.tianxin_enterprise.name),
                                (roster.city_officer.name, roster.tianxin_enterprise.name)}
    assert missing_api(client, params) == on_the_page == missing_export(client, params)
    body = client.get(MISSING, params).content.decode()
    assert "天心区" in body.split("</h1>")[0]  # the heading names the region, as the dashboard's link expects


@pytest.mark.parametrize(("params", "field"), [
    ({"day": "bogus"}, "day"),
    ({"day": (TODAY + timedelta(days=1)).isoformat()}, "day"),
    ({"region": "furong"}, "region"),
    ({"region": "999999"}, "region"),
])
def test_a_bad_missing_filter_is_a_form_error_on_the_page_a_400_on_the_api_and_no_download(params, field, world,
                                                                                           furong_office, client):
    client.force_login(furong_office)
    response = client.get(MISSING, params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert response.context["day"] == TODAY  # today's rows and counts under the error
    assert missing_page(client, params) == missing_page(client, {})

    response = client.get(MISSING_API, params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    export_refused(client, MISSING, params, **ZH)


def test_no_missing_filter_reaches_an_assignment_outside_the_users_scope(world, roster, regions, furong_office,
                                                                         client):
    client.force_login(furong_office)
    outside = {roster.tianxin_officer.name, roster.city_officer.name, roster.zhuzhou_officer.name}
    for params in ({}, {"q": "王芳"}, {"q": "天心"}, {"day": YESTERDAY.isoformat()},
                   {"day": (TODAY - timedelta(days=2)).isoformat()}):
        for rows in (missing_page(client, params), missing_api(client, params), missing_export(client, params)):
            assert not outside & {officer for officer, _enterprise in rows}, params
    sibling = {"region": regions.tianxin.pk}
    assert "region" in client.get(MISSING_API, sibling).json()
    assert "region" in client.get(MISSING, sibling).context["form"].errors
    export_refused(client, MISSING, sibling, **ZH)


def test_the_missing_page_keeps_its_call_links_counts_and_query_count(world, roster, regions, furong_office,
                                                                     client, django_assert_num_queries):
    client.force_login(furong_office)
    # session, user, posts, the region select, the counts, the count of rows, the rows, the unread-notices badge
    with django_assert_num_queries(8):
        body = client.get(MISSING).content.decode()
    assert f'href="tel:{world.zhou.phone}"' in body
    assert f'href="/roster/officers/{world.zhou.pk}/"' in body
    assert 'href="/reports/exemptions/"' in body
    counts = client.get(MISSING).context["counts"]
    assert (counts["expected"], counts["filed"], counts["missing"]) == (3, 1, 2)
    for _ in range(5):
        factories.make_assignment(factories.make_officer(regions.furong), factories.make_enterprise(regions.furong))
    with django_assert_num_queries(8):
        assert len(missing_page(client, {})) == 7


def test_officers_get_neither_the_missing_list_nor_its_export(world, officer_user, client):
    client.force_login(officer_user)
    assert client.get(MISSING).status_code == 404
    assert client.get(MISSING, {"xlsx": "1"}).status_code == 404
    assert client.get(MISSING_API).status_code == 404


def test_the_api_schema_documents_both_lists_filters(furong_office, client):
    client.force_login(furong_office)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def parameters(path):
        return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}

    reports = parameters(REPORTS_API)
    assert {"q", "search", "day", "day_from", "day_to", "region", "enterprise", "officer", "late", "page"} <= set(
        reports)
    assert reports["late"]["type"] == "boolean" and reports["enterprise"]["type"] == "integer"
    assert reports["day_from"]["format"] == "date"
    missing = parameters(MISSING_API)
    assert set(missing) == {"day", "region", "q", "search", "page"}
    assert missing["day"]["format"] == "date" and missing["region"]["type"] == "integer"
