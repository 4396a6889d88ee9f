"""A phone's retry that arrives while the first request is still running waits for it and gets its answer."""

import json
import threading
import time

from django.db import connection
from django.test import Client

from idempotency.models import IdempotencyRecord
from reports.api import views as report_views
from reports.models import DailyReport
from tests.reports.conftest import TODAY, VALUES


def test_two_requests_with_one_key_at_once_file_one_report(require_postgres, transactional_db, officer_user, roster,
                                                           monkeypatch):
    submit = report_views.report_submit

    def slow_submit(**kwargs):
        time.sleep(0.5)  # the first request holds the key while the retry comes in
        return submit(**kwargs)

    monkeypatch.setattr(report_views, "report_submit", slow_submit)
    payload = json.dumps({"enterprise": roster.furong_enterprise.pk, "day": TODAY.isoformat(), **VALUES})
    barrier = threading.Barrier(2)
    answers = []

    def phone():
        client = Client()
        client.force_login(officer_user)
        barrier.wait()
        try:
            response = client.post("/api/v1/reports/", payload, content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY="retry-while-running")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=phone) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [status for status, _body in answers] == [201, 201], answers
    assert answers[0][1]["id"] == answers[1][1]["id"]
    assert DailyReport.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
