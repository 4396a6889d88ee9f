"""A background job's finish tells whoever started it (export ready, import finished), once per job, in the
finish's transaction; a job run in the request, a failed one, or another person's tells nobody."""

import pytest
from django.db import transaction

from notifications.choices import NoticeKind
from notifications.models import Delivery, Notice
from spreadsheets.choices import JobKind, JobStatus
from spreadsheets.models import SpreadsheetJob
from spreadsheets.services import job_create, job_enqueue, job_finish, job_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def probe_task():
    """The task a background job queues: it finishes the job (or fails it), as an export's task would."""
    from celery import shared_task

    @shared_task(name="tests.spreadsheets.notice_job")
    def notice_job(*, job_id: int, fail: bool = False) -> str:
        def work(job, progress):
            if fail:
                raise RuntimeError("the export crashed")
            job_finish(job_id=job_id, message="共导出 25 行")

        return job_run(job_id=job_id, work=work).status

    yield


def queued(actor, kind=JobKind.EXPORT, title="问题台账导出", **kwargs) -> SpreadsheetJob:
    with transaction.atomic():
        job = job_create(actor=actor, kind=kind, title=title)
        job_enqueue(job=job, task_name="tests.spreadsheets.notice_job", **kwargs)
    return job


def notices_of(user):
    return list(Notice.objects.filter(recipient=user).values_list("kind", "url", "dedupe_key"))


def test_a_background_export_tells_its_owner_once_with_a_link_to_the_job(changsha_office, furong_office, client,
                                                                        django_capture_on_commit_callbacks):
    changsha_office.email = "office@changsha.gov.cn"
    changsha_office.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = queued(changsha_office)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert notices_of(changsha_office) == [(NoticeKind.EXPORT_READY, f"/files/jobs/{job.pk}/",
                                            f"job:{job.pk}:finished")]
    notice = Notice.objects.get(recipient=changsha_office)
    assert "问题台账导出" in notice.title and notice.body == "共导出 25 行"
    assert notices_of(furong_office) == []
    assert list(Delivery.objects.values_list("channel", "status")) == [("email", "sent")]
    client.force_login(changsha_office)
    assert client.get(notice.url).status_code == 200  # the job's page, with its download
    client.force_login(furong_office)
    assert client.get(notice.url).status_code == 404  # nobody else's


def test_a_redelivered_task_or_a_second_finish_tells_nobody_twice(changsha_office,
                                                                  django_capture_on_commit_callbacks):
    from liaison_portal.queueing import task_by_name

    with django_capture_on_commit_callbacks(execute=True):
        job = queued(changsha_office)
    task_by_name("tests.spreadsheets.notice_job").apply(kwargs={"job_id": job.pk})  # a redelivery: nothing runs
    job_finish(job_id=job.pk, message="共导出 25 行")  # and a second finish keeps the one notice
    assert Notice.objects.filter(recipient=changsha_office).count() == 1


def test_a_background_import_tells_that_it_finished(changsha_office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = queued(changsha_office, kind=JobKind.IMPORT, title="企业名单导入")
    assert notices_of(changsha_office) == [(NoticeKind.IMPORT_FINISHED, f"/files/jobs/{job.pk}/",
                                            f"job:{job.pk}:finished")]


def test_a_job_run_in_the_request_is_answered_on_its_page_not_by_a_notice(changsha_office):
    job = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.EXPORT, title="小导出").pk,
                  work=lambda job, progress: job_finish(job_id=job.pk, message="完成"))
    assert job.status == JobStatus.DONE and not Notice.objects.exists()


def test_a_failed_job_tells_nobody(changsha_office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = queued(changsha_office, fail=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not Notice.objects.exists()


def test_a_finish_rolled_back_tells_nobody_and_sends_nothing(changsha_office, django_capture_on_commit_callbacks):
    changsha_office.email = "office@changsha.gov.cn"
    changsha_office.save()
    job = queued(changsha_office)  # queued, its task not run (the test's transaction never commits)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            job_finish(job_id=job.pk, message="完成")
            raise RuntimeError("the work's transaction failed after the finish")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert not Notice.objects.exists() and not Delivery.objects.exists() and not callbacks


def test_a_background_export_through_a_real_worker_tells_its_owner(celery_worker_on_redis, regions, changsha_office):
    import time

    job = queued(changsha_office)
    deadline = time.monotonic() + 30
    while not Notice.objects.filter(recipient=changsha_office).exists():
        if time.monotonic() > deadline:
            job.refresh_from_db()
            pytest.fail(f"no notice after 30 s: the job is {job.status} ({job.message!r})")
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert notices_of(changsha_office) == [(NoticeKind.EXPORT_READY, f"/files/jobs/{job.pk}/",
                                            f"job:{job.pk}:finished")]
