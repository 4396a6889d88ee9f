"""The rules of a round: who may open it, the excellent quota at its boundary, re-weighting, read-only when final."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.choices import EventAction, Grade, RoundStatus, Source
from assessments.models import AssessmentEvent, OfficerAssessment
from assessments.services import (
    daily_adjust,
    excellent_places,
    grade_set,
    round_finalise,
    round_open,
    score_set,
)
from tests.assessments.conftest import add_officers, assessment_of


def test_round_opens_one_row_per_officer_stationed_by_the_regions_offices(changsha_round, roster):
    officers = set(changsha_round.assessments.values_list("officer_id", flat=True))
    assert officers == {roster.officer.pk, roster.tianxin_officer.pk, roster.city_officer.pk}
    city = assessment_of(changsha_round, roster.city_officer)
    assert (city.managing_region.name, city.commanding_region.name) == ("长沙市", "天心区")
    assert changsha_round.events.get().action == EventAction.OPENED


def test_only_an_organisation_department_opens_a_round(changsha_office, regions, roster, period):
    with pytest.raises(ValidationError, match="组织部门"):
        round_open(actor=changsha_office, region=regions.changsha, name="x", period_start=period[0],
                   period_end=period[1])


def test_weights_must_add_up_to_100(organization_user, regions, roster, period):
    with pytest.raises(ValidationError, match="四项权重之和必须为100"):
        round_open(actor=organization_user, region=regions.changsha, name="x", period_start=period[0],
                   period_end=period[1], weights={"comprehensive": 50})


def _round_of(organization, region, count, name="考核"):
    add_officers(region, count)
    today = timezone.localdate()
    return round_open(actor=organization, region=region, name=name, period_start=today - timedelta(days=40),
                      period_end=today)


@pytest.mark.parametrize(("officers", "allowed"), [(10, 3), (7, 2), (3, 0), (4, 1)])
def test_excellent_places_are_30_percent_rounded_down(furong_organization, regions, officers, allowed):
    assessment_round = _round_of(furong_organization, regions.furong, officers)
    assert excellent_places(assessment_round)["allowed"] == allowed


def test_the_fourth_excellent_of_ten_officers_is_refused(furong_organization, regions):
    assessment_round = _round_of(furong_organization, regions.furong, 10)
    rows = list(assessment_round.assessments.order_by("id"))
    for row in rows[:3]:
        grade_set(actor=furong_organization, assessment=row, grade=Grade.EXCELLENT)
    assert excellent_places(assessment_round)["left"] == 0
    with pytest.raises(ValidationError) as refused:
        grade_set(actor=furong_organization, assessment=rows[3], grade=Grade.EXCELLENT)
    assert "优秀名额已用完：10名联络员中至多3名（30%）可评为优秀，已评定3名。" in str(refused.value)
    rows[3].refresh_from_db()
    assert rows[3].grade == ""
    # Another grade frees a place; re-grading an excellent officer excellent is no new place.
    grade_set(actor=furong_organization, assessment=rows[0], grade=Grade.EXCELLENT)
    grade_set(actor=furong_organization, assessment=rows[0], grade=Grade.COMPETENT)
    grade_set(actor=furong_organization, assessment=rows[3], grade=Grade.EXCELLENT)
    assert excellent_places(assessment_round)["taken"] == 3


def test_seven_officers_allow_two_excellent(furong_organization, regions):
    assessment_round = _round_of(furong_organization, regions.furong, 7)
    rows = list(assessment_round.assessments.order_by("id"))
    grade_set(actor=furong_organization, assessment=rows[0], grade=Grade.EXCELLENT)
    grade_set(actor=furong_organization, assessment=rows[1], grade=Grade.EXCELLENT)
    with pytest.raises(ValidationError, match="7名联络员中至多2名"):
        grade_set(actor=furong_organization, assessment=rows[2], grade=Grade.EXCELLENT)


def test_finalising_needs_every_grade_and_refuses_over_the_cap(furong_organization, regions):
    assessment_round = _round_of(furong_organization, regions.furong, 4)
    rows = list(assessment_round.assessments.order_by("id"))
    with pytest.raises(ValidationError, match="还有4名联络员未评定等次"):
        round_finalise(actor=furong_organization, assessment_round=assessment_round)
    for row in rows:
        grade_set(actor=furong_organization, assessment=row, grade=Grade.COMPETENT)
    # Over the cap (only possible behind the services' back, e.g. an edit in the database): refused.
    OfficerAssessment.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(grade=Grade.EXCELLENT)
    with pytest.raises(ValidationError, match="已有2名联络员评为优秀，但至多只能1名"):
        round_finalise(actor=furong_organization, assessment_round=assessment_round)
    OfficerAssessment.objects.filter(pk=rows[1].pk).update(grade=Grade.COMPETENT)
    round_finalise(actor=furong_organization, assessment_round=assessment_round)
    assessment_round.refresh_from_db()
    assert assessment_round.status == RoundStatus.FINALISED


def test_a_finalised_round_refuses_every_change(furong_organization, furong_office, regions):
    assessment_round = _round_of(furong_organization, regions.furong, 2)
    rows = list(assessment_round.assessments.order_by("id"))
    for row in rows:
        grade_set(actor=furong_organization, assessment=row, grade=Grade.COMPETENT)
    round_finalise(actor=furong_organization, assessment_round=assessment_round)
    events = AssessmentEvent.objects.count()
    closed = "该批次考核已定档，不能再修改"
    with pytest.raises(ValidationError, match=closed):
        grade_set(actor=furong_organization, assessment=rows[0], grade=Grade.INCOMPETENT)
    with pytest.raises(ValidationError, match=closed):
        score_set(actor=furong_organization, assessment=rows[0], source=Source.COMPREHENSIVE, score=90)
    with pytest.raises(ValidationError, match=closed):
        daily_adjust(actor=furong_office, assessment=rows[0], score=80, reason="补录")
    with pytest.raises(ValidationError, match=closed):
        round_finalise(actor=furong_organization, assessment_round=assessment_round)
    assert AssessmentEvent.objects.count() == events
    assert OfficerAssessment.objects.get(pk=rows[0].pk).grade == Grade.COMPETENT


def test_total_reweights_over_the_sources_present(changsha_round, organization_user, furong_office, roster):
    row = assessment_of(changsha_round, roster.officer)  # weights 40 / 30 / 20 / 10
    score_set(actor=organization_user, assessment=row, source=Source.COMPREHENSIVE, score=90)
    row = daily_adjust(actor=furong_office, assessment=row, score=80, reason="日报及时，协调问题得力")
    # Work evaluation and enterprise opinion missing: (40*90 + 30*80) / 70 = 85.71, not (3600+2400)/100 = 60.
    assert row.total == Decimal("85.71")
    assert row.missing_sources(changsha_round.weights) == [Source.WORK_EVALUATION, Source.ENTERPRISE_OPINION]
    row = score_set(actor=furong_office, assessment=row, source=Source.WORK_EVALUATION, score=70)
    assert row.total == Decimal("82.22")  # (3600 + 2400 + 1400) / 90


def test_roles_enter_their_own_sources(changsha_round, organization_user, furong_office, tianxin_office,
                                       changsha_office, roster):
    furong_row = assessment_of(changsha_round, roster.officer)
    city_row = assessment_of(changsha_round, roster.city_officer)
    with pytest.raises(ValidationError, match="组织部门"):
        score_set(actor=furong_office, assessment=furong_row, source=Source.COMPREHENSIVE, score=90)
    with pytest.raises(ValidationError, match="组织部门"):
        grade_set(actor=furong_office, assessment=furong_row, grade=Grade.EXCELLENT)
    with pytest.raises(ValidationError, match="只有管理该联络员的驻企办"):
        daily_adjust(actor=tianxin_office, assessment=furong_row, score=80, reason="x")
    with pytest.raises(ValidationError, match="县市区或园区驻企办"):
        score_set(actor=changsha_office, assessment=city_row, source=Source.WORK_EVALUATION, score=80)
    # The city dispatched the officer (daily score), the county commands the enterprise (work evaluation).
    daily_adjust(actor=changsha_office, assessment=city_row, score=75, reason="城市派驻")
    score_set(actor=tianxin_office, assessment=city_row, source=Source.WORK_EVALUATION, score=88)


def test_adjusting_the_daily_score_needs_a_reason_and_keeps_the_proposal(changsha_round, furong_office, roster):
    row = assessment_of(changsha_round, roster.officer)
    OfficerAssessment.objects.filter(pk=row.pk).update(daily_proposed=Decimal("72.5"), daily_score=Decimal("72.5"))
    with pytest.raises(ValidationError, match="请说明调整"):
        daily_adjust(actor=furong_office, assessment=row, score=80, reason="  ")
    row = daily_adjust(actor=furong_office, assessment=row, score=80, reason="协调复工成效突出")
    assert (row.daily_proposed, row.daily_score, row.daily_reason) == (Decimal("72.5"), Decimal("80.0"),
                                                                       "协调复工成效突出")
    event = row.events.get(action=EventAction.DAILY_ADJUSTED)
    assert (event.actor, event.old_value, event.new_value, event.reason) == (furong_office, "72.5", "80.0",
                                                                             "协调复工成效突出")


def test_scores_outside_0_to_100_are_refused(changsha_round, organization_user, roster):
    row = assessment_of(changsha_round, roster.officer)
    for bad in (101, -1, "abc"):
        with pytest.raises(ValidationError, match="0到100"):
            score_set(actor=organization_user, assessment=row, source=Source.COMPREHENSIVE, score=bad)
