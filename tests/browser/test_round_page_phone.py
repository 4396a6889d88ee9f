"""A round's page on a 375 px phone: the officers stack as labelled cards, the filters and both downloads fit, and
nothing makes the page scroll sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services import round_open
from tests.browser.conftest import PHONE
from tests.browser.helpers import closes_its_db_connections, log_in, shoot

pytestmark = pytest.mark.browser

NARROW = 375


@closes_its_db_connections
def test_the_round_page_fits_a_narrow_phone(transactional_db, organization_user, roster, regions, browser,
                                            live_server, artifacts):
    today = timezone.localdate()
    assessment_round = round_open(actor=organization_user, region=regions.changsha, name="2026年上半年考核",
                                  period_start=today - timedelta(days=60), period_end=today)
    context = browser.new_context(**{**PHONE, "viewport": {"width": NARROW, "height": 812}})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, live_server.url, organization_user.username)
        page.goto(f"{live_server.url}/assessments/{assessment_round.pk}/?grade=none")
        shoot(page, artifacts, "assessment-round-375")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW, f"the round page is {width}px wide on a {NARROW}px phone"
        rows = page.locator("table.assessment-entries tbody tr")
        assert rows.count() == 3
        assert page.locator("table.assessment-entries thead").is_hidden()
        first = rows.first
        assert first.locator("td").first.inner_text().strip() in {"李明", "王芳", "陈刚"}
        grade = first.locator("td[data-label]").last.evaluate("td => getComputedStyle(td, '::before').content")
        assert grade.strip('"') == "结果运用"  # the outcome, labelled as its column was
        assert page.locator("a[href*='xlsx=1']").is_visible()
        assert page.locator("#export-sheet").is_visible()
    finally:
        context.close()
