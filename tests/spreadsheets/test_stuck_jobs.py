"""Jobs whose worker vanished: the stuck-job sweep fails them with a message, their page offers a retry, and the
retry queues the same work again as the same job. A redelivered or late message never runs a job twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spreadsheets.choices import JobKind, JobStatus
from spreadsheets.models import SpreadsheetJob
from spreadsheets.services import job_create, job_enqueue, job_finish, job_run, jobs_fail_stuck
from spreadsheets.tasks import jobs_fail_stuck_task

pytestmark = pytest.mark.django_db

RUNS = []


@pytest.fixture(autouse=True)
def probe_task():
    """A task the jobs queue: it records its run and finishes the job (eagerly, as the embedded mode runs it)."""
    from celery import shared_task

    @shared_task(name="tests.spreadsheets.finish_job")
    def finish_job(*, job_id: int, label: str) -> None:
        def work(job, progress):
            RUNS.append((job_id, label))
            job_finish(job_id=job_id, message=f"{label} 完成")

        job_run(job_id=job_id, work=work)

    RUNS.clear()
    yield


def stuck(job, *, status, minutes_ago):
    SpreadsheetJob.objects.filter(pk=job.pk).update(status=status,
                                                    heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_a_running_job_without_heartbeat_is_failed_with_a_message(changsha_office, settings):
    settings.SPREADSHEET_JOB_STALE_MINUTES = 3
    dead = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    alive = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    stuck(dead, status=JobStatus.RUNNING, minutes_ago=4)
    stuck(alive, status=JobStatus.RUNNING, minutes_ago=1)

    assert jobs_fail_stuck_task() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and "3" in dead.message and dead.finished_at
    assert alive.status == JobStatus.RUNNING
    assert jobs_fail_stuck() == 0  # idempotent


def test_a_job_queued_too_long_is_failed_and_a_fresh_one_is_left_alone(changsha_office, settings):
    settings.SPREADSHEET_JOB_QUEUED_MINUTES = 15
    old = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    SpreadsheetJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    fresh = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")

    assert jobs_fail_stuck() == 1
    assert SpreadsheetJob.objects.get(pk=old.pk).status == JobStatus.FAILED
    assert SpreadsheetJob.objects.get(pk=fresh.pk).status == JobStatus.QUEUED


def test_the_failed_jobs_page_offers_a_retry_that_runs_the_same_job_again(changsha_office, client, login,
                                                                           django_capture_on_commit_callbacks):
    job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    with django_capture_on_commit_callbacks(execute=False):
        job_enqueue(job=job, task_name="tests.spreadsheets.finish_job", label="第一次")
    stuck(job, status=JobStatus.RUNNING, minutes_ago=60)
    jobs_fail_stuck()

    login(changsha_office)
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert reverse("spreadsheets:job_retry", args=[job.pk]) in page
    assert "data-job-retry hidden" not in page.replace("  ", " ")
    assert client.get(reverse("spreadsheets:job_status", args=[job.pk])).json()["can_retry"] is True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spreadsheets:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "第一次 完成"
    assert RUNS == [(job.pk, "第一次")]


def test_only_the_owner_can_retry_and_only_a_failed_job(changsha_office, tianxin_office, client, login):
    job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    job_enqueue(job=job, task_name="tests.spreadsheets.finish_job", label="x")
    login(tianxin_office)
    assert client.post(reverse("spreadsheets:job_retry", args=[job.pk])).status_code == 404
    client.logout()
    login(changsha_office)
    page = client.post(reverse("spreadsheets:job_retry", args=[job.pk]), follow=True).content.decode()
    assert "Only a failed job can be retried." in page or "只有失败的任务才能重试" in page
    assert SpreadsheetJob.objects.get(pk=job.pk).status == JobStatus.QUEUED and RUNS == []


def test_a_late_message_for_a_job_the_sweep_failed_does_nothing(changsha_office):
    job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    stuck(job, status=JobStatus.FAILED, minutes_ago=10)
    job_run(job_id=job.pk, work=lambda job, progress: RUNS.append("ran"))
    assert RUNS == [] and SpreadsheetJob.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_a_second_delivery_while_the_job_runs_does_not_run_it_again(changsha_office):
    job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    stuck(job, status=JobStatus.RUNNING, minutes_ago=0)
    job_run(job_id=job.pk, work=lambda job, progress: RUNS.append("ran"))
    assert RUNS == [] and SpreadsheetJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
