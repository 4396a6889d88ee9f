"""An officer on a phone files the first report through the form, then the next day files "unchanged" in one tap."""

from datetime import timedelta

import pytest
from django.utils import timezone

from problems.choices import ProblemCategory, ProblemStatus
from problems.models import Problem
from reports.models import DailyReport
from reports.services import REPORT_VALUE_FIELDS, report_submit
from tests.browser.helpers import (
    assert_fits_phone,
    body_text,
    closes_its_db_connections,
    line_count,
    log_in,
    messages,
    shoot,
    tap_and_wait,
)

pytestmark = pytest.mark.browser

DIFFICULTY = "缺少熟练焊工20名，请人社部门协助招聘。"
FIGURES = {
    "work_done": "检查车间防疫措施，协调员工返岗。",
    "masks_days": "12", "disinfectant_days": "9",
    "returned_from_outside": "3", "under_observation": "3", "suspected_cases": "0",
    "capacity_percent": "65", "workers_on_duty": "210", "workers_missing": "40", "open_positions": "25",
}


def enterprise_card(page, name: str):
    return page.locator("article.enterprise-card", has_text=name)


@closes_its_db_connections
def test_officer_files_a_first_report_then_an_unchanged_day_in_one_tap(transactional_db, roster, live_server,
                                                                      phone, artifacts):
    today = timezone.localdate()
    officer, enterprise, other = roster.officer, roster.furong_enterprise, roster.furong_enterprise_2
    log_in(phone, live_server.url, officer.user.username)

    # Day one: both enterprises are still to file; with no earlier report there is no one-tap button yet.
    card = enterprise_card(phone, enterprise.name)
    assert "待填报" in card.inner_text()
    assert card.get_by_role("button", name="情况无变化，一键报送").count() == 0
    assert "还有 2 份日报待填报" in body_text(phone)
    tap_and_wait(phone, card.get_by_role("link", name="填写日报"))

    assert phone.url == f"{live_server.url}/reports/file/{roster.furong_assignment.pk}/{today.isoformat()}/"
    assert enterprise.name in phone.locator("h1").inner_text()
    for field, value in FIGURES.items():
        phone.fill(f"#id_{field}", value)
    phone.locator("#id_temperature_checks").check()
    phone.locator("#id_isolation_room").check()
    phone.locator("#id_resumed").check()
    phone.select_option("#id_difficulty-0-category", ProblemCategory.LABOUR.value)
    phone.fill("#id_difficulty-0-description", DIFFICULTY)
    assert_fits_phone(phone)
    shoot(phone, artifacts, "report-form-first-phone")
    tap_and_wait(phone, phone.get_by_role("button", name="提交日报"))

    # Back on "today": the card turned to filed, the other enterprise is still due.
    assert phone.url == live_server.url + "/"
    # The message says what happened: saved, and the problem the difficulty became, with the office that has it.
    raised = Problem.objects.get(raised_by=officer)
    saved = next(text for text in messages(phone) if enterprise.name in text)
    assert today.isoformat() in saved and str(raised.pk) in saved and roster.furong_enterprise.region.name in saved
    card = enterprise_card(phone, enterprise.name)
    assert "filed" in card.get_attribute("class")
    assert "已填报" in card.inner_text()
    assert card.get_by_role("link", name="填写日报").count() == 0
    assert "待填报" in enterprise_card(phone, other.name).inner_text()
    assert "还有 1 份日报待填报" in body_text(phone)
    assert_fits_phone(phone)
    shoot(phone, artifacts, "officer-today-after-first-report-phone")

    first = DailyReport.objects.get(officer=officer, enterprise=enterprise)
    assert first.day == today
    assert first.assignment_id == roster.furong_assignment.pk
    assert (first.masks_days, first.disinfectant_days, first.capacity_percent, first.workers_on_duty,
            first.workers_missing, first.open_positions) == (12, 9, 65, 210, 40, 25)
    assert first.temperature_checks and first.isolation_room and first.resumed
    assert first.work_done == FIGURES["work_done"]
    problem = Problem.objects.get(raised_by=officer)
    assert (problem.category, problem.description, problem.status) == (
        ProblemCategory.LABOUR, DIFFICULTY, ProblemStatus.REPORTED)
    assert list(first.problems.all()) == [problem]

    # "The next day": the first report becomes yesterday's, so today is due again with a one-tap button.
    DailyReport.objects.filter(pk=first.pk).update(day=today - timedelta(days=1))
    phone.reload()
    card = enterprise_card(phone, enterprise.name)
    assert "待填报" in card.inner_text()
    assert "还有 2 份日报待填报" in body_text(phone)
    one_tap = card.get_by_role("button", name="情况无变化，一键报送")
    assert one_tap.is_visible()
    # The enterprise with no earlier report offers only the form.
    assert enterprise_card(phone, other.name).get_by_role("button", name="情况无变化，一键报送").count() == 0
    shoot(phone, artifacts, "officer-next-day-unchanged-button-phone")
    tap_and_wait(phone, one_tap)

    assert phone.url == live_server.url + "/"
    assert f"{enterprise.name}：已按上次情况报送（无变化）。" in messages(phone)
    card = enterprise_card(phone, enterprise.name)
    assert "已填报" in card.inner_text()
    assert "还有 1 份日报待填报" in body_text(phone)
    assert_fits_phone(phone)
    shoot(phone, artifacts, "officer-next-day-after-one-tap-phone")

    reports = DailyReport.objects.filter(officer=officer, enterprise=enterprise).order_by("day")
    assert [report.day for report in reports] == [today - timedelta(days=1), today]
    yesterday_report, today_report = reports
    # The same figures (what "work done today" says on an unchanged day is the product's call, not checked here).
    figures = [field for field in REPORT_VALUE_FIELDS if field != "work_done"]
    assert {field: getattr(today_report, field) for field in figures} == {
        field: getattr(yesterday_report, field) for field in figures}
    assert (today_report.masks_days, today_report.capacity_percent, today_report.workers_on_duty) == (12, 65, 210)
    assert today_report.submitted_by_id == officer.user_id
    # Unchanged means no new difficulty: the ledger still holds the one problem.
    assert Problem.objects.filter(raised_by=officer).count() == 1
    assert not today_report.problems.exists()
    assert not DailyReport.objects.filter(enterprise=other).exists()

    # The filed report opens read-only with the same figures.
    tap_and_wait(phone, card.get_by_role("link", name="查看"))
    assert phone.url == f"{live_server.url}/reports/{today_report.pk}/"
    text = body_text(phone)
    assert enterprise.name in text and "210" in text and "65" in text
    assert_fits_phone(phone)
    shoot(phone, artifacts, "report-detail-unchanged-phone")


@closes_its_db_connections
def test_a_report_heading_keeps_its_date_on_one_line(transactional_db, roster, officer_user, live_server, phone,
                                                     artifacts):
    values = {field: (int(value) if value.isdigit() else value) for field, value in FIGURES.items()}
    report = report_submit(actor=officer_user, assignment=roster.furong_assignment, day=timezone.localdate(),
                           values={**values, "temperature_checks": True, "isolation_room": True, "resumed": True})
    log_in(phone, live_server.url, officer_user.username)
    phone.goto(f"{live_server.url}/reports/{report.pk}/")
    shoot(phone, artifacts, "report-detail-heading-phone")
    assert line_count(phone.locator("h1 small")) == 1
