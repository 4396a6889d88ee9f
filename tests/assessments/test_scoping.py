"""The POST actions and the vacancy list, for the owner county, the city above and the sibling county (404)."""

import pytest

from assessments.models import AssessmentEvent, AssessmentRound
from tests.assessments.scope import furong_world

ROUND_ACTIONS = ("propose", "finalise", "export")
ASSESSMENT_ACTIONS = ("comprehensive", "work-evaluation", "daily", "grade", "opinion-links", "outcome", "recall")


@pytest.fixture
def world(regions, roster):
    return furong_world(regions, roster)


@pytest.mark.parametrize("action", ROUND_ACTIONS)
def test_round_actions_answer_404_outside_scope(action, world, tianxin_office, client):
    client.force_login(tianxin_office)
    events = AssessmentEvent.objects.count()
    assert client.post(f"/assessments/{world['assessment_round']}/{action}/").status_code == 404
    assert AssessmentEvent.objects.count() == events
    assert AssessmentRound.objects.get(pk=world["assessment_round"]).proposed_at is None


@pytest.mark.parametrize("action", ASSESSMENT_ACTIONS)
def test_assessment_actions_answer_404_outside_scope(action, world, tianxin_office, client):
    client.force_login(tianxin_office)
    events = AssessmentEvent.objects.count()
    for key in ("officer_assessment", "final_assessment"):
        response = client.post(f"/assessments/officers/{world[key]}/{action}/",
                               {"score": "99", "reason": "x", "grade": "excellent", "outcome": "commendation"})
        assert response.status_code == 404
    assert AssessmentEvent.objects.count() == events


def test_an_unknown_action_is_a_404(world, furong_office, client):
    client.force_login(furong_office)
    assert client.post(f"/assessments/{world['assessment_round']}/delete/").status_code == 404
    assert client.post(f"/assessments/officers/{world['officer_assessment']}/delete/").status_code == 404


def test_the_vacancy_list_is_the_offices_own(world, furong_office, tianxin_office, changsha_office, client):
    for user, sees in ((furong_office, True), (changsha_office, True), (tianxin_office, False)):
        client.force_login(user)
        body = client.get("/assessments/vacancies/").content.decode()
        assert ("芙蓉召回测试企业" in body) is sees, user.username
