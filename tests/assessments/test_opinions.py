"""Enterprise opinions through signed links: valid once, expired, tampered, reused; no login; a clear page each time."""

import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from assessments.choices import Grade, OpinionRating, Source
from assessments.models import OpinionRequest
from assessments.services import (
    OpinionLinkError,
    grade_set,
    opinion_answer,
    opinion_request_create,
    opinion_request_from_token,
    opinion_requests_create_all,
    opinion_token,
    round_finalise,
)
from tests.assessments.conftest import assessment_of


@pytest.fixture
def links(changsha_round, furong_office, roster):
    row = assessment_of(changsha_round, roster.officer)
    requests = opinion_requests_create_all(actor=furong_office, assessment=row)
    assert {r.enterprise for r in requests} == {roster.furong_enterprise, roster.furong_enterprise_2}
    return row, {r.enterprise_id: opinion_token(r) for r in requests}


def _url(token):
    return f"/assessments/opinion/{token}/"


def test_an_enterprise_answers_once_without_logging_in(links, roster, client):
    row, tokens = links
    token = tokens[roster.furong_enterprise.pk]
    page = client.get(_url(token))
    assert page.status_code == 200
    body = page.content.decode()
    assert roster.officer.name in body and roster.furong_enterprise.name in body and "非常满意" in body
    response = client.post(_url(token), {"rating": OpinionRating.SATISFIED, "comment": "服务很到位"})
    assert "您的意见已记录" in response.content.decode()
    row.refresh_from_db()
    assert (row.enterprise_opinion_score, row.opinions_answered) == (Decimal("85.0"), 1)
    # A second submit gets a clear page and changes nothing.
    again = client.post(_url(token), {"rating": OpinionRating.DISSATISFIED, "comment": "改主意了"})
    assert "已经提交" in again.content.decode()
    answer = OpinionRequest.objects.get(enterprise=roster.furong_enterprise)
    assert (answer.rating, answer.comment) == (OpinionRating.SATISFIED, "服务很到位")
    assert "已经提交" in client.get(_url(token)).content.decode()


def test_the_opinion_score_is_the_mean_of_the_answers(links, roster):
    row, tokens = links
    opinion_answer(token=tokens[roster.furong_enterprise.pk], rating=OpinionRating.VERY_SATISFIED)
    opinion_answer(token=tokens[roster.furong_enterprise_2.pk], rating=OpinionRating.BASICALLY_SATISFIED)
    row.refresh_from_db()
    assert row.enterprise_opinion_score == Decimal("85.0")
    assert row.score(Source.ENTERPRISE_OPINION) == Decimal("85.0")
    assert row.total == Decimal("85.00")  # the only source present so far
    event = row.events.filter(field=Source.ENTERPRISE_OPINION).last()
    assert (event.actor, event.old_value, event.new_value) == (None, "100.0", "85.0")


def test_an_expired_link_gets_a_clear_page(links, roster, client, settings):
    settings.ASSESSMENT_OPINION_LINK_DAYS = 14
    token = links[1][roster.furong_enterprise.pk]
    fifteen_days_on = time.time() + 15 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=fifteen_days_on):
        with pytest.raises(OpinionLinkError) as expired:
            opinion_request_from_token(token)
        assert expired.value.reason == "expired"
        response = client.get(_url(token))
        assert response.status_code == 410
        assert "链接已过期" in response.content.decode()
        response = client.post(_url(token), {"rating": OpinionRating.SATISFIED})
        assert response.status_code == 410
    thirteen_days_on = time.time() + 13 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=thirteen_days_on):
        assert opinion_request_from_token(token).enterprise == roster.furong_enterprise
    assert not OpinionRequest.objects.filter(answered_at__isnull=False).exists()


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "x" + token,
    lambda token: "not-a-token",
])
def test_a_tampered_link_gets_a_clear_page_never_a_500(links, roster, client, tamper):
    token = tamper(links[1][roster.furong_enterprise.pk])
    response = client.get(_url(token))
    assert response.status_code == 404
    assert "链接无效" in response.content.decode()
    assert client.post(_url(token), {"rating": OpinionRating.SATISFIED}).status_code == 404
    assert not OpinionRequest.objects.filter(answered_at__isnull=False).exists()


def test_a_link_of_another_salt_or_a_deleted_request_is_invalid(links, roster):
    from django.core import signing

    request = OpinionRequest.objects.get(enterprise=roster.furong_enterprise)
    with pytest.raises(OpinionLinkError):
        opinion_request_from_token(signing.dumps({"r": request.pk}))  # the default salt: not ours
    with pytest.raises(OpinionLinkError):
        opinion_request_from_token(signing.dumps({"r": 999999}, salt="assessments.opinion-link"))


def test_a_finalised_round_takes_no_more_opinions(links, roster, organization_user, client):
    row, tokens = links
    for assessment in row.round.assessments.all():
        grade_set(actor=organization_user, assessment=assessment, grade=Grade.COMPETENT)
    round_finalise(actor=organization_user, assessment_round=row.round)
    response = client.get(_url(tokens[roster.furong_enterprise.pk]))
    assert response.status_code == 410 and "考核已结束" in response.content.decode()


def test_only_the_officers_offices_make_links_for_enterprises_served(changsha_round, tianxin_office, furong_office,
                                                                    roster):
    row = assessment_of(changsha_round, roster.officer)
    with pytest.raises(ValidationError, match="联络员所属驻企办"):
        opinion_request_create(actor=tianxin_office, assessment=row, enterprise=roster.furong_enterprise)
    with pytest.raises(ValidationError, match="未派驻"):
        opinion_request_create(actor=furong_office, assessment=row, enterprise=roster.tianxin_enterprise)
    first = opinion_request_create(actor=furong_office, assessment=row, enterprise=roster.furong_enterprise)
    assert opinion_request_create(actor=furong_office, assessment=row, enterprise=roster.furong_enterprise) == first


def test_the_office_sees_the_links_and_who_answered(links, roster, furong_office, tianxin_office, client):
    row, tokens = links
    opinion_answer(token=tokens[roster.furong_enterprise.pk], rating=OpinionRating.SATISFIED)
    client.force_login(furong_office)
    body = client.get(f"/assessments/{row.round_id}/opinions/").content.decode()
    payload = {pk: token.split(":")[0] for pk, token in tokens.items()}  # the part that names the request
    assert f"/assessments/opinion/{payload[roster.furong_enterprise_2.pk]}:" in body  # unanswered: a link to copy
    assert f"/assessments/opinion/{payload[roster.furong_enterprise.pk]}:" not in body  # answered: none
    assert "满意" in body and roster.furong_enterprise_2.name in body
    client.force_login(tianxin_office)
    body = client.get(f"/assessments/{row.round_id}/opinions/").content.decode()
    assert roster.furong_enterprise.name not in body
