"""The dashboard shows the summary rows' figures, and every number opens the rows behind it, with the same count."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from dashboards.figures import FIGURES, figure_url
from tests import factories

from .conftest import TODAY, YESTERDAY, summary


def figures_on(response) -> dict:
    return {figure.spec.key: figure for _group, figures in response.context["groups"] for figure in figures}


def query_of(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_it_shows_the_summary_figures_of_the_day_and_the_change_since_yesterday(world, regions, furong_office,
                                                                                 client):
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    assert response.status_code == 200
    today, yesterday = summary(regions.furong), summary(regions.furong, YESTERDAY)
    shown = figures_on(response)
    for spec in FIGURES:
        assert shown[spec.key].value == getattr(today, spec.key), spec.key
        assert shown[spec.key].previous == getattr(yesterday, spec.key), spec.key
    # 芙蓉区: two reports due today, one filed; yesterday both were filed.
    assert (today.reports_expected, today.reports_filed, today.reports_missing) == (2, 1, 1)
    assert shown["reporting_rate"].value == 50.0 and shown["reporting_rate"].change == -50.0
    assert shown["reports_missing"].trend == "bad"
    body = response.content.decode()
    assert "截至" in body  # how fresh: "截至 HH:MM" from computed_at


def test_the_default_dashboard_is_the_users_own_region(world, regions, furong_office, changsha_office, client):
    client.force_login(furong_office)
    assert client.get("/dashboard/").context["region"] == regions.furong
    client.force_login(changsha_office)
    assert client.get("/dashboard/").context["region"] == regions.changsha


def test_the_day_picker_shows_a_past_day_and_never_the_future(world, regions, furong_office, client):
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/?day={YESTERDAY.isoformat()}")
    assert response.context["day"] == YESTERDAY
    assert figures_on(response)["reports_filed"].value == summary(regions.furong, YESTERDAY).reports_filed == 2
    future = (TODAY + timedelta(days=3)).isoformat()
    assert client.get(f"/dashboard/{regions.furong.pk}/?day={future}").context["day"] == TODAY
    assert client.get(f"/dashboard/{regions.furong.pk}/?day=not-a-day").context["day"] == TODAY


def test_every_headline_number_links_to_the_rows_behind_it_with_the_same_count(world, regions, furong_office,
                                                                                client):
    client.force_login(furong_office)
    today = summary(regions.furong)
    day = TODAY.isoformat()
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    shown = figures_on(response)
    body = response.content.decode()
    for figure in shown.values():
        assert f'href="{figure.url.replace("&", "&amp;")}"' in body, figure.spec.key

    path, query = query_of(shown["reports_missing"].url)
    assert (path, query) == ("/reports/missing/", {"day": day, "region": str(regions.furong.pk)})
    missing = client.get(shown["reports_missing"].url).context["page"].paginator.count
    assert missing == today.reports_missing == 1

    for key, status in (("reports_expected", "expected"), ("reports_filed", "filed"), ("reports_late", "late")):
        path, query = query_of(shown[key].url)
        assert path == f"/dashboard/{regions.furong.pk}/reports/" and query == {"day": day, "status": status}
        assert client.get(shown[key].url).context["page"].paginator.count == getattr(today, key), key

    for key, show in (("enterprises_stationed", "stationed"), ("enterprises_resumed", "resumed"),
                      ("enterprises_short_of_masks", "short_of_masks")):
        assert query_of(shown[key].url)[1] == {"day": day, "show": show}
        assert client.get(shown[key].url).context["totals"]["count"] == getattr(today, key), key
    totals = client.get(shown["workers_on_duty"].url).context["totals"]
    assert totals["workers_on_duty"] == today.workers_on_duty == 120
    assert client.get(shown["open_positions"].url).context["totals"]["open_positions"] == today.open_positions

    for key, show in (("problems_new", "new"), ("problems_open", "open"), ("problems_overdue", "overdue"),
                      ("problems_escalated", "escalated"), ("problems_resolved", "resolved")):
        path, query = query_of(shown[key].url)
        assert path == f"/dashboard/{regions.furong.pk}/problems/" and query == {"day": day, "show": show}
        assert client.get(shown[key].url).context["page"].paginator.count == getattr(today, key), key
    assert today.problems_overdue == 1

    for key in ("visits_logged", "enterprises_visited"):
        path, query = query_of(shown[key].url)
        assert (path, query) == ("/branches/compliance/", {"week": day, "region": str(regions.furong.pk)})
        compliance = client.get(shown[key].url)
        assert compliance.status_code == 200 and compliance.context["region"] == regions.furong


def test_a_city_sees_its_counties_each_linking_one_level_down(world, regions, changsha_office, client):
    client.force_login(changsha_office)
    response = client.get(f"/dashboard/{regions.changsha.pk}/")
    rows = {row.region.name: row for row in response.context["children"]}
    assert {"芙蓉区", "天心区", "岳麓区"} <= set(rows)
    assert rows["天心区"].summary == summary(regions.tianxin)
    assert rows["天心区"].summary.reports_late == 1
    body = response.content.decode()
    assert f'href="/dashboard/{regions.tianxin.pk}/?day={TODAY.isoformat()}"' in body
    assert figure_url("reports_missing", region=regions.furong, day=TODAY).replace("&", "&amp;") in body
    chart = response.context["chart"]
    assert {"name": "天心区", "rate": 100.0, "missing": 0,
            "url": f"/dashboard/{regions.tianxin.pk}/?day={TODAY.isoformat()}"} in chart["children"]
    assert response.context["enterprises"] is None  # a city lists counties, not enterprises


def test_a_county_lists_its_enterprises_with_their_report_status(world, regions, roster, furong_office, client):
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    enterprises = {e.name: e for e in response.context["enterprises"]}
    filed, missing = enterprises[roster.furong_enterprise.name], enterprises[roster.furong_enterprise_2.name]
    assert (filed.reports_expected, filed.reports_filed, filed.workers_on_duty) == (1, 1, 120)
    assert (missing.reports_expected, missing.reports_filed, missing.workers_on_duty) == (1, 0, None)
    body = response.content.decode()
    assert reverse("enterprise-detail", args=[roster.furong_enterprise.pk]) in body
    assert "未报" in body and "已填报" in body


def test_a_task_force_enterprise_counts_its_largest_figure(world, regions, roster, tianxin_office, client):
    client.force_login(tianxin_office)
    response = client.get(f"/dashboard/{regions.tianxin.pk}/enterprises/?show=reporting")
    (row,) = response.context["page"]
    assert (row.reports_expected, row.reports_filed, row.reports_late, row.workers_on_duty) == (2, 2, 1, 90)
    assert response.context["totals"]["workers_on_duty"] == summary(regions.tianxin).workers_on_duty == 90


def test_missing_reporters_are_listed_with_their_phones_and_the_full_list_link(world, regions, roster, furong_office,
                                                                               client):
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    assert [a.pk for a in response.context["missing"]] == [world.furong_missing_assignment.pk]
    body = response.content.decode()
    assert f'href="tel:{roster.officer.phone}"' in body
    assert f"/reports/missing/?day={TODAY.isoformat()}&amp;region={regions.furong.pk}" in body


def test_overdue_problems_are_counted_by_department_and_link_to_them(world, regions, changsha_office, client):
    client.force_login(changsha_office)
    response = client.get(f"/dashboard/{regions.changsha.pk}/")
    assert [(row["department__name"], row["count"]) for row in response.context["departments"]] == [("芙蓉区税务局", 1)]
    link = (f"/dashboard/{regions.changsha.pk}/problems/?day={TODAY.isoformat()}&amp;show=overdue"
            f"&amp;department={world.tax_bureau.pk}")
    assert link in response.content.decode()
    rows = client.get(link.replace("&amp;", "&")).context["page"]
    assert [problem.pk for problem in rows] == [world.overdue_problem.pk]


def test_open_positions_by_industry_come_from_the_summary_rows(world, regions, roster, furong_office,
                                                               province_office, client):
    client.force_login(furong_office)
    industries = client.get(f"/dashboard/{regions.furong.pk}/").context["industries"]
    code = roster.furong_enterprise.industry
    assert [(row[0], row[2]) for row in industries] == [(code, 30)]
    assert summary(regions.furong).open_positions_by_industry == {code: 30}
    rows = client.get(f"/dashboard/{regions.furong.pk}/enterprises/?show=hiring&industry={code}")
    assert [e.pk for e in rows.context["page"]] == [roster.furong_enterprise.pk]
    client.force_login(province_office)
    industries = client.get(f"/dashboard/{regions.province.pk}/").context["industries"]
    assert sum(count for _code, _label, count in industries) == summary(regions.province).open_positions


def test_shuttle_totals_count_the_subtree_up_to_the_day(world, regions, roster, furong_office, changsha_office,
                                                        client):
    from dashboards.services import shuttle_trip_log

    for day, workers in ((YESTERDAY, 40), (TODAY, 35)):
        shuttle_trip_log(actor=furong_office, day=day, route_from="桂阳县", route_to="芙蓉区", region=regions.furong,
                         enterprises=[roster.furong_enterprise], workers_carried=workers)
    client.force_login(changsha_office)
    shuttles = client.get(f"/dashboard/{regions.changsha.pk}/").context["shuttles"]
    assert shuttles == {"trips": 2, "workers": 75, "trips_today": 1, "workers_today": 35}
    earlier = client.get(f"/dashboard/{regions.changsha.pk}/?day={YESTERDAY.isoformat()}").context["shuttles"]
    assert (earlier["trips"], earlier["workers"]) == (1, 40)


def test_a_day_not_computed_yet_says_so(regions, furong_office, client):
    client.force_login(furong_office)
    response = client.get(f"/dashboard/{regions.furong.pk}/")
    assert response.status_code == 200
    assert response.context["current"] is None
    assert "尚未汇总" in response.content.decode()


def test_an_officer_has_no_dashboard(world, regions, officer_user, client):
    client.force_login(officer_user)
    assert client.get("/dashboard/").status_code == 404
    assert client.get(f"/dashboard/{regions.furong.pk}/").status_code == 404


def test_the_nav_links_offices_to_their_dashboard(regions, furong_office, client):
    client.force_login(furong_office)
    assert 'href="/dashboard/"' in client.get("/").content.decode()
    client.force_login(factories.make_user("nobody"))
    assert 'href="/dashboard/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("figure, name, value", [("reports", "status", "filedd"), ("enterprises", "show", "sleeping"),
                                                 ("enterprises", "industry", "mining-on-mars"),
                                                 ("problems", "show", "everything")])
def test_a_figure_selector_with_a_bad_value_says_so_and_gives_no_other_rows(regions, furong_office, client, figure,
                                                                            name, value):
    client.force_login(furong_office)
    url = f"/dashboard/{regions.furong.pk}/{figure}/"
    assert client.get(url).status_code == 200
    for params in ({name: value}, {name: value, "xlsx": "1"}):
        response = client.get(url, params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")  # the page that says why, never a sheet
        page = response.content.decode()
        assert f"“{value}”" in page and name in page
