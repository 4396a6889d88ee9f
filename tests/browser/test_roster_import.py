"""A county liaison office imports its enterprises on a desktop: it downloads the Excel template (Chinese headers),
fills it in, uploads it with one bad credit code and sees that row and the reason (no confirm, nothing written),
uploads the corrected file, sees the check's counts, confirms and sees the outcome; the same file again changes nothing.
"""

import openpyxl
import pytest

from enterprises.models import Enterprise
from tests import factories
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import body_text, closes_its_db_connections, log_in, shoot

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
           "has_touch": True}  # the shared log-in helper taps

TEMPLATE_HEADERS = ["统一社会信用代码", "企业名称", "地区代码", "类型（企业或重点项目）", "行业", "规模",
                    "是否重点企业", "地址", "联系人", "联系电话"]


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


def fill_in(template_path, rows, path):
    """The office's copy of the downloaded template: its header kept, the example row replaced by `rows`."""
    workbook = openpyxl.load_workbook(template_path)
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def check_file(page, base_url, path):
    """Upload a file on 名册导入 for the check and land on its preview."""
    page.goto(base_url + "/roster/import/")
    page.select_option("#id_kind", "enterprises")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="预检文件").click()


def figures(page) -> dict[str, str]:
    """The preview's counts, by their Chinese label."""
    return {item.locator("dt").inner_text(): item.locator("dd").inner_text()
            for item in page.locator("dl.figures > div").all()}


@closes_its_db_connections
def test_county_office_imports_enterprises_from_the_template(transactional_db, regions, furong_office, live_server,
                                                             desktop, tmp_path):
    page = desktop
    log_in(page, live_server.url, furong_office.username)
    page.locator("nav summary", has_text="名册").click()  # the 名册 menu opens
    with page.expect_navigation():
        page.locator("nav").get_by_role("link", name="名册导入").click()
    assert page.url == f"{live_server.url}/roster/import/"
    assert page.locator("h1").inner_text() == "名册导入"

    # 1. The enterprise template, in Chinese.
    with page.expect_download() as download:
        page.locator(".card li", has_text="企业:").get_by_role("link", name="Excel 模板（.xlsx）").click()
    assert download.value.suggested_filename == "企业导入模板.xlsx"
    template = tmp_path / "企业导入模板.xlsx"
    download.value.save_as(template)
    header, example = openpyxl.load_workbook(template, read_only=True).worksheets[0].iter_rows(values_only=True)
    assert list(header) == TEMPLATE_HEADERS
    assert example[:3] == ("91430102MA4L0000X6", "长沙芙蓉精密机械有限公司", "430102")

    codes = [factories.valid_credit_code("430102", serial=700_000 + n) for n in range(3)]
    rows = [[code, f"芙蓉导入企业{n}有限公司", "430102", "企业", "制造业", "规模以上", "是" if n == 0 else "否",
             f"长沙市芙蓉区五一大道{n + 1}号", "张伟", f"0731-8400000{n}"] for n, code in enumerate(codes)]

    # 2. A file whose second enterprise (row 3, under the header) has a wrong check character.
    bad = [list(row) for row in rows]
    bad[1][0] = codes[1][:17] + ("1" if codes[1][17] != "1" else "2")
    before = Enterprise.objects.count()
    check_file(page, live_server.url, fill_in(template, bad, tmp_path / "芙蓉区企业名单（有误）.xlsx"))
    assert page.locator("h1").inner_text() == "企业预检：芙蓉区企业名单（有误）.xlsx"
    assert "已检查 3 行：发现 1 个问题。请修改文件后重新上传；未导入任何数据。" in body_text(page)
    assert figures(page)["问题数"] == "1"
    problems = page.locator("table.problems tbody tr")
    assert problems.count() == 1
    assert problems.first.locator("td").all_inner_texts() == [
        "3", "统一社会信用代码", "统一社会信用代码校验位错误，请核对代码。"]
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert Enterprise.objects.count() == before
    shoot(page, ARTIFACTS, "roster-import-problems-desktop")

    # 3. The corrected file: the check's counts, then the import and its outcome.
    good = fill_in(template, rows, tmp_path / "芙蓉区企业名单.xlsx")
    check_file(page, live_server.url, good)
    assert "已检查 3 行，没有问题：新增 3 行，修改 0 行，未变 0 行。确认后即可导入。" in body_text(page)
    assert figures(page) == {"行数": "3", "新增": "3", "修改": "0", "未变": "0", "问题数": "0"}
    assert page.locator("table.problems").count() == 0
    assert Enterprise.objects.count() == before  # the check writes nothing
    shoot(page, ARTIFACTS, "roster-import-check-desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert page.locator("h1").inner_text() == "企业导入：芙蓉区企业名单.xlsx"
    assert "导入完成：新增 3 行，修改 0 行，未变 0 行。" in body_text(page)
    shoot(page, ARTIFACTS, "roster-import-done-desktop")

    assert Enterprise.objects.count() == before + 3
    imported = {enterprise.credit_code: enterprise for enterprise in Enterprise.objects.filter(credit_code__in=codes)}
    assert sorted(imported) == sorted(codes)
    for n, code in enumerate(codes):
        enterprise = imported[code]
        assert (enterprise.name, enterprise.region, enterprise.kind, enterprise.industry, enterprise.size_class,
                enterprise.is_key, enterprise.address, enterprise.contact_name, enterprise.contact_phone) == (
            f"芙蓉导入企业{n}有限公司", regions.furong, "enterprise", "manufacturing", "above_designated", n == 0,
            f"长沙市芙蓉区五一大道{n + 1}号", "张伟", f"0731-8400000{n}")

    # 4. The same file again: nothing new, nothing changed.
    check_file(page, live_server.url, good)
    assert "已检查 3 行，没有问题：新增 0 行，修改 0 行，未变 3 行。" in body_text(page)
    assert figures(page) == {"行数": "3", "新增": "0", "修改": "0", "未变": "3", "问题数": "0"}
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "导入完成：新增 0 行，修改 0 行，未变 3 行。" in body_text(page)
    assert Enterprise.objects.count() == before + 3
    assert page.js_errors == []
