"""The demo's assessments: a finalised Changsha round within the quota with a recall and its replacement, an open
province round with proposals and answered opinions; a second run adds nothing."""

from io import StringIO

from django.core.management import call_command

from assessments.choices import Grade, Outcome, RoundStatus
from assessments.models import AssessmentRound, OfficerAssessment, OpinionRequest, ReplacementVacancy
from assessments.services import excellent_places
from officers.models import Assignment


def _seed():
    call_command("seed_demo", scale="tiny", password="seed-test-2026", stdout=StringIO())


def test_the_demo_rounds(db):
    _seed()
    final = AssessmentRound.objects.get(region__code="430100")
    assert final.status == RoundStatus.FINALISED
    places = excellent_places(final)
    assert 0 < places["taken"] <= places["allowed"]
    assert not final.assessments.filter(grade="").exists()
    assert final.assessments.filter(outcome=Outcome.COMMENDATION).count() >= 1
    recalled = final.assessments.get(outcome=Outcome.RECALL)
    assert Assignment.objects.filter(officer=recalled.officer, end_reason="recalled").count() >= 2
    assert Assignment.objects.filter(replaces__officer=recalled.officer).exists()
    assert ReplacementVacancy.objects.filter(assessment=recalled).exists()

    open_round = AssessmentRound.objects.get(region__code="430000")
    assert open_round.status == RoundStatus.OPEN and open_round.proposed_at is not None
    assert open_round.assessments.filter(daily_proposed__isnull=False).exists()
    assert OpinionRequest.objects.filter(answered_at__isnull=False).exists()
    assert OpinionRequest.objects.filter(answered_at__isnull=True).exists()
    assert open_round.assessments.filter(grade=Grade.EXCELLENT).count() == 0

    before = (AssessmentRound.objects.count(), OfficerAssessment.objects.count(), OpinionRequest.objects.count())
    _seed()
    assert (AssessmentRound.objects.count(), OfficerAssessment.objects.count(), OpinionRequest.objects.count()) \
        == before
