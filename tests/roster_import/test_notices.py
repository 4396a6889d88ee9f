"""A roster file checked and imported in the background tells the person who uploaded it at each finish (the check's
preview to confirm, then the import), once per job; the import's rows, its finish and its notice commit together."""

import pytest

from enterprises.models import Enterprise
from notifications.choices import NoticeKind
from notifications.models import Notice
from spreadsheets.choices import JobStatus
from tests.roster_import.conftest import ENTERPRISE_HEADER, enterprise_rows, latest_job, upload
from tests.spreadsheets import hostile

pytestmark = pytest.mark.usefixtures("private_files")


@pytest.fixture
def background(settings, monkeypatch):
    from liaison_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.ROSTER_IMPORT_INLINE_MAX_KB = 0  # every file goes to a task


def told(user):
    return list(Notice.objects.filter(recipient=user).order_by("pk").values_list("kind", "url", "dedupe_key"))


def test_the_check_and_the_import_each_tell_the_uploader_once(background, admin_user, furong_office, client,
                                                              django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    data = hostile.xlsx_bytes([ENTERPRISE_HEADER, *enterprise_rows(count=3)])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "enterprises", data, follow=False)
    check = latest_job()
    assert told(admin_user) == [(NoticeKind.IMPORT_FINISHED, f"/files/jobs/{check.pk}/", f"job:{check.pk}:finished")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/roster/import/{check.pk}/confirm/")
    imported = latest_job()
    assert imported.status == JobStatus.DONE and imported.pk != check.pk
    assert told(admin_user)[1:] == [(NoticeKind.IMPORT_FINISHED, f"/files/jobs/{imported.pk}/",
                                     f"job:{imported.pk}:finished")]
    assert "3" in Notice.objects.get(dedupe_key=f"job:{imported.pk}:finished").body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/roster/import/{check.pk}/confirm/")  # a second click shows the same import
    assert len(told(admin_user)) == 2 and told(furong_office) == []


def test_a_small_file_checked_in_the_request_tells_nobody(regions, admin_user, client):
    client.force_login(admin_user)
    upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *enterprise_rows(count=2)]))
    assert latest_job().result["new"] == 2 and not Notice.objects.exists()


def test_an_import_whose_finish_fails_rolls_back_its_rows_and_tells_nobody(background, regions, admin_user, client,
                                                                           monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    from roster_import import services

    client.force_login(admin_user)
    rows = enterprise_rows(count=3, start=600_000)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "enterprises", hostile.xlsx_bytes([ENTERPRISE_HEADER, *rows]), follow=False)
    check = latest_job()
    assert check.result["new"] == 3
    finish = services.job_finish

    def finish_then_fail(**kwargs):
        finish(**kwargs)
        raise RuntimeError("the database went away at the commit")

    monkeypatch.setattr(services, "job_finish", finish_then_fail)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/roster/import/{check.pk}/confirm/")
    imported = latest_job()
    assert imported.status == JobStatus.FAILED
    assert not Enterprise.objects.filter(credit_code__in=[row[0] for row in rows]).exists()
    assert not Notice.objects.filter(dedupe_key=f"job:{imported.pk}:finished").exists()
    assert len(told(admin_user)) == 1  # the check's, only
