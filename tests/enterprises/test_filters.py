"""The enterprise roster's filters (enterprises.filters.EnterpriseFilterSet) serve the roster page and
/api/v1/enterprises/ alike: the same query string gives the same rows, a bad value is a form error on the page and a
400 on the API, and no filter reaches an enterprise outside the user's scope."""

import pytest

from enterprises.models import Enterprise
from tests import factories
from tests.lists import export_refused, exported

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def key_project(regions, roster):
    return factories.make_enterprise(regions.furong, "芙蓉重点项目", kind="project", is_key=True)


def page_rows(client, params) -> list[int]:
    response = client.get("/roster/enterprises/", params)
    assert response.status_code == 200
    return [enterprise.pk for enterprise in response.context["page"].object_list]


def api_rows(client, params) -> list[int]:
    response = client.get("/api/v1/enterprises/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_same_query_string_gives_the_same_rows_on_the_page_the_api_and_the_export(key_project, roster, regions,
                                                                           changsha_office, client):
    client.force_login(changsha_office)
    cases = [
        ({}, {roster.furong_enterprise, roster.furong_enterprise_2, roster.tianxin_enterprise, key_project}),
        ({"region": regions.furong.pk}, {roster.furong_enterprise, roster.furong_enterprise_2, key_project}),
        ({"region": regions.tianxin.pk, "q": "天心"}, {roster.tianxin_enterprise}),
        ({"q": "湘江"}, {roster.furong_enterprise_2}),
        ({"kind": "project"}, {key_project}),
        ({"is_key": "true"}, {key_project}),
        ({"is_key": "false", "region": regions.furong.pk}, {roster.furong_enterprise, roster.furong_enterprise_2}),
    ]
    for params, expected in cases:
        on_the_page = page_rows(client, params)
        assert on_the_page == api_rows(client, params), params
        assert set(on_the_page) == {enterprise.pk for enterprise in expected}, params
        sheet = exported(client, "/roster/enterprises/", params)
        names = dict(Enterprise.objects.filter(pk__in=on_the_page).values_list("pk", "name"))
        assert sheet.column("名称") == [names[pk] for pk in on_the_page], params
    kind = exported(client, "/roster/enterprises/", {"kind": "project", "region": regions.furong.pk})
    assert kind.caption[0] == "筛选条件：地区：芙蓉区；类型：重点项目"
    assert api_rows(client, {"search": "湘江"}) == [roster.furong_enterprise_2.pk]  # the API's name for q


@pytest.mark.parametrize(("params", "field"), [
    ({"kind": "bogus"}, "kind"),
    ({"industry": "mining-on-the-moon"}, "industry"),
    ({"region": "999999"}, "region"),
    ({"is_key": "perhaps"}, "is_key"),
])
def test_a_bad_value_is_a_form_error_on_the_page_and_a_400_on_the_api(params, field, roster, furong_office, client):
    client.force_login(furong_office)
    before = list(Enterprise.objects.order_by("pk").values_list("pk", "name", "region_id"))
    response = client.get("/roster/enterprises/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert set(page_rows(client, params)) == {roster.furong_enterprise.pk, roster.furong_enterprise_2.pk}
    response = client.get("/api/v1/enterprises/", params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field] and "有效" in response.json()[field][0]
    assert "有效" in export_refused(client, "/roster/enterprises/", params)
    assert list(Enterprise.objects.order_by("pk").values_list("pk", "name", "region_id")) == before


def test_no_filter_reaches_an_enterprise_outside_the_users_scope(roster, regions, furong_office, client):
    client.force_login(furong_office)
    for params in ({}, {"q": "天心"}, {"q": "株洲"}, {"kind": "enterprise"}, {"is_key": "false"}):
        assert roster.tianxin_enterprise.pk not in page_rows(client, params), params
        assert roster.tianxin_enterprise.pk not in api_rows(client, params), params
    # A sibling county or the city above is not a choice: an error, not their enterprises.
    for region in (regions.tianxin, regions.changsha):
        assert client.get("/api/v1/enterprises/", {"region": region.pk}).status_code == 400
        assert roster.tianxin_enterprise.pk not in page_rows(client, {"region": region.pk})
    offered = client.get("/roster/enterprises/").context["form"].fields["region"].queryset
    assert regions.furong in offered and regions.tianxin not in offered


def test_the_api_schema_documents_the_rosters_filters(furong_office, client):
    client.force_login(furong_office)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/enterprises/"]["get"]["parameters"]}
    assert {"q", "search", "region", "kind", "industry", "size_class", "is_key", "page"} <= set(parameters)
    assert parameters["region"]["type"] == "integer" and parameters["is_key"]["type"] == "boolean"
