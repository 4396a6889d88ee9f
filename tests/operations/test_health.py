"""Is background work alive: the health page and its JSON, and the dashboards' freshness stamps, all from
operations.selectors.background_state; never a warning in the embedded (eager) mode, which has no workers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from operations.choices import ProcessKind
from operations.services import heartbeat_record

pytestmark = pytest.mark.django_db

STOPPED = "后台任务已停止"


@pytest.fixture
def with_workers(settings):
    """As in production: tasks go to workers (none is used here), so background work is watched."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.fixture
def embedded(settings):
    """As `make run` has it whichever pass runs the tests: no broker, tasks in-process, no workers to watch."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def worker_seen(minutes_ago: float):
    heartbeat_record(kind=ProcessKind.WORKER, hostname="celery@worker-1",
                     now=timezone.now() - timedelta(minutes=minutes_ago))


def test_the_json_answers_200_with_a_fresh_worker_and_503_after_two_quiet_minutes(with_workers, client):
    worker_seen(1)
    response = client.get("/health.json")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    worker_seen(7)
    response = client.get("/health.json")
    assert response.status_code == 503
    assert response.json()["status"] == "background-stopped" and response.json()["stopped_minutes"] == 7


def test_no_worker_ever_seen_is_stopped_too(with_workers, client):
    assert client.get("/health.json").status_code == 503


def test_the_embedded_mode_never_warns(embedded, client, furong_office):
    assert client.get("/health.json").status_code == 200 and client.get("/health.json").json()["embedded"]
    client.force_login(furong_office)
    assert STOPPED not in client.get("/health/").content.decode()


def test_the_health_page_shows_workers_runs_jobs_and_is_for_staff_and_offices(with_workers, client, furong_office,
                                                                              officer_user):
    from operations.models import ScheduledRun

    worker_seen(5)
    ScheduledRun.objects.create(name="dashboards-bulletins", due_at=timezone.now() - timedelta(hours=1),
                                status="failed", error="boom")
    client.force_login(officer_user)
    assert client.get("/health/").status_code == 404
    client.force_login(furong_office)
    page = client.get("/health/").content.decode()
    assert "后台任务已停止 5 分钟" in page
    assert "celery@worker-1" in page and "dashboards-bulletins" in page and "boom" in page


def test_the_dashboard_stamp_says_background_work_stopped(with_workers, world, regions, furong_office, client):
    client.force_login(furong_office)
    worker_seen(0.5)
    assert STOPPED not in client.get(f"/dashboard/{regions.furong.pk}/").content.decode()
    worker_seen(12)
    body = client.get(f"/dashboard/{regions.furong.pk}/").content.decode()
    assert "后台任务已停止 12 分钟" in body and "截至" in body


def test_the_dashboard_stamp_never_warns_in_the_embedded_mode(embedded, world, regions, furong_office, client):
    client.force_login(furong_office)
    assert STOPPED not in client.get(f"/dashboard/{regions.furong.pk}/").content.decode()
