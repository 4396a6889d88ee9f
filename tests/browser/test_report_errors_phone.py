"""An officer on a small phone (375 px) sends a daily report with mistakes: the page opens on the summary of what to
fix (focused, on screen), a tap on an entry lands in that field, nothing is saved; corrected, the report is saved
and the message names the problem raised and the office that has it. Text areas are in the page's own font."""

import time

import pytest
from django.utils import timezone

from problems.choices import ProblemCategory
from problems.models import Problem
from reports.models import DailyReport
from tests.browser.conftest import PHONE
from tests.browser.helpers import closes_its_db_connections, messages, shoot, tap_and_wait
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SMALL_PHONE = {**PHONE, "viewport": {"width": 375, "height": 667}, "device_scale_factor": 2}


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(**SMALL_PHONE)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width}px wide on a 375px phone"


@closes_its_db_connections
def test_a_rejected_report_opens_on_its_summary_and_the_saved_one_names_its_problem(
        transactional_db, roster, live_server, small_phone, artifacts):
    page = small_phone
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", roster.officer.user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_remember").check()  # an officer on their own phone
    fits(page)
    shoot(page, artifacts, "login-remember-375")
    tap_and_wait(page, page.locator("button[type=submit]"))
    session = next(cookie for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    assert session["expires"] - time.time() > 29 * 24 * 3600  # remembered for 30 days, not 12 hours

    page.goto(f"{live_server.url}/reports/file/{roster.furong_assignment.pk}/{timezone.localdate().isoformat()}/")
    font = page.locator("#id_work_done").evaluate("element => getComputedStyle(element).fontFamily")
    assert "monospace" not in font and "PingFang SC" in font
    page.fill("#id_work_done", "检查车间防疫措施。")
    for field, value in {"masks_days": "7", "disinfectant_days": "9", "returned_from_outside": "0",
                         "under_observation": "0", "suspected_cases": "0", "workers_on_duty": "-3",
                         "workers_missing": "0", "open_positions": "0", "capacity_percent": "130"}.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_difficulty-0-description", "缺少熟练焊工20名。")  # no category chosen
    tap_and_wait(page, page.get_by_role("button", name="提交日报"))

    summary = page.locator("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    box = summary.bounding_box()
    assert 0 <= box["y"] < 667 and box["width"] <= 375, box
    links = summary.locator("a")
    assert links.count() == 3
    assert "3" in summary.locator("h2").inner_text()
    fits(page)
    shoot(page, artifacts, "report-errors-summary-375")
    assert not DailyReport.objects.exists() and not Problem.objects.exists()

    links.nth(2).tap()  # the difficulty's category, far down the form
    assert page.evaluate("document.activeElement.id") == "id_difficulty-0-category"
    assert page.locator("#id_difficulty-0-category").is_visible()
    shoot(page, artifacts, "report-errors-tapped-375")

    page.fill("#id_capacity_percent", "65")
    page.fill("#id_workers_on_duty", "210")
    page.select_option("#id_difficulty-0-category", ProblemCategory.LABOUR.value)
    tap_and_wait(page, page.get_by_role("button", name="提交日报"))
    assert page.url == live_server.url + "/"
    problem = Problem.objects.get()
    saved = next(text for text in messages(page) if roster.furong_enterprise.name in text)
    assert str(problem.pk) in saved and roster.furong_enterprise.region.name in saved
    fits(page)
    shoot(page, artifacts, "report-saved-message-375")


@closes_its_db_connections
def test_a_branchs_enterprises_are_ticked_and_narrowed_by_typing(transactional_db, roster, regions, furong_office,
                                                                  live_server, small_phone, artifacts):
    from branches.models import Branch
    from tests import factories

    factories.make_department(regions.furong, "芙蓉区商务局", kind="commerce")
    for number in range(10):
        factories.make_enterprise(regions.furong, f"芙蓉测试企业{number}号有限公司")
    page = small_phone
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", furong_office.username)
    page.fill("#id_password", PASSWORD)
    tap_and_wait(page, page.locator("button[type=submit]"))
    page.goto(live_server.url + "/branches/new/")
    search = page.locator(".checklist-search")
    assert search.is_visible()
    search.fill("精密")
    visible = [label for label in page.locator(".checklist-options label").all() if label.is_visible()]
    assert [label.inner_text().strip() for label in visible] == [roster.furong_enterprise.name]
    visible[0].tap()
    search.fill("")
    page.locator(".checklist-options label", has_text=roster.furong_enterprise_2.name).tap()
    assert "2" in page.locator(".checklist-count").inner_text()
    fits(page)
    shoot(page, artifacts, "branch-enterprises-checklist-375")
    page.fill("#id_name", "芙蓉区商务局联合党支部")
    page.select_option("#id_region", str(regions.furong.pk))
    page.select_option("#id_department", label=page.locator("#id_department option", has_text="芙蓉区商务局")
                       .first.inner_text())
    search.fill("精密")
    search.press("Enter")  # typing Enter in the narrowing box does not send the form
    assert page.url.endswith("/branches/new/")
    tap_and_wait(page, page.get_by_role("button", name="保存"))
    assert set(Branch.objects.get().enterprises.all()) == {roster.furong_enterprise, roster.furong_enterprise_2}
