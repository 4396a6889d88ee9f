"""The province office drills down its dashboard by clicking, province > city > county > enterprise, sees the charts
drawn by the vendored ECharts and who has not reported; a county office cannot open its sibling's dashboard."""

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import body_text, log_in, shoot
from tests.dashboards.conftest import TODAY, world  # noqa: F401  (the dashboard tests' campaign, reused here)

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
           "has_touch": True}  # the shared log-in helper taps


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    try:
        yield page
    finally:
        context.close()


def chart_box(page, selector: str) -> dict:
    """The chart's element size and whether ECharts drew into it (a canvas or an svg inside)."""
    page.wait_for_selector(f"{selector} canvas, {selector} svg")
    return page.locator(selector).bounding_box()


def click_bar(page, name: str) -> None:
    """Click the bar of `name` in the reporting-rate chart, where ECharts drew it."""
    x, y = page.evaluate("""name => {
        const element = document.getElementById('chart-children');
        const chart = echarts.getInstanceByDom(element);
        const names = chart.getOption().yAxis[0].data;
        const index = names.indexOf(name);
        const value = chart.getOption().series[0].data[index].value;
        return chart.convertToPixel({seriesIndex: 0}, [value / 2, index]);
    }""", name)
    chart = page.locator("#chart-children")
    chart.scroll_into_view_if_needed()  # the mouse clicks in the viewport: the chart may start below the fold
    box = chart.bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)


def test_province_office_drills_down_to_an_enterprise(transactional_db, world, regions, roster,  # noqa: F811
                                                      province_office, live_server, desktop):
    page = desktop
    log_in(page, live_server.url, province_office.username)
    with page.expect_navigation():
        page.locator("nav a[href='/dashboard/']").click()
    assert page.url == f"{live_server.url}/dashboard/"
    assert page.locator("h1").inner_text().startswith("湖南省")
    bars = chart_box(page, "#chart-children")
    assert bars["width"] > 300 and bars["height"] > 200
    for trend in ("#chart-reporting", "#chart-resumption", "#chart-workers", "#chart-problems"):
        box = chart_box(page, trend)
        assert box["width"] > 100 and box["height"] > 100
    assert "截至" in body_text(page)
    shoot(page, ARTIFACTS, "dashboard-province-desktop")

    # Province > city: the city's bar in the chart.
    click_bar(page, "长沙市")
    assert page.url == f"{live_server.url}/dashboard/{regions.changsha.pk}/?day={TODAY.isoformat()}"
    assert page.locator("h1").inner_text().startswith("长沙市")
    chart_box(page, "#chart-children")
    shoot(page, ARTIFACTS, "dashboard-city-desktop")

    # City > county: the county's row in the sortable table.
    with page.expect_navigation():
        page.locator("#children a.drill", has_text="芙蓉区").click()
    assert page.url == f"{live_server.url}/dashboard/{regions.furong.pk}/?day={TODAY.isoformat()}"
    missing = page.locator("#missing").inner_text()
    assert roster.officer.name in missing and roster.officer.phone in missing
    assert roster.furong_enterprise_2.name in missing
    assert "未报 1 份" in missing
    enterprises = page.locator("#enterprises tbody tr")
    assert enterprises.count() == 2
    shoot(page, ARTIFACTS, "dashboard-county-desktop")

    # County > enterprise: its page shows its recent reports.
    with page.expect_navigation():
        page.locator("#enterprises a.drill", has_text=roster.furong_enterprise.name).click()
    assert page.url == f"{live_server.url}/roster/enterprises/{roster.furong_enterprise.pk}/"
    assert TODAY.isoformat() in body_text(page)
    assert page.js_errors == []


def test_the_child_table_sorts_by_a_column(transactional_db, world, regions, changsha_office,  # noqa: F811
                                           live_server, desktop):
    page = desktop
    log_in(page, live_server.url, changsha_office.username)
    page.goto(f"{live_server.url}/dashboard/{regions.changsha.pk}/")
    first_cells = "#children tbody tr td:first-child"
    heading = page.locator("#children thead th", has_text="未报")
    heading.click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert page.locator(first_cells).first.inner_text().startswith("芙蓉区")  # the one missing report
    heading.click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert not page.locator(first_cells).first.inner_text().startswith("芙蓉区")


def test_a_county_cannot_open_its_siblings_dashboard(transactional_db, world, regions, tianxin_office,  # noqa: F811
                                                     live_server, desktop):
    page = desktop
    log_in(page, live_server.url, tianxin_office.username)
    response = page.goto(f"{live_server.url}/dashboard/{regions.furong.pk}/")
    assert response.status == 404
    assert "芙蓉" not in body_text(page)
    response = page.goto(f"{live_server.url}/dashboard/")
    assert response.status == 200 and page.locator("h1").inner_text().startswith("天心区")
