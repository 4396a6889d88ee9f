"""A report that waited on the phone for a signal carries the phone's filing time (filed_at) beside the server's
(received): the late and open-day rules read the filing time, within a window the server can vouch for, and the
office sees that the report was filed offline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.models import DailyReport
from reports.services import report_submit, report_update

from .conftest import TODAY, VALUES, YESTERDAY, at

pytestmark = pytest.mark.django_db


def submit(officer_user, roster, *, day=TODAY, now, filed_at=None):
    return report_submit(actor=officer_user, assignment=roster.furong_assignment, day=day, values=dict(VALUES),
                         now=now, filed_at=filed_at)


def test_a_report_written_at_19_in_a_mine_and_received_at_23_is_not_late(officer_user, roster):
    report = submit(officer_user, roster, now=at(TODAY, 23), filed_at=at(TODAY, 19))
    report.refresh_from_db()
    assert (report.filed_at, report.received_at) == (at(TODAY, 19), at(TODAY, 23))
    assert not report.is_late and report.filed_offline


def test_without_a_phone_time_the_report_is_filed_when_received_as_before(officer_user, roster):
    report = submit(officer_user, roster, now=at(TODAY, 21))
    assert report.filed_at == report.received_at == at(TODAY, 21)
    assert report.is_late and not report.filed_offline


def test_a_change_written_before_the_day_closed_is_accepted_when_it_arrives_after(officer_user, roster):
    report = submit(officer_user, roster, day=YESTERDAY, now=at(YESTERDAY, 18))
    # Written at 08:30 in the morning the day closes (09:00), sent at 10:00 when the signal came back.
    changed = report_update(actor=officer_user, report=report, values={**VALUES, "open_positions": 31},
                            expected_version=1, now=at(TODAY, 10), filed_at=at(TODAY, 8, 30))
    assert changed.open_positions == 31 and changed.version == 2
    with pytest.raises(ValidationError) as closed:
        report_update(actor=officer_user, report=changed, values={**VALUES, "open_positions": 32},
                      expected_version=2, now=at(TODAY, 10))  # written now, after the close
    assert "day" in closed.value.error_dict


@pytest.mark.parametrize("day, filed_at, words", [
    (TODAY, lambda: at(TODAY, 12) + timedelta(minutes=6), "in the future"),  # beyond five minutes of clock skew
    (TODAY, lambda: at(YESTERDAY, 23), "before the report's day"),
    # Written on its day four days ago, in the day's open hours: too long on a phone to vouch for.
    (TODAY - timedelta(days=4), lambda: at(TODAY - timedelta(days=4), 18), "more than 72 hours"),
    (TODAY, lambda: at(TODAY, 11).replace(tzinfo=None), "time zone"),
])
def test_a_filing_time_the_server_cannot_vouch_for_is_refused_and_nothing_is_saved(officer_user, roster, day,
                                                                                    filed_at, words,
                                                                                    in_english_everywhere):
    with pytest.raises(ValidationError) as refused:
        submit(officer_user, roster, day=day, now=at(TODAY, 12), filed_at=filed_at())
    assert words in " ".join(refused.value.message_dict["filed_at"])
    assert not DailyReport.objects.exists()


def test_a_phone_a_few_minutes_fast_is_believed(officer_user, roster):
    report = submit(officer_user, roster, now=at(TODAY, 12), filed_at=at(TODAY, 12, 4))
    assert report.filed_at == at(TODAY, 12, 4) and not report.filed_offline


@pytest.fixture
def in_english_everywhere():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_the_api_takes_the_phone_time_and_the_office_sees_filed_offline(officer_user, roster, furong_office,
                                                                        client):
    from rest_framework.test import APIClient

    now = timezone.now()
    filed = now - timedelta(hours=2)
    api = APIClient()
    api.force_authenticate(officer_user)
    day = timezone.localdate(filed)
    response = api.post("/api/v1/reports/", {"enterprise": roster.furong_enterprise.pk, "day": day.isoformat(),
                                             "filed_at": filed.isoformat(), **VALUES}, format="json",
                        HTTP_IDEMPOTENCY_KEY="offline-1")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filed_offline"] is True
    assert timezone.datetime.fromisoformat(body["filed_at"]) == filed.replace(microsecond=filed.microsecond)
    assert timezone.datetime.fromisoformat(body["received_at"]) >= now

    refused = api.post("/api/v1/reports/", {"enterprise": roster.furong_enterprise_2.pk, "day": day.isoformat(),
                                            "filed_at": (now + timedelta(hours=1)).isoformat(), **VALUES},
                       format="json", HTTP_IDEMPOTENCY_KEY="offline-2")
    assert refused.status_code == 400 and "filed_at" in refused.json(), refused.content
    assert DailyReport.objects.count() == 1

    client.force_login(furong_office)
    page = client.get("/reports/").content.decode()
    assert "离线填报" in page
    detail = client.get(f"/reports/{body['id']}/").content.decode()
    assert "离线填报" in detail and timezone.localtime(filed).strftime("%m-%d %H:%M") in detail
