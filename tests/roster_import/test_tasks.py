"""A large file's check and import run as Celery tasks: once eagerly, once through a real worker on Redis."""

import time

import pytest

from enterprises.models import Enterprise
from spreadsheets.choices import JobStatus
from spreadsheets.models import SpreadsheetJob
from tests.roster_import.conftest import ENTERPRISE_HEADER, enterprise_rows, latest_job, text, upload
from tests.spreadsheets import hostile

pytestmark = pytest.mark.usefixtures("private_files")


def test_the_check_and_the_import_run_as_tasks_with_progress(admin_user, regions, client, settings,
                                                              django_capture_on_commit_callbacks, monkeypatch):
    from liaison_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # eager even when a broker is configured
    settings.ROSTER_IMPORT_INLINE_MAX_KB = 0
    client.force_login(admin_user)
    data = hostile.xlsx_bytes([ENTERPRISE_HEADER, *enterprise_rows(count=2500, start=700_000)])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client, "enterprises", data, follow=False)
    check = latest_job()
    assert response.url == f"/roster/import/{check.pk}/"
    assert check.status == JobStatus.QUEUED and len(queued) == 1
    assert 'data-job-progress' in client.get(response.url).content.decode()  # the bar, polling
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the eager task runs here
    check.refresh_from_db()
    assert (check.status, check.message, check.done, check.result.get("new")) == (
        JobStatus.DONE, "已检查 2500 行，没有问题：新增 2500 行，修改 0 行，未变 0 行。确认后即可导入。", 2500, 2500)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/roster/import/{check.pk}/confirm/")
    assert "导入完成：新增 2500 行" in text(client.get(response.url))
    assert Enterprise.objects.filter(credit_code__in=[r[0] for r in enterprise_rows(count=2500, start=700_000)]
                                     ).count() == 2500


def wait_for(job_id: int, seconds: float = 60) -> SpreadsheetJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = SpreadsheetJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def test_the_check_and_the_import_through_a_real_celery_worker_on_redis(require_postgres, celery_worker_on_redis,
                                                                        regions, client, settings, private_files):
    """On PostgreSQL: SQLite's shared in-memory test database locks whole tables between the two threads."""
    from tests import factories

    settings.ROSTER_IMPORT_INLINE_MAX_KB = 0
    admin = factories.make_user("importer", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    rows = enterprise_rows(count=1200, start=800_000)
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]), follow=False)
    check = wait_for(latest_job().pk)
    assert (check.status, check.result["new"], check.result["problem_count"]) == (JobStatus.DONE, 1200, 0)
    client.post(f"/roster/import/{check.pk}/confirm/")
    imported = wait_for(latest_job().pk)
    assert imported.status == JobStatus.DONE, imported.message
    assert imported.result["new"] == 1200
    assert Enterprise.objects.filter(credit_code__in=[row[0] for row in rows]).count() == 1200
