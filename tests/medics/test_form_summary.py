"""The medical staff forms: a rejected one is summarised on top with links, and nothing is saved."""

from medics.models import HealthInstitution, Medic, MedicCoverage
from tests.form_summary import error_summary


def test_an_empty_institution_is_summarised(furong_office, regions, client):
    client.force_login(furong_office)
    response = client.post("/medics/institutions/", {"region": "", "name": ""})
    assert error_summary(response.content.decode()).links == ["id_region", "id_name"]
    assert not HealthInstitution.objects.exists()


def test_an_empty_medic_is_summarised(furong_hospital, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/medics/", {"institution": furong_hospital.pk, "name": "", "phone": ""})
    assert "id_name" in error_summary(response.content.decode()).links
    assert not Medic.objects.exists()


def test_a_refused_coverage_is_summarised(medic, stationed, cover, furong_office, client):
    enterprises = stationed(6)
    for enterprise in enterprises[:5]:
        cover(medic, enterprise)
    client.force_login(furong_office)
    response = client.post(f"/medics/{medic.pk}/", {"enterprise": enterprises[5].pk, "start_date": "今天"})
    summary = error_summary(response.content.decode())
    assert "id_start_date" in summary.links
    assert MedicCoverage.objects.filter(medic=medic).count() == 5
