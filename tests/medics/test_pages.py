"""The medical staff pages: scoped (the sibling county gets 404), forms calling the services, fixed query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enterprises.choices import SizeClass
from medics.models import Medic, MedicCoverage

TODAY = timezone.localdate


def test_an_office_sees_its_medics_and_the_sibling_county_gets_404(medic, tianxin_medic, furong_office,
                                                                   tianxin_office, changsha_office, client):
    client.force_login(furong_office)
    body = client.get("/medics/").content.decode()
    assert "刘医生" in body and "周护士" not in body
    assert client.get(f"/medics/{medic.pk}/").status_code == 200
    client.force_login(tianxin_office)
    response = client.get(f"/medics/{medic.pk}/")
    assert response.status_code == 404
    assert "刘医生" not in response.content.decode()
    client.force_login(changsha_office)
    body = client.get("/medics/").content.decode()
    assert "刘医生" in body and "周护士" in body


def test_an_officer_has_no_medical_staff_pages(medic, officer_user, client):
    client.force_login(officer_user)
    for url in ("/medics/", "/medics/gaps/", "/medics/institutions/", f"/medics/{medic.pk}/"):
        assert client.get(url).status_code == 404, url


def test_the_sixth_small_enterprise_is_refused_on_the_page_with_nothing_saved(medic, stationed, cover,
                                                                             furong_office, client):
    enterprises = stationed(6)
    for enterprise in enterprises[:5]:
        cover(medic, enterprise)
    client.force_login(furong_office)
    response = client.post(f"/medics/{medic.pk}/", {"enterprise": enterprises[5].pk,
                                                    "start_date": TODAY().isoformat()})
    assert response.status_code == 400
    body = response.content.decode()
    assert "刘医生 在这段时间已负责 5 家中小微企业" in body
    assert MedicCoverage.objects.filter(medic=medic).count() == 5


def test_an_office_covers_and_ends_through_the_page(medic, stationed, furong_office, client):
    enterprise = stationed(1)[0]
    client.force_login(furong_office)
    response = client.post(f"/medics/{medic.pk}/", {"enterprise": enterprise.pk,
                                                    "start_date": (TODAY() - timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    coverage = MedicCoverage.objects.get(medic=medic)
    response = client.post(f"/medics/coverages/{coverage.pk}/end/", {"end_date": TODAY().isoformat(),
                                                                     "note": "调回医院"}, follow=True)
    assert "医务驻企已结束" in response.content.decode()
    coverage.refresh_from_db()
    assert coverage.end_date == TODAY() and coverage.end_note == "调回医院"


def test_the_date_pickers_start_on_today_in_iso_form(medic, stationed, cover, furong_office, client):
    """A date picker takes yyyy-mm-dd only: the Chinese 2026/02/10 would show it empty."""
    cover(medic, stationed(1)[0], start_date=TODAY() - timedelta(days=3))
    client.force_login(furong_office)
    body = client.get(f"/medics/{medic.pk}/").content.decode()
    today = TODAY().isoformat()
    assert f'name="start_date" value="{today}"' in body  # the coverage form
    assert f'name="end_date" value="{today}"' in body  # the handover day of the current coverage


def test_the_sibling_county_cannot_end_a_coverage(medic, stationed, cover, tianxin_office, client):
    coverage = cover(medic, stationed(1)[0])
    client.force_login(tianxin_office)
    response = client.post(f"/medics/coverages/{coverage.pk}/end/", {"end_date": TODAY().isoformat()})
    assert response.status_code == 404
    coverage.refresh_from_db()
    assert coverage.end_date is None


def test_the_coverage_form_offers_only_stationed_enterprises_in_scope(medic, stationed, regions, furong_office,
                                                                     client):
    from tests import factories

    mine = stationed(1)[0]
    idle = factories.make_enterprise(regions.furong, "芙蓉未派驻企业有限公司")
    theirs = stationed(1, region=regions.tianxin, name="天心企业")[0]
    client.force_login(furong_office)
    choices = {e.pk for e in client.get(f"/medics/{medic.pk}/").context["form"].fields["enterprise"].queryset}
    assert mine.pk in choices and idle.pk not in choices and theirs.pk not in choices


def test_an_office_adds_a_medic_and_an_institution(furong_hospital, furong_office, regions, client):
    client.force_login(furong_office)
    response = client.post("/medics/institutions/", {"region": regions.furong.pk, "name": "东湖街道社区卫生服务中心"})
    assert response.status_code == 302
    response = client.post("/medics/", {"institution": furong_hospital.pk, "name": "吴医生", "phone": "13607310000"})
    assert response.status_code == 302
    assert Medic.objects.filter(name="吴医生", institution=furong_hospital).exists()


def test_the_gap_page_lists_and_counts_the_enterprises_without_cover(stationed, furong_office, client):
    large = stationed(1, size_class=SizeClass.ABOVE_DESIGNATED, name="芙蓉规上企业")[0]
    client.force_login(furong_office)
    response = client.get("/medics/gaps/")
    body = response.content.decode()
    assert large.name in body and "须配医务人员" in body
    assert response.context["page"].paginator.count >= 1


@pytest.mark.parametrize("url", ["/medics/", "/medics/gaps/", "/medics/institutions/", "detail"])
def test_pages_keep_a_fixed_query_count(url, medic, stationed, cover, furong_hospital, furong_office, client,
                                        django_assert_max_num_queries):
    from medics.services import medic_create

    def grow(count):
        for number in range(count):
            other = medic_create(actor=furong_office, institution=furong_hospital, name=f"医生{number}",
                                 phone="13800000000")
            small = stationed(2)
            cover(other, small[0])
            cover(medic, stationed(1, size_class=SizeClass.ABOVE_DESIGNATED, name="芙蓉规上企业")[0])

    target = f"/medics/{medic.pk}/" if url == "detail" else url
    grow(2)
    client.force_login(furong_office)
    with django_assert_max_num_queries(20) as few:
        assert client.get(target).status_code == 200
    grow(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(target).status_code == 200
