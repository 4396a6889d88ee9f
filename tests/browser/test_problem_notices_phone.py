"""A problem's notices on 375 px phones: the office dispatches it; the department's clerk sees the unread badge in
the header, opens the notice (read from then on) and resolves the problem there; the officer who raised it is told
the same way and confirms it."""

import pytest

from notifications.choices import NoticeKind
from notifications.models import Notice
from problems.choices import ProblemCategory, ProblemStatus
from problems.services import problem_raise
from regions.choices import DepartmentKind
from tests.browser.conftest import PHONE
from tests.browser.helpers import body_text, closes_its_db_connections, log_in, messages, shoot, tap_and_wait
from tests.factories import make_department, make_department_user

pytestmark = pytest.mark.browser

SMALL_PHONE = {**PHONE, "viewport": {"width": 375, "height": 812}}
DESCRIPTION = "缺少熟练焊工20名，影响二号生产线复产，请人社部门协助招聘。"
RESOLUTION = "区人社局组织专场招聘会，已招聘焊工22名，本周到岗。"


@pytest.fixture
def small_phone(new_phone):
    """Pages on a 375×812 phone, one browser context (own cookies) per person."""
    return lambda: new_phone(viewport=SMALL_PHONE["viewport"])


def badge(page):
    return page.locator("header .notices-link .badge")


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width}px wide on a 375px phone"


def open_the_notice(page, base_url: str, problem) -> None:
    """From the header's badge to the inbox, then through the unread notice to the problem's page."""
    assert badge(page).inner_text().strip() == "1"
    fits(page)
    tap_and_wait(page, page.locator("header .notices-link"))
    notice = page.locator("li.notice.unread")
    assert notice.count() == 1
    fits(page)
    tap_and_wait(page, notice.locator("h2 a"))
    assert page.url == f"{base_url}/problems/{problem.pk}/"
    assert badge(page).count() == 0  # read on open: the badge is gone


@closes_its_db_connections
def test_a_dispatch_reaches_the_department_and_the_resolution_the_officer(transactional_db, roster, regions,
                                                                        furong_office, live_server, small_phone,
                                                                        artifacts):
    hr_bureau = make_department(regions.furong, name="芙蓉区人力资源和社会保障局",
                                kind=DepartmentKind.HUMAN_RESOURCES)
    make_department(regions.furong, name="芙蓉区税务局", kind=DepartmentKind.TAX)
    clerk = make_department_user("hr-clerk", hr_bureau)
    problem = problem_raise(actor=roster.officer.user, officer=roster.officer, enterprise=roster.furong_enterprise,
                            category=ProblemCategory.LABOUR, description=DESCRIPTION)

    # The 芙蓉区 office dispatches the problem from its page.
    office = small_phone()
    log_in(office, live_server.url, furong_office.username)
    office.goto(f"{live_server.url}/problems/{problem.pk}/")
    office.fill("#id_department", hr_bureau.name)
    tap_and_wait(office, office.locator(f"form[action='/problems/{problem.pk}/assign/'] button[type=submit]"))
    assert any(hr_bureau.name in message for message in messages(office))
    assert badge(office).count() == 0  # the office is not told of its own dispatch

    # The bureau's clerk sees the badge, opens the notice and resolves the problem on the page it leads to.
    staff = small_phone()
    log_in(staff, live_server.url, clerk.username)
    shoot(staff, artifacts, "problem-notice-badge-department-375")
    open_the_notice(staff, live_server.url, problem)
    assert DESCRIPTION in body_text(staff)
    staff.fill("#resolve-resolution", RESOLUTION)
    fits(staff)
    shoot(staff, artifacts, "problem-notice-opened-department-375")
    tap_and_wait(staff, staff.locator(f"form[action='/problems/{problem.pk}/resolve/'] button[type=submit]"))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED

    # The officer who raised it is told, opens the notice and confirms.
    officer = small_phone()
    log_in(officer, live_server.url, roster.officer.user.username)
    open_the_notice(officer, live_server.url, problem)
    assert RESOLUTION in officer.locator("dl.facts").inner_text()
    fits(officer)
    shoot(officer, artifacts, "problem-notice-opened-officer-375")
    tap_and_wait(officer, officer.locator(f"form[action='/problems/{problem.pk}/confirm/'] button[type=submit]"))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CONFIRMED

    # Each was told once, and has read it.
    told = list(Notice.objects.order_by("pk").values_list("recipient_id", "kind", "url"))
    assert told == [(clerk.pk, NoticeKind.DISPATCHED, f"/problems/{problem.pk}/"),
                    (roster.officer.user_id, NoticeKind.RESOLVED, f"/problems/{problem.pk}/")]
    assert not Notice.objects.filter(read_at__isnull=True).exists()
