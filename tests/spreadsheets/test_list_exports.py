"""A list's Excel download longer than LIST_EXPORT_INLINE_ROWS is a spreadsheet job: the link leads to the job's page,
a task writes the very sheet the request would have (same rows, order, scope and caption), reports progress, and the
owner is told when it is ready. Eagerly, and once through a real worker on Redis."""

import time
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.exports import ENTERPRISE_ROSTER_EXPORT
from notifications.choices import NoticeKind
from notifications.models import Notice
from spreadsheets.choices import JobStatus
from spreadsheets.models import SpreadsheetJob
from tests import factories
from tests.lists import export_refused, exported

pytestmark = pytest.mark.django_db

ROSTER = "/roster/enterprises/"
NAME = "名称"  # the roster sheet's first column


@pytest.fixture
def more_enterprises(regions, roster):
    """Two more changsha enterprises (one named like a formula) and one of zhuzhou's."""
    for name in ("长沙岳麓新材料有限公司", "=HYPERLINK(\"x\")有限公司", "株洲不在范围内有限公司"):
        factories.make_enterprise(regions.yuelu if "株洲" not in name else regions.tianyuan, name)


def sheet_of(content: bytes):
    lines = [list(row) for row in load_workbook(BytesIO(content), read_only=True).active.iter_rows(values_only=True)]
    return lines[:2], lines[2], lines[3:]


def test_a_long_list_becomes_a_job_whose_sheet_is_the_one_the_request_would_have_given(
        more_enterprises, changsha_office, client, settings, django_capture_on_commit_callbacks):
    client.force_login(changsha_office)
    inline = exported(client, ROSTER, {"q": "有限公司"})
    assert len(inline.rows) == 5  # changsha's, not zhuzhou's

    settings.LIST_EXPORT_INLINE_ROWS = 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ROSTER, {"q": "有限公司", "xlsx": "1"})
    job = SpreadsheetJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("spreadsheets:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert (job.total, job.created_by, job.title) == (5, changsha_office, str(ENTERPRISE_ROSTER_EXPORT.title))
    assert job.message == "已导出 5 行。"

    page = client.get(response["Location"])
    assert "5 行，无法直接下载" in page.content.decode()  # the message the redirect left
    download = client.get(reverse("spreadsheets:job_download", args=[job.pk]))
    assert download.status_code == 200 and ".xlsx" in download["Content-Disposition"]
    caption, headers, rows = sheet_of(b"".join(download.streaming_content))
    assert headers == inline.headers and rows == inline.rows
    assert caption[0] == [inline.caption[0]]  # the filters on screen
    assert '=HYPERLINK("x")有限公司' in [row[headers.index(NAME)] for row in rows]  # text, not a formula
    assert list(Notice.objects.filter(recipient=changsha_office).values_list("kind", "url")) == [
        (NoticeKind.EXPORT_READY, reverse("spreadsheets:job", args=[job.pk]))]


def test_the_job_writes_with_its_owners_scope_not_anyone_elses(more_enterprises, furong_office, changsha_office,
                                                              client, settings, django_capture_on_commit_callbacks):
    settings.LIST_EXPORT_INLINE_ROWS = 1
    client.force_login(furong_office)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(ROSTER, {"xlsx": "1"})
    job = SpreadsheetJob.objects.get()
    _caption, headers, rows = sheet_of(job.output_file.open("rb").read())
    assert sorted(row[headers.index(NAME)] for row in rows) == ["湖南湘江食品有限公司", "长沙芙蓉精密机械有限公司"]
    client.force_login(changsha_office)
    assert client.get(reverse("spreadsheets:job_download", args=[job.pk])).status_code == 404  # furong's file


def test_a_short_list_still_downloads_at_once_and_a_bad_filter_makes_no_job(more_enterprises, changsha_office,
                                                                           client, settings):
    settings.LIST_EXPORT_INLINE_ROWS = 4
    client.force_login(changsha_office)
    assert len(exported(client, ROSTER, {"q": "芙蓉"}).rows) == 1
    assert "is_key" in export_refused(client, ROSTER, {"is_key": "perhaps"})
    assert not SpreadsheetJob.objects.exists()


def test_a_job_whose_owner_lost_the_list_fails_with_a_message_and_writes_nothing(
        more_enterprises, changsha_office, client, settings, django_capture_on_commit_callbacks):
    from spreadsheets.services import list_export_start
    from spreadsheets.tasks import list_export_task

    settings.LIST_EXPORT_INLINE_ROWS = 1
    with django_capture_on_commit_callbacks(execute=False):
        job = list_export_start(actor=changsha_office, title="企业名单", page_url=f"{ROSTER}?xlsx=1", total=7)
    changsha_office.is_active = False
    changsha_office.save()
    assert list_export_task.apply(kwargs={"job_id": job.pk, "page_url": f"{ROSTER}?xlsx=1"}).get() == \
        JobStatus.FAILED
    job.refresh_from_db()
    assert "无权" in job.message or "不再" in job.message, job.message
    assert not job.output_file and not Notice.objects.exists()


def test_a_long_list_export_through_a_real_worker_on_redis(celery_worker_on_redis, more_enterprises,
                                                             changsha_office, client, settings):
    settings.LIST_EXPORT_INLINE_ROWS = 2
    client.force_login(changsha_office)
    response = client.get(ROSTER, {"xlsx": "1"})
    assert response.status_code == 302
    job = SpreadsheetJob.objects.get()
    deadline = time.monotonic() + 30
    while job.status != JobStatus.DONE:
        assert time.monotonic() < deadline, f"the job is still {job.status} ({job.message!r})"
        time.sleep(0.2)
        job.refresh_from_db()
    _caption, _headers, rows = sheet_of(job.output_file.open("rb").read())
    assert len(rows) == 5  # changsha's, not zhuzhou's
    assert Notice.objects.filter(recipient=changsha_office, kind=NoticeKind.EXPORT_READY).count() == 1


@pytest.mark.parametrize("url", ["/problems/", "/problems/?state=all", "/reports/", "/reports/missing/",
                                 "/roster/enterprises/", "/roster/officers/", "/roster/assignments/",
                                 "/branches/visits/", "/meetings/items/"])
def test_every_working_list_replays_in_the_background_to_the_sheet_it_downloads_at_once(
        url, roster, changsha_office, client, settings, django_capture_on_commit_callbacks):
    client.force_login(changsha_office)
    path, _, query = url.partition("?")
    params = dict(part.split("=") for part in query.split("&")) if query else {}
    inline = exported(client, path, params)

    settings.LIST_EXPORT_INLINE_ROWS = -1  # every list, even an empty one, through a job
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(path, {**params, "xlsx": "1"}).status_code == 302
    job = SpreadsheetJob.objects.get()
    assert job.status == JobStatus.DONE, job.message
    caption, headers, rows = sheet_of(job.output_file.open("rb").read())
    assert (caption[0], headers, rows) == ([inline.caption[0]], inline.headers, inline.rows)
