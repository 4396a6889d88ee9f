"""One problem walked through three people on phones: the office dispatches it, the department resolves it, the
officer who raised it confirms it; every step is kept in the history shown on the problem's page."""

import pytest
from django.utils import timezone, translation

from problems.choices import ProblemAction, ProblemCategory, ProblemStatus
from problems.services import problem_raise
from regions.choices import DepartmentKind
from tests.browser.helpers import (
    assert_fits_phone,
    closes_its_db_connections,
    line_count,
    log_in,
    messages,
    shoot,
    tap_and_wait,
)
from tests.factories import make_department, make_department_user
from workcalendar.selectors import add_working_days

pytestmark = pytest.mark.browser

DESCRIPTION = "缺少熟练焊工20名，影响二号生产线复产，请人社部门协助招聘。"
RESOLUTION = "区人社局组织专场招聘会，已招聘焊工22名，本周到岗。"
HISTORY = [ProblemAction.RAISED, ProblemAction.ASSIGNED, ProblemAction.STARTED, ProblemAction.RESOLVED,
           ProblemAction.CONFIRMED]


@pytest.fixture
def hr_bureau(regions):
    return make_department(regions.furong, name="芙蓉区人力资源和社会保障局", kind=DepartmentKind.HUMAN_RESOURCES)


@pytest.fixture
def tax_bureau(regions):
    """A second department of 芙蓉区, so that choosing the department is a real choice."""
    return make_department(regions.furong, name="芙蓉区税务局", kind=DepartmentKind.TAX)


@pytest.fixture
def raised_problem(roster, officer_user):
    return problem_raise(actor=officer_user, officer=roster.officer, enterprise=roster.furong_enterprise,
                         category=ProblemCategory.LABOUR, description=DESCRIPTION)


def zh(label) -> str:
    """A choice's label as a Chinese phone shows it."""
    with translation.override("zh-hans"):
        return str(label)


def assert_status(locator, status: ProblemStatus) -> None:
    """The status badge carries the status's class and its Chinese label."""
    assert f"status-{status.value}" in locator.get_attribute("class").split()
    assert locator.inner_text().strip() == zh(status.label)


def status_badge(page):
    """The status shown beside the problem's title on its page."""
    return page.locator("h1 .status")


def history_actions(page) -> list[str]:
    """The history's events, oldest first, by their action (the `event-<action>` class)."""
    classes = page.locator("ol.history > li").evaluate_all("items => items.map(item => item.className)")
    return [next(c[len("event-"):] for c in cls.split() if c.startswith("event-") and c != "event-head")
            for cls in classes]


