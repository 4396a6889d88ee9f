from enterprises.models import Enterprise
from tests import factories


def payload(in_region, **overrides):
    data = {"name": "长沙星城智能装备有限公司", "credit_code": factories.valid_credit_code("430102"),
            "region": in_region.pk, "industry": "equipment", "size_class": "above_designated", "is_key": True}
    data.update(overrides)
    return data


def test_office_creates_an_enterprise_through_the_api(furong_office, regions, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/enterprises/", payload(regions.furong), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["region_name"] == "芙蓉区"
    assert Enterprise.objects.get().is_key


def test_invalid_credit_code_gets_a_field_message_in_chinese(furong_office, regions, client):
    client.force_login(furong_office)
    bad_code = factories.wrong_check_char_code()
    response = client.post("/api/v1/enterprises/", payload(regions.furong, credit_code=bad_code),
                           content_type="application/json")
    assert response.status_code == 400
    assert "校验" in response.json()["credit_code"][0]
    assert not Enterprise.objects.exists()


def test_region_that_does_not_exist_gets_a_field_message(furong_office, regions, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/enterprises/", payload(regions.furong, region=987654),
                           content_type="application/json")
    assert response.status_code == 400
    assert "987654" in response.json()["region"][0]
    assert "不存在" in response.json()["region"][0]
    assert not Enterprise.objects.exists()


def test_region_outside_scope_reads_exactly_like_one_that_does_not_exist(furong_office, regions, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/enterprises/", payload(regions.tianxin), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["region"][0].replace(str(regions.tianxin.pk), "N") == (
        client.post("/api/v1/enterprises/", payload(regions.furong, region=987654), content_type="application/json")
        .json()["region"][0].replace("987654", "N")
    )
    assert not Enterprise.objects.exists()


def test_malformed_json_is_a_clear_400(furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/enterprises/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_api_list_query_count_does_not_grow_with_rows(changsha_office, regions, client,
                                                      django_assert_max_num_queries):
    for _ in range(30):
        factories.make_enterprise(regions.furong)
    client.force_login(changsha_office)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/enterprises/")
    assert response.json()["count"] == 30
