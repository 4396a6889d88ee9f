"""An organisation department exports a round too large to download at once: the sheet is written as a spreadsheet
job, the round page shows its progress bar at 100 % with the download link, and the file opens with openpyxl.

Tasks run eagerly in the live server here (the job finishes inside the export request, before the redirect), so the
page shows the finished job and its download; tests/assessments/test_xlsx.py runs the same task through a real
Celery worker on Redis.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from assessments.services import round_open
from tests import factories
from tests.browser.helpers import closes_its_db_connections, log_in, shoot

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
           "has_touch": True, "accept_downloads": True}


@pytest.fixture
def eager_tasks():
    from liaison_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@closes_its_db_connections
def test_organisation_department_exports_a_large_round(transactional_db, roster, regions, organization_user,
                                                       live_server, browser, settings, eager_tasks, artifacts,
                                                       tmp_path):
    settings.ASSESSMENT_EXPORT_INLINE_ROWS = 2  # the roster's 3 officers in 长沙市 go through the job
    for number in range(5):
        officer = factories.make_officer(regions.furong, name=f"芙蓉联络员{number}")
        factories.make_assignment(officer, factories.make_enterprise(regions.furong))
    today = timezone.localdate()
    assessment_round = round_open(actor=organization_user, region=regions.changsha, name="2026年上半年考核",
                                  period_start=today - timedelta(days=60), period_end=today)
    officers = assessment_round.assessments.count()

    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, live_server.url, organization_user.username)
        page.goto(f"{live_server.url}/assessments/")
        with page.expect_navigation():
            page.get_by_role("link", name="2026年上半年考核").click()
        assert "优秀名额" in page.locator("body").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="导出考核汇总表").click()

        progress = page.locator("[data-job-progress] progress")
        assert progress.count() == 1
        page.wait_for_function("() => document.querySelector('[data-job-progress] progress').value === 100")
        assert page.locator("[data-job-percent]").inner_text() == "100%"
        assert f"{officers} / {officers}" in page.locator("[data-job-count]").inner_text()
        link = page.locator("[data-job-download] a")
        assert link.is_visible()
        shoot(page, artifacts, "assessment-export-finished")
        with page.expect_download() as downloading:
            link.click()
        download = downloading.value
        assert download.suggested_filename == "长沙市2026年上半年考核考核汇总表.xlsx"
        saved = tmp_path / "sheet.xlsx"
        download.save_as(saved)
    finally:
        context.close()

    book = load_workbook(saved)
    assert book.sheetnames == ["封面", "联络员"]
    sheet = book["联络员"]
    assert sheet.max_row == 1 + officers
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"芙蓉联络员0", roster.officer.name, roster.city_officer.name} <= names
