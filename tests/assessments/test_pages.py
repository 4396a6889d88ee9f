"""The pages: the organisation department's round, an office's share of it, the sibling county's 404s, bounded
query counts, and the forms that call the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.choices import Grade
from assessments.models import AssessmentRound, OfficerAssessment
from assessments.services import grade_set, round_open
from tests import factories
from tests.assessments.conftest import add_officers, assessment_of


def test_the_organisation_department_opens_a_round_from_the_page(organization_user, roster, regions, period,
                                                                  client):
    client.force_login(organization_user)
    assert "开启考核" in client.get("/assessments/").content.decode()
    response = client.post("/assessments/open/", {
        "region": regions.changsha.pk, "name": "2026年度考核", "period_start": period[0].isoformat(),
        "period_end": period[1].isoformat(), "weight_comprehensive": 40, "weight_daily": 30,
        "weight_work_evaluation": 20, "weight_enterprise_opinion": 10, "excellent_quota_percent": 30}, follow=True)
    body = response.content.decode()
    assert "考核已开启，共3名联络员。" in body
    assert AssessmentRound.objects.get().name == "2026年度考核"
    response = client.post("/assessments/open/", {
        "region": regions.changsha.pk, "name": "另一批", "period_start": period[0].isoformat(),
        "period_end": period[1].isoformat(), "weight_comprehensive": 50, "weight_daily": 30,
        "weight_work_evaluation": 20, "weight_enterprise_opinion": 10, "excellent_quota_percent": 30})
    assert "四项权重之和必须为100，当前为110。" in response.content.decode()


def test_a_liaison_office_cannot_open_a_round(furong_office, client):
    client.force_login(furong_office)
    assert client.get("/assessments/open/").status_code == 404


def test_round_page_shows_counts_places_and_missing_sources(changsha_round, organization_user, roster, client):
    grade_set(actor=organization_user, assessment=assessment_of(changsha_round, roster.officer),
              grade=Grade.COMPETENT)
    client.force_login(organization_user)
    body = client.get(f"/assessments/{changsha_round.pk}/").content.decode()
    assert all(officer.name in body for officer in (roster.officer, roster.tianxin_officer, roster.city_officer))
    assert 'data-places-left="0"' in body  # 3 officers: floor(0.9) = 0 excellent places
    assert 'data-grade-count="competent">1<' in body
    assert "导出考核汇总表" in body and "考核定档" in body


def test_an_office_sees_only_its_officers_and_the_sibling_county_gets_404(changsha_round, furong_office,
                                                                         tianxin_office, roster, client):
    furong_row = assessment_of(changsha_round, roster.officer)
    client.force_login(furong_office)
    body = client.get(f"/assessments/{changsha_round.pk}/").content.decode()
    assert roster.officer.name in body and roster.tianxin_officer.name not in body
    assert client.get(f"/assessments/officers/{furong_row.pk}/").status_code == 200
    assert "调整日常考核分" in client.get(f"/assessments/officers/{furong_row.pk}/").content.decode()
    client.force_login(tianxin_office)
    assert client.get(f"/assessments/officers/{furong_row.pk}/").status_code == 404
    assert client.post(f"/assessments/officers/{furong_row.pk}/daily/", {"score": 90, "reason": "x"}).status_code \
        == 404
    assert client.get(f"/api/v1/officer-assessments/{furong_row.pk}/").status_code == 404
    furong_round = round_open(actor=factories.make_office_user("furong-org", roster.officer.backing_unit.region,
                                                               kind="organization"),
                              region=roster.officer.backing_unit.region, name="芙蓉区考核",
                              period_start=changsha_round.period_start, period_end=changsha_round.period_end)
    for url in (f"/assessments/{furong_round.pk}/", f"/assessments/{furong_round.pk}/opinions/",
                f"/api/v1/assessment-rounds/{furong_round.pk}/"):
        assert client.get(url).status_code == 404, url
    for action in ("propose", "finalise", "export"):
        assert client.post(f"/assessments/{furong_round.pk}/{action}/").status_code == 404


def test_forms_call_the_services_and_show_refusals(changsha_round, organization_user, furong_office, roster,
                                                   client):
    row = assessment_of(changsha_round, roster.officer)
    client.force_login(organization_user)
    response = client.post(f"/assessments/officers/{row.pk}/comprehensive/", {"score": "91.5"}, follow=True)
    assert "综合考核已保存。" in response.content.decode()
    response = client.post(f"/assessments/officers/{row.pk}/grade/", {"grade": Grade.EXCELLENT}, follow=True)
    assert "优秀名额已用完" in response.content.decode()
    client.force_login(furong_office)
    response = client.post(f"/assessments/officers/{row.pk}/daily/", {"score": "88", "reason": ""}, follow=True)
    assert OfficerAssessment.objects.get(pk=row.pk).daily_score is None
    response = client.post(f"/assessments/officers/{row.pk}/daily/", {"score": "88", "reason": "协调得力"},
                           follow=True)
    body = response.content.decode()
    assert "日常考核分已调整。" in body and "协调得力" in body and "变更记录" in body
    response = client.post(f"/assessments/officers/{row.pk}/opinion-links/", follow=True)
    assert "已生成2个意见链接" in response.content.decode()


@pytest.mark.parametrize("officers", [2, 20])
def test_round_and_officer_pages_take_a_bounded_number_of_queries(officers, organization_user, regions, client,
                                                                  django_assert_max_num_queries):
    add_officers(regions.furong, officers)
    today = timezone.localdate()
    assessment_round = round_open(actor=organization_user, region=regions.changsha, name="考核",
                                  period_start=today - timedelta(days=40), period_end=today)
    row = assessment_round.assessments.first()
    client.force_login(organization_user)
    with django_assert_max_num_queries(14):
        assert client.get(f"/assessments/{assessment_round.pk}/").status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(f"/assessments/officers/{row.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/assessments/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/officer-assessments/?round={assessment_round.pk}").status_code == 200