@closes_its_db_connections
def test_a_problem_is_dispatched_resolved_and_confirmed_on_phones(transactional_db, roster, regions,
                                                                  furong_office, hr_bureau, tax_bureau,
                                                                  raised_problem, live_server, new_phone,
                                                                  artifacts):
    problem = raised_problem
    enterprise = roster.furong_enterprise
    deadline = add_working_days(timezone.localdate(), 4)
    detail_url = f"{live_server.url}/problems/{problem.pk}/"
    hr_staff = make_department_user("hr-staff", hr_bureau)

    # b. The 芙蓉区 liaison office finds the new problem in its ledger and dispatches it with a deadline.
    office = new_phone()
    log_in(office, live_server.url, furong_office.username)
    tap_and_wait(office, office.locator("nav a[href='/problems/']"))
    row = office.locator("table.problems tbody tr", has_text=enterprise.name)
    assert row.count() == 1
    assert_status(row.locator(".status"), ProblemStatus.REPORTED)
    assert zh(ProblemCategory.LABOUR.label) in row.inner_text()
    assert DESCRIPTION[:20] in row.inner_text()
    assert_fits_phone(office)
    shoot(office, artifacts, "problem-ledger-office-phone")

    tap_and_wait(office, row.get_by_role("link", name=enterprise.name))
    assert office.url == detail_url + "?ledger="  # opened from the ledger: the way back and on to the next
    assert_status(status_badge(office), ProblemStatus.REPORTED)
    # The picker suggests the category's department; only 芙蓉区's departments are offered.
    assert office.input_value("#id_department") == hr_bureau.name
    offered = office.locator("#dispatch-departments option").evaluate_all("options => options.map(o => o.value)")
    assert set(offered) == {hr_bureau.name, tax_bureau.name}
    office.fill("#id_department", "人力资源")  # a part of the name is enough when it names one department
    office.fill("#id_deadline", deadline.isoformat())
    assert_fits_phone(office)
    shoot(office, artifacts, "problem-dispatch-form-office-phone")
    tap_and_wait(office, office.locator(f"form[action='/problems/{problem.pk}/assign/'] button[type=submit]"))

    # The last problem of the ledger: back to the ledger, which says what was done to which problem.
    assert office.url == f"{live_server.url}/problems/"
    assert any(enterprise.name in message and hr_bureau.name in message and deadline.isoformat() in message
               for message in messages(office))
    tap_and_wait(office, office.locator("table.problems tbody tr", has_text=enterprise.name)
                 .get_by_role("link", name=enterprise.name))
    assert_status(status_badge(office), ProblemStatus.ASSIGNED)
    facts = office.locator("dl.facts").inner_text()
    assert hr_bureau.name in facts and deadline.isoformat() in facts
    assert history_actions(office) == ["raised", "assigned"]
    assigned_event = office.locator("ol.history > li.event-assigned").inner_text()
    assert hr_bureau.name in assigned_event and deadline.isoformat() in assigned_event
    assert_fits_phone(office)
    shoot(office, artifacts, "problem-dispatched-office-phone")
    problem.refresh_from_db()
    assert (problem.status, problem.department_id, problem.deadline) == (ProblemStatus.ASSIGNED, hr_bureau.pk,
                                                                        deadline)

    # c. The bureau's staff open their work queue, start the work, then mark it resolved.
    staff = new_phone()
    log_in(staff, live_server.url, hr_staff.username)
    tap_and_wait(staff, staff.locator("nav a[href='/problems/queue/']"))
    card = staff.locator("article.problem-card", has_text=enterprise.name)
    assert card.count() == 1
    assert_status(card.locator(".status"), ProblemStatus.ASSIGNED)
    assert deadline.isoformat() in card.inner_text()
    assert roster.officer.phone in card.inner_text()
    assert_fits_phone(staff)
    shoot(staff, artifacts, "problem-queue-department-phone")
    tap_and_wait(staff, card.locator(f"form[action='/problems/{problem.pk}/start/'] button[type=submit]"))

    assert staff.url == f"{live_server.url}/problems/queue/"
    card = staff.locator("article.problem-card", has_text=enterprise.name)
    assert_status(card.locator(".status"), ProblemStatus.IN_PROGRESS)
    assert card.locator(f"form[action='/problems/{problem.pk}/start/']").count() == 0
    resolve_form = f"form[action='/problems/{problem.pk}/resolve/']"
    card.locator("details", has=staff.locator(resolve_form)).locator("summary").tap()
    staff.fill(f"#resolution-{problem.pk}", RESOLUTION)
    assert_fits_phone(staff)
    shoot(staff, artifacts, "problem-resolve-department-phone")
    tap_and_wait(staff, card.locator(f"{resolve_form} button[type=submit]"))

    # Resolved problems leave the open queue.
    assert staff.locator("article.problem-card", has_text=enterprise.name).count() == 0
    problem.refresh_from_db()
    assert (problem.status, problem.resolution) == (ProblemStatus.RESOLVED, RESOLUTION)
    staff.goto(detail_url)
    assert_status(status_badge(staff), ProblemStatus.RESOLVED)
    assert RESOLUTION in staff.locator("dl.facts").inner_text()
    assert history_actions(staff) == ["raised", "assigned", "started", "resolved"]

    # d. The officer sees it resolved in "my problems", with what was done, and confirms it.
    officer = new_phone()
    log_in(officer, live_server.url, roster.officer.user.username)
    tap_and_wait(officer, officer.locator("nav a[href='/problems/mine/']"))
    card = officer.locator("article.problem-card", has_text=enterprise.name)
    assert card.count() == 1
    assert_status(card.locator(".status"), ProblemStatus.RESOLVED)
    assert RESOLUTION in card.inner_text()
    assert hr_bureau.name in card.inner_text()
    assert_fits_phone(officer)
    shoot(officer, artifacts, "my-problems-resolved-officer-phone")
    tap_and_wait(officer, card.locator(f"form[action='/problems/{problem.pk}/confirm/'] button[type=submit]"))

    assert officer.url == f"{live_server.url}/problems/mine/"
    card = officer.locator("article.problem-card", has_text=enterprise.name)
    assert_status(card.locator(".status"), ProblemStatus.CONFIRMED)
    assert card.locator("form").count() == 0  # nothing left to confirm or reopen
    tap_and_wait(officer, card.get_by_role("link", name=enterprise.name))

    assert officer.url == detail_url
    assert_status(status_badge(officer), ProblemStatus.CONFIRMED)
    assert history_actions(officer) == [action.value for action in HISTORY]
    heads = officer.locator("ol.history > li .event-head strong").all_inner_texts()
    assert heads == [zh(action.label) for action in HISTORY]
    history = officer.locator("ol.history").inner_text()
    for who in (roster.officer.user.get_full_name(), furong_office.get_full_name(), hr_staff.get_full_name()):
        assert who in history
    assert RESOLUTION in officer.locator("ol.history > li.event-resolved").inner_text()
    # The officer has nothing left to do on a confirmed problem.
    assert officer.locator("section.action-card").count() == 0
    assert_fits_phone(officer)
    shoot(officer, artifacts, "problem-confirmed-history-officer-phone")

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CONFIRMED
    assert problem.confirmed_at is not None
    events = list(problem.events.order_by("at", "id"))
    assert [event.action for event in events] == HISTORY
    assert [event.to_status for event in events] == [
        ProblemStatus.REPORTED, ProblemStatus.ASSIGNED, ProblemStatus.IN_PROGRESS, ProblemStatus.RESOLVED,
        ProblemStatus.CONFIRMED]
    assert [event.actor_id for event in events] == [
        roster.officer.user_id, furong_office.pk, hr_staff.pk, hr_staff.pk, roster.officer.user_id]
    assert events[1].department_id == hr_bureau.pk


