"""Idempotency-Key: checked before anything is written, and recorded in the same transaction as the write."""

import json

import pytest

from idempotency.models import IdempotencyRecord
from reports.models import DailyReport
from tests.reports.conftest import TODAY, VALUES

URL = "/api/v1/reports/"


@pytest.fixture
def post(client, officer_user, roster):
    client.force_login(officer_user)
    payload = json.dumps({"enterprise": roster.furong_enterprise.pk, "day": TODAY.isoformat(), **VALUES})

    def _post(key):
        return client.post(URL, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)

    return _post


@pytest.mark.parametrize("key", ["", "   ", "k" * 65, "报告-1", "caf\u00e9", "tab\there", "nul\x00", "bell\x07",
                                 "del\x7f"])
def test_a_bad_key_is_a_400_with_a_message_and_nothing_is_saved(post, key):
    response = post(key)
    assert response.status_code == 400, response.content
    assert "Idempotency-Key" in response.json()["detail"] and "64" in response.json()["detail"]
    assert not DailyReport.objects.exists()
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["k", "k" * 64, "0f8fab2c-1f0e-4c4e-9a4d-3d3b0b7e8a11", "a b~!@#$%^&*()_+{}|:<>?"])
def test_every_valid_key_files_once_and_replays(post, key):
    first = post(key)
    assert first.status_code == 201, first.content
    again = post(key)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert DailyReport.objects.count() == 1


def test_a_failure_in_the_bookkeeping_never_answers_an_error_for_a_saved_report(post, monkeypatch):
    """The answer is recorded in the report's transaction: when that fails, the report is not saved either, and the
    phone's retry with the same key files it exactly once."""
    from idempotency import services

    def broken(record, response):
        raise RuntimeError("the bookkeeping failed")

    monkeypatch.setattr(services, "_record_answer", broken)
    with pytest.raises(RuntimeError):  # the test client re-raises what would be a 500
        post("phone-retry-1")
    assert not DailyReport.objects.exists(), "an error was answered for a report that was saved"
    assert not IdempotencyRecord.objects.exists()

    monkeypatch.undo()
    retried = post("phone-retry-1")
    assert retried.status_code == 201
    replayed = post("phone-retry-1")
    assert replayed.status_code == 201 and replayed["Idempotent-Replayed"] == "true"
    assert replayed.json()["id"] == retried.json()["id"]
    assert DailyReport.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert record.status_code == 201 and record.response_body["id"] == retried.json()["id"]


def test_a_saved_report_always_has_its_answer_recorded(post):
    response = post("k-recorded")
    record = IdempotencyRecord.objects.get(key="k-recorded")
    assert (record.status_code, record.response_body["id"]) == (201, response.json()["id"])
