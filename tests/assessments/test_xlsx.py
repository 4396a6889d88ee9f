"""The assessment sheet: opened with openpyxl and by LibreOffice, small rounds at once, large ones as a Celery job
(eagerly, then through a real worker on Redis)."""

import csv
import os
import shutil
import subprocess
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessments.choices import Grade, OpinionRating, Source
from assessments.services import (
    assessment_sheet_export_start,
    daily_adjust,
    grade_set,
    opinion_answer,
    opinion_request_create,
    opinion_token,
    score_set,
)
from spreadsheets.choices import JobStatus
from spreadsheets.models import SpreadsheetJob
from tests import factories
from tests.assessments.conftest import assessment_of
from tests.conftest import require_or_skip

HEADERS = ("序号", "姓名", "派出单位", "职务", "服务企业", "综合考核", "日常考核", "工作评价", "绩效意见",
           "日常考核测算分", "总分", "等次", "结果运用", "备注")
INJECTION = "=cmd|' /C calc'!A0"


@pytest.fixture
def scored_round(changsha_round, organization_user, furong_office, regions, roster):
    """李明 fully scored; a backing unit whose name looks like a formula; an opinion answered."""
    row = assessment_of(changsha_round, roster.officer)
    score_set(actor=organization_user, assessment=row, source=Source.COMPREHENSIVE, score="92.5")
    daily_adjust(actor=furong_office, assessment=row, score=85, reason="+表现突出")
    score_set(actor=furong_office, assessment=row, source=Source.WORK_EVALUATION, score=90)
    opinion = opinion_request_create(actor=furong_office, assessment=row, enterprise=roster.furong_enterprise)
    opinion_answer(token=opinion_token(opinion), rating=OpinionRating.VERY_SATISFIED)
    grade_set(actor=organization_user, assessment=row, grade=Grade.COMPETENT)
    unit = roster.tianxin_officer.backing_unit
    unit.name = INJECTION
    unit.save()
    return changsha_round


def _sheet(content: bytes):
    return load_workbook(BytesIO(content))


def test_the_sheet_has_chinese_headers_formats_and_a_cover(scored_round, organization_user, roster):
    filename, content = assessment_sheet_export_start(actor=organization_user, assessment_round=scored_round)
    assert filename == "长沙市2026年上半年考核考核汇总表.xlsx"
    book = _sheet(content)
    assert book.sheetnames == ["封面", "联络员"]
    officers = book["联络员"]
    assert tuple(cell.value for cell in officers[1]) == HEADERS
    assert officers.freeze_panes == "A2"
    assert officers.column_dimensions["E"].width == 40
    rows = {row[1].value: row for row in officers.iter_rows(min_row=2)}
    assert set(rows) == {roster.officer.name, roster.tianxin_officer.name, roster.city_officer.name}
    li = rows[roster.officer.name]
    assert [c.value for c in li[5:11]] == [92.5, 85, 90, 100, None, 90.5]  # (40x92.5+30x85+20x90+10x100)/100
    assert li[5].number_format == "0.0" and li[10].number_format == "0.00"
    assert li[11].value == "称职" and "日常考核分已调整：+表现突出" in li[13].value
    assert set(li[4].value.split("、")) == {roster.furong_enterprise.name, roster.furong_enterprise_2.name}
    wang = rows[roster.tianxin_officer.name]
    assert wang[2].value == INJECTION and wang[2].data_type == "s"  # text, not a formula
    assert wang[5].value is None and wang[10].value is None
    assert wang[13].value == "缺项重算权重：综合考核、日常考核、工作评价、绩效意见"
    cover = dict(book["封面"].iter_rows(min_row=2, values_only=True))
    assert cover["考核批次"] == "2026年上半年考核" and cover["地区"] == "长沙市"
    assert (cover["联络员"], cover["优秀"], cover["称职"], cover["未评定"]) == (3, 0, 1, 2)


def test_a_formula_looking_officer_name_is_written_as_text(changsha_round, organization_user, regions):
    from assessments.services import round_open
    from tests.assessments.conftest import add_officers

    [officer] = add_officers(regions.furong, 1)
    officer.name = "=HYPERLINK(\"http://evil\")"
    officer.save()
    assessment_round = round_open(actor=organization_user, region=regions.changsha, name="另一批",
                                  period_start=changsha_round.period_start, period_end=changsha_round.period_end)
    _, content = assessment_sheet_export_start(actor=organization_user, assessment_round=assessment_round)
    names = [row[1] for row in _sheet(content)["联络员"].iter_rows(min_row=2)]
    evil = next(cell for cell in names if cell.value.startswith("="))
    assert evil.data_type == "s" and evil.value == officer.name


