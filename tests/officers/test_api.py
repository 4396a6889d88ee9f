from django.utils import timezone

from officers.models import Assignment


def test_office_stations_an_officer_through_the_api(changsha_office, regions, roster, client):
    client.force_login(changsha_office)
    response = client.post("/api/v1/assignments/", {
        "officer": roster.city_officer.pk, "enterprise": roster.furong_enterprise.pk,
        "managing_region": regions.changsha.pk, "start_date": timezone.localdate().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["commanding_region"] == regions.furong.pk


def test_overlapping_assignment_gets_a_chinese_field_message(furong_office, roster, client):
    client.force_login(furong_office)
    before = Assignment.objects.count()
    response = client.post("/api/v1/assignments/", {
        "officer": roster.officer.pk, "enterprise": roster.furong_enterprise.pk,
        "managing_region": roster.furong_enterprise.region_id, "start_date": timezone.localdate().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 400
    assert "李明" in response.json()["start_date"][0]
    assert Assignment.objects.count() == before


def test_outside_the_managing_offices_reach_gets_a_field_message(changsha_office, regions, roster, client):
    client.force_login(changsha_office)
    response = client.post("/api/v1/assignments/", {
        "officer": roster.officer.pk, "enterprise": roster.tianxin_enterprise.pk,
        "managing_region": regions.furong.pk, "start_date": timezone.localdate().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 400
    assert "芙蓉区" in response.json()["enterprise"][0]


def test_an_officer_outside_scope_cannot_be_named(furong_office, roster, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/assignments/", {
        "officer": roster.zhuzhou_officer.pk, "enterprise": roster.furong_enterprise.pk,
        "managing_region": roster.furong_enterprise.region_id, "start_date": timezone.localdate().isoformat(),
    }, content_type="application/json")
    assert response.status_code == 400
    assert "officer" in response.json()


def test_officers_cannot_create_assignments(officer_user, roster, client):
    client.force_login(officer_user)
    response = client.post("/api/v1/assignments/", {
        "officer": roster.officer.pk, "enterprise": roster.furong_enterprise_2.pk,
        "managing_region": roster.furong_enterprise.region_id, "start_date": "2030-01-01",
    }, content_type="application/json")
    assert response.status_code == 400
    assert not Assignment.objects.filter(start_date="2030-01-01").exists()
