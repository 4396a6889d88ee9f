"""Request fault drills: a hung Redis costs a request nothing; PostgreSQL down is a 503 that heals by itself."""

import json
import time

import pytest

from liaison_portal import queueing
from reports.models import DailyReport
from tests.conftest import _reset_connections
from tests.faults.request_servers import redis_server
from tests.reports.conftest import TODAY, VALUES

# A hung Redis may add at most this much to a request (issue #13).
HUNG_REDIS_BUDGET_SECONDS = 0.2


@pytest.fixture
def private_redis_broker(settings):
    """The web process's production shape against a private redis-server: cache and broker on it, not eager."""
    from liaison_portal.celery import app

    with redis_server() as redis:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": redis.url,
                                       "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
        keys = ("broker_url", "task_always_eager", "task_default_queue")
        previous = {key: app.conf[key] for key in keys}
        app.conf.update(broker_url=redis.url, task_always_eager=False, task_default_queue="fault-drill")
        _reset_connections(app)
        try:
            yield redis
        finally:
            redis.resume()
            redis.kill()
            queueing.drain_outbox(10)
            app.conf.update(previous)
            _reset_connections(app)


@pytest.mark.faults
def test_a_hung_redis_adds_at_most_200_ms_to_a_report_submission(transactional_db, client, officer_user, roster,
                                                                   private_redis_broker):
    client.force_login(officer_user)
    payload = json.dumps({"enterprise": roster.furong_enterprise.pk, "day": TODAY.isoformat(), **VALUES})

    def submit() -> float:
        DailyReport.objects.all().delete()
        started = time.monotonic()
        response = client.post("/api/v1/reports/", payload, content_type="application/json")
        took = time.monotonic() - started
        assert response.status_code == 201, response.content
        assert DailyReport.objects.filter(pk=response.json()["id"]).exists()
        return took

    submit()  # warm up: imports, the first connection
    healthy = [submit() for _ in range(3)]
    assert queueing.drain_outbox(5), "the sender could not deliver to a healthy Redis"
    assert private_redis_broker.process.poll() is None

    handled_before = queueing._the_sender.handled
    private_redis_broker.hang()  # SIGSTOP: connections are accepted by the kernel, never answered
    hung = [submit() for _ in range(3)]
    extra = max(hung) - max(healthy)
    print(f"\nhung Redis: healthy submissions {[round(t * 1000) for t in healthy]} ms, "
          f"with Redis SIGSTOPped {[round(t * 1000) for t in hung]} ms, extra {extra * 1000:.0f} ms "
          f"(budget {HUNG_REDIS_BUDGET_SECONDS * 1000:.0f} ms)")
    assert extra < HUNG_REDIS_BUDGET_SECONDS
    assert DailyReport.objects.count() == 1

    private_redis_broker.resume()
    assert queueing.drain_outbox(30), "the sender did not recover once Redis answered again"
    assert queueing._the_sender.handled - handled_before >= 3, "the submissions did not go through the sender"


@pytest.mark.faults
def test_queueing_with_a_hung_redis_returns_at_once(transactional_db, private_redis_broker):
    from django.db import transaction

    private_redis_broker.hang()
    started = time.monotonic()
    for index in range(20):
        with transaction.atomic():
            queueing.enqueue_on_commit("summaries.tasks.summaries_refresh_task", coalesce_key=f"drill:{index}")
    took = time.monotonic() - started
    assert took < 0.05, f"20 commits took {took:.3f} s with Redis hung"