def test_an_office_exports_only_its_own_officers(scored_round, furong_office, roster):
    _, content = assessment_sheet_export_start(actor=furong_office, assessment_round=scored_round)
    names = [row[1] for row in _sheet(content)["联络员"].iter_rows(min_row=2, values_only=True)]
    assert names == [roster.officer.name]


def test_libreoffice_reads_the_sheet(scored_round, organization_user, roster, tmp_path):
    """Another program opens it: soffice converts the officers' sheet (the second) to csv."""
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    require_or_skip(os.path.exists(soffice), "needs LibreOffice at /usr/bin/soffice (apt-get install libreoffice-calc)")
    _, content = assessment_sheet_export_start(actor=organization_user, assessment_round=scored_round)
    source = tmp_path / "sheet.xlsx"
    source.write_bytes(content)
    out = tmp_path / "out"
    # Filter options: comma, double quote, UTF-8, from row 1 ... and the 12th token: export sheet number 2.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    home = tmp_path / "home"
    home.mkdir()
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{home}",
                    "--convert-to", options, "--outdir", str(out), str(source)],
                   env={**os.environ, "HOME": str(home)}, check=True, timeout=120, capture_output=True)
    [produced] = list(Path(out).glob("*.csv"))
    rows = list(csv.reader(produced.read_text(encoding="utf-8").splitlines()))
    assert tuple(rows[0]) == HEADERS
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {roster.officer.name, roster.tianxin_officer.name, roster.city_officer.name}
    assert by_name[roster.officer.name][5] == "92.5" and by_name[roster.officer.name][11] == "称职"
    assert by_name[roster.tianxin_officer.name][2] == INJECTION


def test_the_page_downloads_a_small_round_at_once(scored_round, organization_user, client):
    client.force_login(organization_user)
    response = client.post(f"/assessments/{scored_round.pk}/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert _sheet(response.content)["联络员"].max_row == 4


def test_a_large_round_is_written_by_a_job_with_progress(scored_round, organization_user, client, settings,
                                                         django_capture_on_commit_callbacks, eager_tasks):
    """Eagerly (the embedded default): the job runs when the request's transaction commits."""
    settings.ASSESSMENT_EXPORT_INLINE_ROWS = 2
    client.force_login(organization_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/assessments/{scored_round.pk}/export/")
    job = SpreadsheetJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}#export")
    assert (job.status, job.total, job.done, job.created_by) == (JobStatus.DONE, 3, 3, organization_user)
    page = client.get(response["Location"]).content.decode()
    assert "data-job-progress" in page and f"/files/jobs/{job.pk}/download/" in page
    download = client.get(f"/files/jobs/{job.pk}/download/")
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert book["联络员"].max_row == 4
    other = factories.make_office_user("someone-else", scored_round.region, kind="organization")
    client.force_login(other)
    assert "data-job-progress" not in client.get(response["Location"]).content.decode()
    assert client.get(f"/files/jobs/{job.pk}/download/").status_code == 404


def test_the_export_through_a_real_celery_worker_on_redis(celery_worker_on_redis, organization_user, roster,
                                                          regions, settings):
    """Sent through Redis to a worker thread, which writes the file and finishes the job."""
    from assessments.services import round_open

    settings.ASSESSMENT_EXPORT_INLINE_ROWS = 1
    assessment_round = round_open(actor=organization_user, region=regions.changsha, name="队列导出",
                                  period_start=roster.furong_assignment.start_date,
                                  period_end=roster.furong_assignment.start_date)
    _, job = assessment_sheet_export_start(actor=organization_user, assessment_round=assessment_round)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.3)
    assert job.status == JobStatus.DONE, job.message
    assert job.output_name == "长沙市队列导出考核汇总表.xlsx"
    with job.output_file.open("rb") as produced:
        assert load_workbook(produced)["联络员"].max_row == 1 + assessment_round.assessments.count()
    assert Decimal(job.percent) == 100