@closes_its_db_connections
def test_the_problem_ledger_is_readable_on_a_phone(transactional_db, roster, furong_office, raised_problem,
                                                   live_server, phone, artifacts):
    log_in(phone, live_server.url, furong_office.username)
    phone.goto(live_server.url + "/problems/")
    row = phone.locator("table.problems tbody tr", has_text=roster.furong_enterprise.name)
    shoot(phone, artifacts, "problem-ledger-layout-office-phone")
    lines = {
        "enterprise name": line_count(row.get_by_role("link", name=roster.furong_enterprise.name)),
        "status badge": line_count(row.locator(".status")),
        "category tag": line_count(row.locator(".category")),
        "raised on": row.locator("td").last.evaluate(
            "td => { const r = document.createRange(); r.setStart(td.firstChild, 0); r.setEnd(td.firstChild, "
            "td.firstChild.textContent.trim().length); return new Set([...r.getClientRects()].map("
            "x => Math.round(x.top))).size; }"),
    }
    # On a 390px phone a squeezed six-column table once left the problem column ~2 characters wide, with the status
    # badge, the category tag and the dates wrapping character by character.
    # A 12-character company name fits in two lines, a badge, a tag and a date in one; the page never scrolls sideways.
    most = {"enterprise name": 2, "status badge": 1, "category tag": 1, "raised on": 1}
    assert {what: count for what, count in lines.items() if count > most[what]} == {}
    assert_fits_phone(phone)
