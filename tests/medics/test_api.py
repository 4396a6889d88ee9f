"""The medics API: scoped lists and details, creating a coverage under the same rules as the page."""

from django.utils import timezone

from medics.models import MedicCoverage

TODAY = timezone.localdate


def test_medics_and_coverages_are_listed_in_scope(medic, tianxin_medic, stationed, cover, furong_office,
                                                  tianxin_office, client):
    coverage = cover(medic, stationed(2)[0])
    client.force_login(furong_office)
    rows = client.get("/api/v1/medics/").json()["results"]
    assert [(row["name"], row["small_count"]) for row in rows] == [("刘医生", 1)]
    assert [row["id"] for row in client.get("/api/v1/medic-coverages/").json()["results"]] == [coverage.pk]
    client.force_login(tianxin_office)
    assert [row["name"] for row in client.get("/api/v1/medics/").json()["results"]] == ["周护士"]
    assert client.get(f"/api/v1/medics/{medic.pk}/").status_code == 404
    assert client.get(f"/api/v1/medic-coverages/{coverage.pk}/").status_code == 404


def test_an_office_creates_a_coverage(medic, stationed, furong_office, client):
    enterprise = stationed(1)[0]
    client.force_login(furong_office)
    response = client.post("/api/v1/medic-coverages/", {
        "medic": medic.pk, "enterprise": enterprise.pk, "start_date": TODAY().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["enterprise_name"] == enterprise.name


def test_the_sixth_small_enterprise_gets_a_chinese_field_message(medic, stationed, cover, furong_office, client):
    enterprises = stationed(6)
    for enterprise in enterprises[:5]:
        cover(medic, enterprise)
    client.force_login(furong_office)
    response = client.post("/api/v1/medic-coverages/", {
        "medic": medic.pk, "enterprise": enterprises[5].pk, "start_date": TODAY().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 400
    assert "刘医生" in response.json()["medic"][0] and "5" in response.json()["medic"][0]
    assert MedicCoverage.objects.filter(medic=medic).count() == 5


def test_a_medic_or_enterprise_outside_scope_cannot_be_named(medic, tianxin_medic, stationed, regions,
                                                             furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/medic-coverages/", {
        "medic": tianxin_medic.pk, "enterprise": stationed(1)[0].pk, "start_date": TODAY().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 400 and "medic" in response.json()
    response = client.post("/api/v1/medic-coverages/", {
        "medic": medic.pk, "enterprise": stationed(1, region=regions.tianxin)[0].pk,
        "start_date": TODAY().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 400 and "enterprise" in response.json()
    assert not MedicCoverage.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client, admin_user):
    client.force_login(admin_user)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/medics/" in paths and "post" in paths["/api/v1/medic-coverages/"]


def test_the_coverage_list_keeps_a_fixed_query_count(medic, furong_hospital, stationed, cover, furong_office, client,
                                                    django_assert_max_num_queries):
    from medics.services import medic_create

    def grow(count):
        for number in range(count):
            other = medic_create(actor=furong_office, institution=furong_hospital, name=f"医生{number}",
                                 phone="13800000000")
            cover(other, stationed(1)[0])

    grow(2)
    client.force_login(furong_office)
    for url in ("/api/v1/medics/", "/api/v1/medic-coverages/"):
        with django_assert_max_num_queries(10) as few:
            client.get(url)
        grow(20)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url)
