"""Spreadsheet jobs: progress a page can poll, a file only its owner downloads, failures with a readable message,
and files that expire after a day (the beat task eagerly and through a real worker on Redis)."""

from datetime import timedelta
from io import BytesIO
from time import monotonic, sleep

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from spreadsheets.choices import JobKind, JobStatus
from spreadsheets.models import SpreadsheetJob
from spreadsheets.services import job_create, job_finish, job_run, jobs_expire
from spreadsheets.tasks import jobs_expire_task
from spreadsheets.writing import Sheet, workbook_write

pytestmark = pytest.mark.django_db


def _export_work(rows: int):
    """A job's work as an export task would do it: stream rows into a workbook, report progress, finish."""

    def work(job, progress):
        produced = job_file_path(job)

        def lines():
            for number in range(1, rows + 1):
                if number % 10 == 0:
                    progress(number, rows)
                yield [number, f"第{number}行"]

        workbook_write([Sheet(title="表", headers=["序号", "内容"], rows=lines())], produced)
        job_finish(job_id=job.pk, output_path=produced, output_name="测试导出.xlsx", message="完成")

    return work


def job_file_path(job):
    from django.conf import settings

    folder = settings.PRIVATE_FILES_ROOT / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"job-{job.pk}.xlsx"


def test_a_finished_export_offers_its_file_to_the_person_who_started_it(changsha_office, client, login):
    job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="考核表导出")
    job = job_run(job_id=job.pk, work=_export_work(rows=25))

    assert job.status == JobStatus.DONE and job.percent == 100 and job.done == 25
    assert job.expires_at > timezone.now() + timedelta(hours=23)
    login(changsha_office)
    state = client.get(reverse("spreadsheets:job_status", args=[job.pk])).json()
    assert state["status"] == "done" and state["percent"] == 100 and state["finished"]
    assert state["download_url"] == reverse("spreadsheets:job_download", args=[job.pk])
    page = client.get(reverse("spreadsheets:job", args=[job.pk]))
    assert "测试导出.xlsx" in page.content.decode()
    download = client.get(state["download_url"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    rows = list(load_workbook(BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[0] == ("序号", "内容") and rows[-1] == (25, "第25行")


def test_nobody_else_sees_a_job_or_its_file(changsha_office, furong_office, client, login):
    job = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出").pk,
                  work=_export_work(rows=3))
    login(furong_office)
    for name in ("spreadsheets:job", "spreadsheets:job_status", "spreadsheets:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_progress_is_visible_while_the_work_runs(changsha_office, client, login):
    job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出")
    login(changsha_office)
    seen = []

    def work(running_job, progress):
        progress(40, 100)
        seen.append(client.get(reverse("spreadsheets:job_status", args=[running_job.pk])).json())

    job_run(job_id=job.pk, work=work)
    assert seen[0]["status"] == "running" and seen[0]["percent"] == 40 and seen[0]["download_url"] == ""


def test_a_failing_job_says_why_and_offers_nothing(changsha_office, client, login):
    def refuse(job, progress):
        raise ValidationError("第3行：统一社会信用代码校验位错误。")

    job = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.IMPORT, title="导入").pk, work=refuse)
    assert job.status == JobStatus.FAILED
    login(changsha_office)
    state = client.get(reverse("spreadsheets:job_status", args=[job.pk])).json()
    assert state["message"] == "第3行：统一社会信用代码校验位错误。" and state["download_url"] == ""
    assert client.get(reverse("spreadsheets:job_download", args=[job.pk])).status_code == 404


def test_an_unexpected_error_shows_a_generic_message_not_a_traceback(changsha_office):
    def crash(job, progress):
        raise KeyError("internal detail")

    job = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出").pk, work=crash)
    assert job.status == JobStatus.FAILED
    assert "internal detail" not in job.message and job.message


def test_a_redelivered_task_does_not_run_a_finished_job_again(changsha_office):
    job = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出").pk,
                  work=_export_work(rows=3))
    calls = []
    job_run(job_id=job.pk, work=lambda job, progress: calls.append(job))
    assert calls == []


def _expired_export(actor):
    job = job_run(job_id=job_create(actor=actor, kind=JobKind.EXPORT, title="导出").pk, work=_export_work(rows=3))
    SpreadsheetJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    return job


def test_expired_files_are_deleted_and_the_page_says_so(changsha_office, client, login):
    job = _expired_export(changsha_office)
    stored = job.output_file.path
    fresh = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.EXPORT, title="新导出").pk,
                    work=_export_work(rows=3))

    assert jobs_expire_task() == 1
    assert jobs_expire() == 0  # idempotent
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and not job.output_file
    import os

    assert not os.path.exists(stored)
    assert os.path.exists(fresh.output_file.path)
    login(changsha_office)
    assert client.get(reverse("spreadsheets:job_download", args=[job.pk])).status_code == 404
    assert "已过期" in client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()


def test_expiry_runs_through_a_real_worker(celery_worker_on_redis, changsha_office):
    job = _expired_export(changsha_office)
    jobs_expire_task.delay()
    deadline = monotonic() + 30
    while monotonic() < deadline:
        job.refresh_from_db()
        if job.status == JobStatus.EXPIRED:
            break
        sleep(0.2)
    assert job.status == JobStatus.EXPIRED and not job.output_file


def test_the_beat_expires_files_every_hour():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["spreadsheets-jobs-expire"]
    assert entry["task"] == jobs_expire_task.name and entry["schedule"] == timedelta(hours=1)


def test_the_job_page_costs_a_fixed_number_of_queries(changsha_office, client, login, django_assert_max_num_queries):
    job = job_run(job_id=job_create(actor=changsha_office, kind=JobKind.EXPORT, title="导出").pk,
                  work=_export_work(rows=3))
    login(changsha_office)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("spreadsheets:job", args=[job.pk])).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("spreadsheets:job_status", args=[job.pk])).status_code == 200
