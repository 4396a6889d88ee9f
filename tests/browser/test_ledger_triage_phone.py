"""Ledger triage on a phone: an office ticks two problems and dispatches them at once, opens the next one from the
ledger and acts on it, and finds a department far below it by typing a part of its name (the picker's script)."""

import pytest

from problems.choices import ProblemCategory, ProblemStatus
from problems.models import Problem
from problems.services import problem_raise
from regions.choices import DepartmentKind
from tests.browser.helpers import assert_fits_phone, closes_its_db_connections, log_in, messages, shoot, tap_and_wait
from tests.factories import make_department

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting(roster, officer_user):
    """Three problems waiting for 芙蓉区 to dispatch them, oldest first."""
    return [problem_raise(actor=officer_user, officer=roster.officer, enterprise=roster.furong_enterprise,
                          category=ProblemCategory.TAX_FEES, description=f"申请缓缴税款，第{number}批")
            for number in (1, 2, 3)]


@closes_its_db_connections
def test_an_office_dispatches_two_at_once_then_the_next_from_its_page(transactional_db, regions, roster,
                                                                      furong_office, waiting, live_server, phone,
                                                                      artifacts):
    tax = make_department(regions.furong, name="芙蓉区税务局", kind=DepartmentKind.TAX)
    make_department(regions.furong, name="芙蓉区财政局", kind=DepartmentKind.FINANCE)
    first, second, third = waiting
    log_in(phone, live_server.url, furong_office.username)
    phone.goto(f"{live_server.url}/problems/?department=none")
    fold = phone.locator("details.bulk-dispatch")
    assert not fold.evaluate("d => d.open")
    for problem in (first, second):
        phone.locator(f"input.pick[value='{problem.pk}']").check()
    assert fold.evaluate("d => d.open")  # ticking opens the form
    phone.fill("#bulk-department", "税务")
    assert_fits_phone(phone)
    shoot(phone, artifacts, "ledger-bulk-dispatch-office-phone")
    tap_and_wait(phone, phone.locator("#bulk-dispatch button[type=submit]"))

    assert phone.url == f"{live_server.url}/problems/?department=none"  # the same ledger, the same filters
    assert any("芙蓉区税务局" in message for message in messages(phone))
    for problem in (first, second):
        problem.refresh_from_db()
        assert (problem.status, problem.department_id) == (ProblemStatus.ASSIGNED, tax.pk)
    rows = phone.locator("table.problems tbody tr")
    assert rows.count() == 1 and "第3批" in rows.inner_text()

    # The rest, from the problem's page: back to the ledger afterwards, as it was the last one.
    tap_and_wait(phone, rows.get_by_role("link", name=roster.furong_enterprise.name))
    assert "第3批" in phone.locator("p.description").inner_text()
    assert phone.locator(".ledger-nav a[href='/problems/?department=none']").count() == 1  # the way back
    assert phone.locator(".ledger-nav a[rel=next]").count() == 0  # the last one of the ledger
    assert phone.input_value("#id_department") == "芙蓉区税务局"  # tax goes to tax, preselected
    shoot(phone, artifacts, "ledger-problem-from-ledger-office-phone")
    tap_and_wait(phone, phone.locator(f"form[action='/problems/{third.pk}/assign/'] button[type=submit]"))
    assert phone.url == f"{live_server.url}/problems/?department=none"
    assert Problem.objects.get(pk=third.pk).department_id == tax.pk


@closes_its_db_connections
def test_the_province_finds_a_county_department_by_typing(transactional_db, regions, roster, province_office,
                                                          waiting, live_server, phone, artifacts):
    make_department(regions.province, name="湖南省税务局", kind=DepartmentKind.TAX)
    for number in range(160):  # more than the page lists: the province's own only, the rest by the script
        make_department(regions.changsha, name=f"长沙市第{number:03d}办公室", kind=DepartmentKind.OTHER)
    target = make_department(regions.furong, name="芙蓉区行政审批服务局", kind=DepartmentKind.OTHER)
    log_in(phone, live_server.url, province_office.username)
    phone.goto(f"{live_server.url}/problems/")
    listed = phone.locator("#dispatch-departments option").evaluate_all("options => options.map(o => o.value)")
    assert "湖南省税务局" in listed and target.name not in listed
    phone.locator(f"input.pick[value='{waiting[0].pk}']").check()
    phone.locator("#bulk-department").press_sequentially("行政审批", delay=50)
    phone.wait_for_function(
        "name => [...document.querySelectorAll('#dispatch-departments option')].some(o => o.value === name)",
        arg=target.name)
    shoot(phone, artifacts, "ledger-picker-search-province-phone")
    phone.fill("#bulk-department", target.name)
    tap_and_wait(phone, phone.locator("#bulk-dispatch button[type=submit]"))
    waiting[0].refresh_from_db()
    assert waiting[0].department_id == target.pk
