"""The officers' phones are set to Chinese: every label, heading, button and status of the daily-cycle pages must be
Chinese, not the English msgid.

The problem ledger's strings were once left untranslated (no entries, empty ones, and fuzzy wrong guesses that
compilemessages skips), so a Chinese phone showed "Problem ledger", "Reported", "Start work"...: this guards it.
"""

import re

import pytest

from problems.choices import ProblemCategory
from problems.services import problem_assign, problem_raise, problem_resolve
from regions.choices import DepartmentKind
from tests.browser.helpers import closes_its_db_connections, log_in
from tests.factories import make_department, make_department_user

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")
# The interface's own words, not data: navigation, headings, labels, buttons, statuses, categories, table heads.
UI_ELEMENTS = "nav a, h1 > :not(a), h2:not(:has(a)), label, button, summary, dt, th, .status, .category, select option"


def english_ui_texts(page) -> list[str]:
    """Interface texts with no Chinese character in them (numbers, dates and dashes are fine)."""
    texts = page.locator(UI_ELEMENTS).all_inner_texts()
    texts += page.locator("h1").evaluate_all(
        "hs => hs.map(h => [...h.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''))")
    return sorted({text.strip() for text in texts
                   if re.search(r"[A-Za-z]{2,}", text) and not CJK.search(text)} - {"English"})


@closes_its_db_connections
def test_daily_cycle_pages_show_no_english_on_a_chinese_phone(transactional_db, roster, regions, furong_office,
                                                              live_server, new_phone):
    bureau = make_department(regions.furong, name="芙蓉区人力资源和社会保障局", kind=DepartmentKind.HUMAN_RESOURCES)
    staff_user = make_department_user("hr-staff", bureau)
    waiting = problem_raise(actor=roster.officer.user, officer=roster.officer, enterprise=roster.furong_enterprise,
                            category=ProblemCategory.LABOUR, description="缺少熟练焊工20名。")
    resolved = problem_raise(actor=roster.officer.user, officer=roster.officer, enterprise=roster.furong_enterprise,
                             category=ProblemCategory.RAW_MATERIALS, description="钢材供应不足。")
    problem_assign(actor=furong_office, problem=waiting, department=bureau)
    problem_assign(actor=furong_office, problem=resolved, department=bureau)
    problem_resolve(actor=staff_user, problem=resolved, resolution="已协调钢厂供货。")

    english = {}
    pages = {
        roster.officer.user.username: ["/", f"/reports/file/{roster.furong_assignment.pk}/"
                                            f"{waiting.raised_on.isoformat()}/", "/problems/mine/",
                                       f"/problems/{resolved.pk}/"],
        furong_office.username: ["/problems/", f"/problems/{waiting.pk}/"],
        staff_user.username: ["/problems/queue/", f"/problems/{waiting.pk}/"],
    }
    for username, paths in pages.items():
        page = new_phone()
        log_in(page, live_server.url, username)
        for path in paths:
            page.goto(live_server.url + path)
            found = english_ui_texts(page)
            if found:
                english[f"{username} {path}"] = found
    assert english == {}

    # The check itself sees English when there is some: the same page after switching the language.
    with page.expect_navigation():
        page.select_option("#language", "en")
    assert "Work queue" in english_ui_texts(page)
