"""An officer on a phone searches the policy library, reads a document and downloads its file; an office's fake PDF
is refused on the publishing form with the message."""

import pytest

from policies.models import PolicyDocument
from tests.browser.helpers import assert_fits_phone, body_text, closes_its_db_connections, log_in, shoot, tap_and_wait
from tests.policies.conftest import HTML_BYTES, PDF_BYTES, publish, upload

pytestmark = pytest.mark.browser

BODY = ("为帮助企业渡过难关，现就阶段性减免企业社会保险费有关事项通知如下。" * 3
        + "\n\n一、自二月起免征中小微企业基本养老保险、失业保险、工伤保险单位缴费部分，免征期限不超过五个月。" * 1
        + "\n\n二、受疫情影响生产经营出现严重困难的企业，可申请缓缴社会保险费，缓缴期间免收滞纳金。")


@closes_its_db_connections
def test_officer_finds_reads_and_downloads_a_policy_on_a_phone(transactional_db, regions, roster, live_server, phone,
                                                              artifacts, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    document = publish(regions.province, "湖南省阶段性减免企业社会保险费实施办法", category="employment", body=BODY,
                       keywords="社保减免, 缓缴", summary="免征、减半征收和缓缴社会保险费的办法。",
                       file=upload("社保减免办法.pdf", PDF_BYTES))
    publish(regions.tianxin, "天心区社保减免操作指引", category="employment", keywords="社保减免")
    log_in(phone, live_server.url, roster.officer.user.username)

    tap_and_wait(phone, phone.get_by_role("link", name="政策库"))
    phone.fill("#id_q", "社保减免")
    tap_and_wait(phone, phone.get_by_role("button", name="搜索"))
    cards = phone.locator("li.policy-card")
    assert cards.count() == 1 and "天心区" not in body_text(phone)  # the sibling county's guide is not in reach
    assert_fits_phone(phone)
    shoot(phone, artifacts, "policy-library-search-phone")

    tap_and_wait(phone, cards.first.get_by_role("link", name=document.title))
    assert phone.locator("h1").inner_text() == document.title
    assert phone.locator(".policy-body p").count() == 3
    assert_fits_phone(phone)
    shoot(phone, artifacts, "policy-document-phone")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="下载文件").tap()
    assert download.value.suggested_filename == "社保减免办法.pdf"


@closes_its_db_connections
def test_office_sees_why_a_fake_pdf_is_refused(transactional_db, regions, furong_office, live_server, phone,
                                               artifacts, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    fake = tmp_path / "通知.pdf"
    fake.write_bytes(HTML_BYTES)
    log_in(phone, live_server.url, furong_office.username)
    phone.goto(live_server.url + "/policies/new/")
    phone.fill("#id_title", "芙蓉区关于减免房租的通知")
    phone.fill("#id_issuing_body", "芙蓉区人民政府")
    phone.fill("#id_issued_on", "2020-02-15")
    phone.select_option("#id_category", "tax_fees")
    phone.select_option("#id_region", str(regions.furong.pk))
    phone.set_input_files("#id_file", str(fake))
    tap_and_wait(phone, phone.get_by_role("button", name="发布"))
    assert "不是平台接受的文件" in phone.locator(".field.has-error").inner_text()
    assert phone.locator("#id_title").input_value() == "芙蓉区关于减免房租的通知"
    assert not PolicyDocument.objects.exists()
    assert_fits_phone(phone)
    shoot(phone, artifacts, "policy-publish-refused-phone")
