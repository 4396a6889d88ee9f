"""Request fault drills: a hung Redis costs a request nothing; PostgreSQL down is a 503 that heals by itself."""

import json
import statistics
import time

import pytest

from liaison_portal import queueing
from reports.models import DailyReport
from tests.conftest import _reset_connections
from tests.faults.request_servers import (
    Gunicorn,
    PostgresCluster,
    app_environment,
    collect_static,
    http,
    manage,
    redis_server,
    seed,
)
from tests.reports.conftest import TODAY, VALUES

# A hung Redis may add at most this much to a request (issue #13).
HUNG_REDIS_BUDGET_SECONDS = 0.2


@pytest.fixture
def private_redis_broker(settings, monkeypatch):
    """The web process's production shape against a private redis-server: cache and broker on it, not eager."""
    from liaison_portal.celery import app

    with redis_server() as redis:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": redis.url,
                                       "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
        # Celery reads a CELERY_BROKER_URL variable (the PostgreSQL + Redis pass sets it) and the CELERY_-prefixed
        # Django settings before its own keys: set all three.
        monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
        settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = redis.url, False
        settings.CELERY_TASK_DEFAULT_QUEUE = "fault-drill"
        keys = ("broker_url", "task_always_eager", "task_default_queue")
        previous = {key: app.conf[key] for key in keys}
        app.conf.update(broker_url=redis.url, task_always_eager=False, task_default_queue="fault-drill")
        assert app.conf.task_always_eager is False and app.conf.broker_url == redis.url
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
    healthy = [submit() for _ in range(5)]
    assert queueing.drain_outbox(5), "the sender could not deliver to a healthy Redis"
    assert private_redis_broker.process.poll() is None

    handled_before = queueing._the_sender.handled
    private_redis_broker.hang()  # SIGSTOP: connections are accepted by the kernel, never answered
    hung = [submit() for _ in range(5)]
    extra = max(hung) - statistics.median(healthy)  # the slowest hung submission against a typical healthy one
    print(f"\nhung Redis: healthy submissions {[round(t * 1000) for t in healthy]} ms, "
          f"with Redis SIGSTOPped {[round(t * 1000) for t in hung]} ms, extra {extra * 1000:.0f} ms "
          f"(budget {HUNG_REDIS_BUDGET_SECONDS * 1000:.0f} ms)")
    assert extra < HUNG_REDIS_BUDGET_SECONDS
    assert DailyReport.objects.count() == 1

    private_redis_broker.resume()
    assert queueing.drain_outbox(30), "the sender did not recover once Redis answered again"
    assert queueing._the_sender.handled - handled_before >= 5, "the submissions did not go through the sender"


@pytest.mark.faults
def test_queueing_with_a_hung_redis_returns_at_once(transactional_db, private_redis_broker):
    from django.db import transaction

    def twenty_commits(queue: bool) -> float:
        started = time.monotonic()
        for index in range(20):
            with transaction.atomic():
                if queue:
                    queueing.enqueue_on_commit("summaries.tasks.summaries_refresh_task", coalesce_key=f"drill:{index}")
        return time.monotonic() - started

    baseline = twenty_commits(queue=False)
    private_redis_broker.hang()
    took = twenty_commits(queue=True)
    # Waiting on the hung Redis even once would cost a socket timeout (0.2 s); commits alone vary with the load.
    assert took < baseline + 0.1, f"20 commits took {took:.3f} s with Redis hung, {baseline:.3f} s without queueing"


@pytest.mark.faults
def test_postgresql_stopped_is_a_503_and_started_again_heals_the_same_server(tmp_path):
    """A private cluster behind gunicorn: stop it, pages are a Chinese 503 and the API a problem detail; start it,
    the same gunicorn (no restart) answers 200 again."""
    cluster = PostgresCluster()
    server = None
    try:
        env = app_environment(DATABASE_URL=cluster.url, DJANGO_STATIC_ROOT=str(tmp_path / "static"),
                              DJANGO_LOG_LEVEL="WARNING")
        manage(env, "migrate", "--noinput", "-v0")
        collect_static(env)
        seeded = seed(env)
        server = Gunicorn(env, workers=2, log=tmp_path / "gunicorn.log")
        page_headers = {"Cookie": f"sessionid={seeded['office']['session']}"}
        api_headers = {"Authorization": f"Token {seeded['office']['token']}", "Accept-Language": "zh-hans"}

        def answers(rounds: int = 6) -> list[tuple[int, int, str, float]]:
            """(page status, API status, API content type, slowest seconds) per round; both workers get asked."""
            found = []
            for _ in range(rounds):
                started = time.monotonic()
                page_status, _page_headers, page = http("GET", server.base_url + "/dashboard/", headers=page_headers)
                api_status, api_response_headers, api = http("GET", server.base_url + "/api/v1/reports/",
                                                             headers=api_headers)
                found.append((page_status, api_status, api_response_headers.get("content-type", ""),
                              time.monotonic() - started, page, api))
            return found

        assert {(page, api) for page, api, *_ in answers()} == {(200, 200)}

        cluster.stop()
        down = answers()
        assert {(page, api) for page, api, *_ in down} == {(503, 503)}, [(p, a) for p, a, *_ in down]
        _, _, content_type, _, page, api = down[-1]
        assert "服务暂时不可用" in page.decode()
        assert content_type == "application/problem+json"
        problem = json.loads(api)
        assert problem["status"] == 503 and problem["title"] == "服务暂时不可用" and problem["detail"]
        slowest_down = max(seconds for *_, seconds, _page, _api in down)

        cluster.start()
        started = time.monotonic()
        healed = answers()
        assert {(page, api) for page, api, *_ in healed} == {(200, 200)}, [(p, a) for p, a, *_ in healed]
        assert server.process.poll() is None
        print(f"\nPostgreSQL down: {len(down) * 2} requests answered 503 (slowest round {slowest_down * 1000:.0f} ms); "
              f"after the restart {len(healed) * 2} answered 200 in {time.monotonic() - started:.2f} s, "
              f"same gunicorn pid {server.process.pid}")
    finally:
        if server is not None:
            server.stop()
        cluster.destroy()
