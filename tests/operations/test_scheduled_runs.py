"""Scheduled runs: every daily job's due time is recorded by the tick, run once, and a due time missed while beat or
Redis was down is run once by the next tick (only the latest missed one of each job)."""

from datetime import datetime, timedelta

import pytest
from celery import shared_task
from django.utils import timezone

from operations.choices import RunStatus
from operations.models import ScheduledRun
from operations.schedule import latest_due
from operations.services import scheduled_run_execute, scheduled_runs_tick

pytestmark = pytest.mark.django_db

CALLS = []


@shared_task(name="tests.operations.record_call")
def record_call(**kwargs):
    CALLS.append(kwargs)


@pytest.fixture
def one_job(monkeypatch, settings):
    """The schedule reduced to one daily job at 21:00 that records its calls (with the day it was due for)."""
    from operations import schedule, services

    job = schedule.DailyJob("test-bulletins", "tests.operations.record_call", datetime.min.time().replace(hour=21),
                            schedule._the_day)
    monkeypatch.setattr(services, "daily_jobs", lambda: [job])
    monkeypatch.setattr(services, "daily_job", lambda name: job if name == job.name else None)
    CALLS.clear()
    return job


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def tick(now, capture):
    with capture(execute=True):
        return scheduled_runs_tick(now=now)


def test_the_latest_due_time_is_today_after_it_and_yesterday_before_it():
    at = datetime.min.time().replace(hour=21)
    assert latest_due(at, local(2026, 3, 2, 21, 0)) == local(2026, 3, 2, 21, 0)
    assert latest_due(at, local(2026, 3, 2, 20, 59)) == local(2026, 3, 1, 21, 0)


def test_a_due_run_is_recorded_and_run_once_however_many_ticks(one_job, django_capture_on_commit_callbacks):
    for minute in range(5):
        tick(local(2026, 3, 2, 21, minute), django_capture_on_commit_callbacks)
    run = ScheduledRun.objects.get(name="test-bulletins")
    assert run.due_at == local(2026, 3, 2, 21, 0) and run.status == RunStatus.DONE and run.attempts == 1
    assert CALLS == [{"day": "2026-03-02"}]


def test_beat_down_across_the_due_time_runs_it_once_when_it_returns(one_job, django_capture_on_commit_callbacks):
    tick(local(2026, 3, 2, 20, 55), django_capture_on_commit_callbacks)  # yesterday's run, then beat stops
    CALLS.clear()
    # No tick from 20:56 to 23:10 (beat or Redis down); the first tick back finds the 21:00 run missing.
    tick(local(2026, 3, 2, 23, 10), django_capture_on_commit_callbacks)
    tick(local(2026, 3, 2, 23, 11), django_capture_on_commit_callbacks)
    assert CALLS == [{"day": "2026-03-02"}]  # the evening's bulletin, even though it runs late
    assert ScheduledRun.objects.filter(name="test-bulletins", due_at=local(2026, 3, 2, 21, 0),
                                       status=RunStatus.DONE).count() == 1


def test_only_the_latest_missed_due_time_is_caught_up(one_job, django_capture_on_commit_callbacks):
    tick(local(2026, 3, 1, 21, 5), django_capture_on_commit_callbacks)
    CALLS.clear()
    tick(local(2026, 3, 5, 9, 0), django_capture_on_commit_callbacks)  # down for three and a half days
    assert CALLS == [{"day": "2026-03-04"}]


def test_a_run_whose_message_was_lost_is_queued_again_later(one_job, settings):
    settings.SCHEDULED_RUN_REQUEUE_MINUTES = 5
    queued = scheduled_runs_tick(now=local(2026, 3, 2, 21, 0))  # on_commit never fires: the message is lost
    assert len(queued) == 1 and CALLS == []
    assert scheduled_runs_tick(now=local(2026, 3, 2, 21, 3)) == []  # a worker may still take it
    assert len(scheduled_runs_tick(now=local(2026, 3, 2, 21, 6))) == 1


def test_a_second_delivery_of_a_run_does_nothing(one_job):
    scheduled_runs_tick(now=local(2026, 3, 2, 21, 0))
    run = ScheduledRun.objects.get()
    assert scheduled_run_execute(run_id=run.pk).status == RunStatus.DONE
    assert scheduled_run_execute(run_id=run.pk).status == RunStatus.DONE
    assert CALLS == [{"day": "2026-03-02"}]


def test_a_failing_run_records_its_error_and_is_tried_again(one_job, monkeypatch, settings,
                                                             django_capture_on_commit_callbacks):
    settings.SCHEDULED_RUN_MAX_ATTEMPTS = 2
    settings.SCHEDULED_RUN_REQUEUE_MINUTES = 5
    from operations import services

    boom = services.daily_job("test-bulletins").__class__("test-bulletins", "no.such.task", one_job.at, one_job.kwargs)
    monkeypatch.setattr(services, "daily_job", lambda name: boom)
    tick(local(2026, 3, 2, 21, 0), django_capture_on_commit_callbacks)
    run = ScheduledRun.objects.get()
    assert run.status == RunStatus.FAILED and "no.such.task" in run.error
    tick(local(2026, 3, 2, 21, 6), django_capture_on_commit_callbacks)
    tick(local(2026, 3, 2, 21, 20), django_capture_on_commit_callbacks)
    assert ScheduledRun.objects.get().attempts == 2  # then it stays failed, on the health page


def test_the_real_schedule_names_every_daily_job_by_its_task(settings):
    from liaison_portal.queueing import task_by_name
    from operations.schedule import daily_jobs

    names = {job.name: job.task for job in daily_jobs()}
    assert set(names) == {"reports-reminders", "dashboards-bulletins", "summaries-close-day",
                          "meetings-rectification-overdue", "meetings-rectification-due", "summaries-verify",
                          "problems-overdue"}
    for task in names.values():
        if task != "summaries.tasks.summaries_verify_task":  # the summaries app's, may not exist yet
            task_by_name(task)
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "operations.tasks.scheduled_runs_tick" in beat
    assert not beat & set(names.values()), "a daily job left as a crontab entry would be lost while beat is down"


def test_the_close_day_run_recomputes_the_day_before_its_due_time():
    from operations.schedule import daily_job

    job = daily_job("summaries-close-day")
    assert job.kwargs(local(2026, 3, 2, 0, 30)) == {"day": "2026-03-01"}
    assert daily_job("reports-reminders").kwargs(local(2026, 3, 2, 17, 0) + timedelta(hours=8)) == {
        "day": "2026-03-03"}
