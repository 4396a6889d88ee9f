"""The officer roster's filters (officers.filters.OfficerFilterSet) serve the roster page and /api/v1/officers/
alike: the same query string gives the same rows, a bad value is a form error on the page and a 400 on the API, and
no filter reaches an officer outside the user's scope."""

import pytest

from officers.models import Assignment, Officer
from tests.lists import export_refused, exported

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def page_rows(client, params) -> list[int]:
    response = client.get("/roster/officers/", params)
    assert response.status_code == 200
    return [officer.pk for officer in response.context["page"].object_list]


def api_rows(client, params) -> list[int]:
    response = client.get("/api/v1/officers/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_same_query_string_gives_the_same_rows_on_the_page_the_api_and_the_export(roster, regions,
                                                                                      changsha_office, client):
    client.force_login(changsha_office)
    for params in ({}, {"region": regions.furong.pk}, {"region": regions.tianxin.pk}, {"q": "王芳"},
                   {"status": "active"}, {"status": "recalled"}, {"region": regions.changsha.pk, "q": "陈"}):
        on_the_page = page_rows(client, params)
        assert on_the_page == api_rows(client, params), params
        sheet = exported(client, "/roster/officers/", params)
        assert sheet.column("电话") == list(Officer.objects.filter(pk__in=on_the_page).order_by("name", "id")
                                            .values_list("phone", flat=True)), params
    # Stationed in 天心区 by the city (dual management): the county's subtree finds the city's officer too.
    assert set(page_rows(client, {"region": regions.tianxin.pk})) == {roster.tianxin_officer.pk,
                                                                      roster.city_officer.pk}
    assert api_rows(client, {"search": "王芳"}) == api_rows(client, {"q": "王芳"}) == [roster.tianxin_officer.pk]


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "bogus"}, "status"),
    ({"region": "999999"}, "region"),
    ({"region": "furong"}, "region"),
])
def test_a_bad_value_is_a_form_error_on_the_page_and_a_400_on_the_api(params, field, roster, furong_office, client):
    client.force_login(furong_office)
    before = list(Officer.objects.order_by("pk").values_list("pk", "name", "status"))
    response = client.get("/roster/officers/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert page_rows(client, params) == page_rows(client, {})
    response = client.get("/api/v1/officers/", params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field] and "有效" in response.json()[field][0]
    assert "有效" in export_refused(client, "/roster/officers/", params)
    assert list(Officer.objects.order_by("pk").values_list("pk", "name", "status")) == before


def test_no_filter_reaches_an_officer_outside_the_users_scope(roster, regions, furong_office, client):
    client.force_login(furong_office)
    for params in ({}, {"q": "王芳"}, {"q": "赵强"}, {"status": "active"}, {"region": regions.furong.pk}):
        assert roster.tianxin_officer.pk not in page_rows(client, params), params
        assert roster.zhuzhou_officer.pk not in api_rows(client, params), params
    assert client.get("/api/v1/officers/", {"region": regions.tianxin.pk}).status_code == 400
    offered = client.get("/roster/officers/").context["form"].fields["region"].queryset
    assert regions.furong in offered and regions.tianxin not in offered


# Assignments: the roster page /roster/assignments/, its export and /api/v1/assignments/ ------------------------


def assignment_rows(client, params) -> list[int]:
    response = client.get("/api/v1/assignments/", params)
    assert response.status_code == 200, response.content
    on_the_api = [row["id"] for row in response.json()["results"]]
    response = client.get("/roster/assignments/", params)
    assert response.status_code == 200
    on_the_page = [assignment.pk for assignment in response.context["page"].object_list]
    assert on_the_page == on_the_api, params
    sheet = exported(client, "/roster/assignments/", params)
    expected = Assignment.objects.filter(pk__in=on_the_page).order_by("-start_date", "-id")
    assert sheet.column("企业") == [assignment.enterprise.name for assignment in expected], params
    assert sheet.column("联络员") == [assignment.officer.name for assignment in expected], params
    return on_the_page


def test_assignments_filter_by_officer_enterprise_region_activity_and_search(roster, regions, changsha_office,
                                                                            furong_office, client):
    client.force_login(changsha_office)
    everything = set(assignment_rows(client, {}))
    assert set(assignment_rows(client, {"officer": roster.officer.pk})) == set(
        Assignment.objects.filter(officer=roster.officer).values_list("pk", flat=True))
    by_enterprise = set(assignment_rows(client, {"enterprise": roster.tianxin_enterprise.pk}))
    assert roster.tianxin_assignment.pk in by_enterprise and roster.furong_assignment.pk not in by_enterprise
    assert set(assignment_rows(client, {"commanding_region": regions.tianxin.pk})) == by_enterprise
    assert set(assignment_rows(client, {"active": "true"})) == everything
    assert assignment_rows(client, {"active": "false"}) == []
    assert set(assignment_rows(client, {"q": roster.tianxin_enterprise.name})) == by_enterprise
    client.force_login(furong_office)
    for params in ({}, {"active": "true"}, {"commanding_region": regions.furong.pk}, {"q": "王芳"}):
        assert roster.tianxin_assignment.pk not in assignment_rows(client, params), params


def test_the_assignment_page_carries_officer_and_enterprise_from_a_link_without_listing_them(roster, furong_office,
                                                                                            client):
    client.force_login(furong_office)
    body = client.get("/roster/assignments/", {"officer": roster.officer.pk}).content.decode()
    assert f'type="hidden" name="officer" value="{roster.officer.pk}"' in body
    assert "<option" not in body.split('name="officer"')[1].split(">")[0]
    detail = client.get(f"/roster/officers/{roster.officer.pk}/").content.decode()
    assert f"/roster/assignments/?officer={roster.officer.pk}" in detail


@pytest.mark.parametrize("field", ["officer", "enterprise", "commanding_region", "active"])
def test_an_assignment_filter_outside_scope_or_bad_is_a_400(field, roster, regions, furong_office, client):
    client.force_login(furong_office)
    before = list(Assignment.objects.order_by("pk").values_list("pk", "end_date"))
    outside = {"officer": roster.tianxin_officer.pk, "enterprise": roster.tianxin_enterprise.pk,
               "commanding_region": regions.tianxin.pk, "active": "sometimes"}
    response = client.get("/api/v1/assignments/", {field: outside[field]}, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field] and "有效" in response.json()[field][0]
    response = client.get("/roster/assignments/", {field: outside[field]})
    assert list(response.context["form"].errors) == [field]
    assert roster.tianxin_assignment.pk not in [a.pk for a in response.context["page"].object_list]
    assert "有效" in export_refused(client, "/roster/assignments/", {field: outside[field]})
    assert list(Assignment.objects.order_by("pk").values_list("pk", "end_date")) == before


def test_an_officer_outside_scope_in_the_link_is_said_on_the_page(roster, furong_office, client):
    client.force_login(furong_office)
    body = client.get("/roster/assignments/", {"officer": roster.tianxin_officer.pk}).content.decode()
    assert '<p class="error">联络员: ' in body
