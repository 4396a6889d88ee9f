"""The assessment forms that come back with errors (opening a round, filling a vacancy, an enterprise's opinion):
summarised on top with links, nothing saved."""

from assessments.models import AssessmentRound, OpinionRequest
from assessments.services import opinion_requests_create_all, opinion_token
from tests.assessments.conftest import assessment_of
from tests.form_summary import error_summary


def test_a_round_with_bad_weights_is_summarised(organization_user, roster, regions, period, client):
    client.force_login(organization_user)
    response = client.post("/assessments/open/", {
        "region": regions.changsha.pk, "name": "", "period_start": period[0].isoformat(),
        "period_end": period[1].isoformat(), "weight_comprehensive": 50, "weight_daily": 30,
        "weight_work_evaluation": 20, "weight_enterprise_opinion": 10, "excellent_quota_percent": 130})
    summary = error_summary(response.content.decode())
    assert summary.links == ["id_name", "id_excellent_quota_percent"]
    assert not AssessmentRound.objects.exists()


def test_a_round_the_service_refuses_is_summarised_without_a_link(organization_user, roster, regions, period,
                                                                   client):
    client.force_login(organization_user)
    response = client.post("/assessments/open/", {
        "region": regions.changsha.pk, "name": "2026年度考核", "period_start": period[0].isoformat(),
        "period_end": period[1].isoformat(), "weight_comprehensive": 50, "weight_daily": 30,
        "weight_work_evaluation": 20, "weight_enterprise_opinion": 10, "excellent_quota_percent": 30})
    summary = error_summary(response.content.decode())
    assert "四项权重之和必须为100，当前为110。" in " ".join(summary.entries)
    assert not AssessmentRound.objects.exists()


def test_an_opinion_without_a_rating_is_summarised_linking_to_the_choices(changsha_round, furong_office, roster,
                                                                          client):
    row = assessment_of(changsha_round, roster.officer)
    request = opinion_requests_create_all(actor=furong_office, assessment=row)[0]
    response = client.post(f"/assessments/opinion/{opinion_token(request)}/", {"comment": "还行"})
    summary = error_summary(response.content.decode())
    assert summary.links == ["id_rating"]
    assert OpinionRequest.objects.get(pk=request.pk).answered_at is None
