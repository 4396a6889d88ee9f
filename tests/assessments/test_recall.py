"""Outcomes of a finalised round: commendation, and recall and replacement (召回调整) with nothing deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.choices import Grade, Outcome
from assessments.models import ReplacementVacancy
from assessments.services import assessment_recall, grade_set, outcome_set, round_finalise, vacancy_fill
from officers.choices import AssignmentEndReason, OfficerStatus
from officers.models import Assignment
from tests import factories
from tests.assessments.conftest import assessment_of


@pytest.fixture
def finalised_round(changsha_round, organization_user, roster):
    for row in changsha_round.assessments.all():
        grade = Grade.INCOMPETENT if row.officer_id == roster.officer.pk else Grade.COMPETENT
        grade_set(actor=organization_user, assessment=row, grade=grade)
    return round_finalise(actor=organization_user, assessment_round=changsha_round)


def test_outcomes_wait_for_the_round_to_be_finalised(changsha_round, organization_user, roster):
    with pytest.raises(ValidationError, match="考核定档后才能确定结果运用"):
        outcome_set(actor=organization_user, assessment=assessment_of(changsha_round, roster.officer),
                    outcome=Outcome.COMMENDATION)


def test_the_organisation_department_commends(finalised_round, organization_user, tianxin_office, roster):
    row = outcome_set(actor=organization_user, assessment=assessment_of(finalised_round, roster.tianxin_officer),
                      outcome=Outcome.PROMOTION, note="推荐提拔")
    assert (row.outcome, row.outcome_note, row.outcome_by) == (Outcome.PROMOTION, "推荐提拔", organization_user)
    with pytest.raises(ValidationError, match="只有组织部门或联络员所属驻企办"):
        outcome_set(actor=tianxin_office, assessment=assessment_of(finalised_round, roster.officer),
                    outcome=Outcome.COMMENDATION)


def test_recall_ends_assignments_with_the_reason_and_replaces_them(finalised_round, furong_office, regions, roster,
                                                                    client):
    successor = factories.make_officer(regions.furong, name="刘洋")
    later = factories.make_officer(regions.furong, name="黄静")
    assignments_before = Assignment.objects.count()
    row = assessment_of(finalised_round, roster.officer)
    with pytest.raises(ValidationError, match="只有管理该联络员的驻企办可以召回"):
        assessment_recall(actor=factories.make_office_user("x", regions.tianxin), assessment=row, reason="x")

    created, vacancies = assessment_recall(
        actor=furong_office, assessment=row, reason="年度考核不称职，召回调整",
        successors={roster.furong_enterprise.pk: successor, roster.furong_enterprise_2.pk: None})

    ended = Assignment.objects.filter(officer=roster.officer).order_by("enterprise__name")
    assert all(a.end_date == timezone.localdate() and a.end_reason == AssignmentEndReason.RECALLED
               and a.end_note == "年度考核不称职，召回调整" for a in ended)
    roster.officer.refresh_from_db()
    assert roster.officer.status == OfficerStatus.RECALLED
    [replacement] = created
    assert (replacement.officer, replacement.enterprise, replacement.replaces) == (
        successor, roster.furong_enterprise, roster.furong_assignment)
    [vacancy] = vacancies
    assert vacancy.enterprise == roster.furong_enterprise_2 and not vacancy.is_filled
    row.refresh_from_db()
    assert row.outcome == Outcome.RECALL
    with pytest.raises(ValidationError, match="该联络员已召回"):
        assessment_recall(actor=furong_office, assessment=row, reason="再次召回")

    # Later the office chooses the successor for the second enterprise.
    filled = vacancy_fill(actor=furong_office, vacancy=vacancy, officer=later)
    assert filled.replaces == vacancy.ended_assignment and filled.enterprise == roster.furong_enterprise_2
    with pytest.raises(ValidationError, match="该岗位已补派"):
        vacancy_fill(actor=furong_office, vacancy=ReplacementVacancy.objects.get(pk=vacancy.pk), officer=successor)
    assert Assignment.objects.count() == assignments_before + 2  # nothing deleted, two stationed

    # The officer's page tells the whole story: ended assignments with the reason, the successors, the grade.
    client.force_login(furong_office)
    body = client.get(f"/roster/officers/{roster.officer.pk}/").content.decode()
    assert "年度考核不称职，召回调整" in body and "已召回" in body
    assert "由黄静自" in body and "不称职" in body and "召回调整" in body
    page = client.get(f"/assessments/officers/{row.pk}/").content.decode()
    assert "黄静" in page and "召回" in page


def test_the_recall_form_on_the_page(finalised_round, furong_office, regions, roster, client):
    successor = factories.make_officer(regions.furong, name="刘洋")
    row = assessment_of(finalised_round, roster.officer)
    client.force_login(furong_office)
    page = client.get(f"/assessments/officers/{row.pk}/").content.decode()
    assert "召回该联络员" in page and "刘洋" in page
    response = client.post(f"/assessments/officers/{row.pk}/recall/", {
        "reason": "考核不称职", f"successor_{roster.furong_enterprise.pk}": successor.pk,
        f"successor_{roster.furong_enterprise_2.pk}": ""}, follow=True)
    assert "已召回：1家企业已派驻接替人员，1家待补派。" in response.content.decode()
    vacancy = ReplacementVacancy.objects.get()
    page = client.get(f"/assessments/vacancies/{vacancy.pk}/")
    assert page.status_code == 200
    response = client.post(f"/assessments/vacancies/{vacancy.pk}/", {
        "officer": successor.pk, "start_date": timezone.localdate().isoformat()}, follow=True)
    assert "刘洋已派驻" in response.content.decode()
    client.force_login(factories.make_office_user("tianxin-2", regions.tianxin))
    assert client.get(f"/assessments/vacancies/{vacancy.pk}/").status_code == 404
