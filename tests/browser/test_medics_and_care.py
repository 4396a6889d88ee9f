"""Medical staff and officer care in a browser.

A county liaison office on a desktop opens a medic who already covers five small enterprises, is refused a sixth with
the medic's name and count, ends one coverage and then adds the sixth, and finds the enterprises without medical
cover. An officer on a phone records a rest period on 我的保障 and is refused an overlapping one.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from enterprises.choices import SizeClass
from medics.models import MedicCoverage
from medics.services import health_institution_create, medic_coverage_create, medic_create
from officers.models import RestPeriod
from tests import factories
from tests.browser.helpers import (
    assert_fits_phone,
    body_text,
    closes_its_db_connections,
    log_in,
    messages,
    shoot,
    tap_and_wait,
)

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
           "has_touch": True}  # log_in taps the submit button


def assert_fields_inside(card) -> None:
    """Every input and select of the card lies within the card (a date picker once pushed its column past it)."""
    right = card.bounding_box()
    for field in card.locator("input:visible, select:visible").all():
        box = field.bounding_box()
        assert box["x"] + box["width"] <= right["x"] + right["width"], field.get_attribute("name")


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


@closes_its_db_connections
def test_office_keeps_a_medic_within_the_small_enterprise_limit(transactional_db, regions, roster, furong_office,
                                                                live_server, browser, artifacts, settings):
    settings.MEDIC_SMALL_ENTERPRISE_LIMIT = 5
    actor = factories.system_actor()
    today = timezone.localdate()
    hospital = health_institution_create(actor=actor, region=regions.furong, name="芙蓉区人民医院")
    medic = medic_create(actor=actor, institution=hospital, name="刘医生", phone="13807310001")
    stationed_officer = factories.make_officer(regions.furong, name="芙蓉驻企员")
    small = []
    for name in ("芙蓉湘绣", "芙蓉米粉", "芙蓉茶叶", "芙蓉印务", "芙蓉五金", "芙蓉烘焙"):
        enterprise = factories.make_enterprise(regions.furong, f"长沙{name}有限公司", size_class=SizeClass.SMALL_MICRO)
        factories.make_assignment(stationed_officer, enterprise)
        small.append(enterprise)
    for enterprise in small[:5]:
        medic_coverage_create(actor=actor, medic=medic, enterprise=enterprise, start_date=today - timedelta(days=30))
    sixth, handed_over = small[5], small[0]

    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, live_server.url, furong_office.username)
        page.locator("details.menu summary", has_text="名册").click()
        click_and_wait(page, page.get_by_role("link", name="驻企医务人员"))
        assert page.url == f"{live_server.url}/medics/"
        click_and_wait(page, page.get_by_role("link", name="刘医生"))
        assert page.url == f"{live_server.url}/medics/{medic.pk}/"
        assert page.locator("h1").inner_text() == "刘医生"

        # A sixth small enterprise while five are covered: refused, with the medic's name and the count.
        page.select_option("#id_enterprise", str(sixth.pk))
        assert page.input_value("form.card #id_start_date") == today.isoformat()
        click_and_wait(page, page.get_by_role("button", name="登记驻企"))
        refusal = "刘医生 在这段时间已负责 5 家中小微企业，每名医务人员同一时间至多负责 5 家。"
        assert refusal in body_text(page)
        assert MedicCoverage.objects.filter(medic=medic).count() == 5
        assert not MedicCoverage.objects.filter(enterprise=sixth).exists()
        shoot(page, artifacts, "medic-sixth-small-enterprise-refused")

        # End one coverage today (the handover day frees the place today), then the sixth fits.
        row = page.locator("tr", has_text=handed_over.name)
        row.locator("input[name=note]").fill("调回医院")
        assert row.locator("input[name=end_date]").input_value() == today.isoformat()
        click_and_wait(page, row.get_by_role("button", name="结束驻企"))
        assert f"{handed_over.name} 的医务驻企已结束。" in messages(page)
        ended = MedicCoverage.objects.get(medic=medic, enterprise=handed_over)
        assert (ended.end_date, ended.end_note) == (today, "调回医院")

        page.select_option("#id_enterprise", str(sixth.pk))
        click_and_wait(page, page.get_by_role("button", name="登记驻企"))
        assert page.url == f"{live_server.url}/medics/{medic.pk}/"
        assert "已登记医务驻企。" in messages(page)
        assert refusal not in body_text(page)
        added = MedicCoverage.objects.get(medic=medic, enterprise=sixth)
        assert (added.start_date, added.end_date, added.created_by) == (today, None, furong_office)
        assert MedicCoverage.objects.filter(medic=medic).active_on(today).count() == 5
        shoot(page, artifacts, "medic-sixth-small-enterprise-added")

        # The enterprises without medical cover: the roster's stationed ones and the one just handed over.
        click_and_wait(page, page.locator("p.back").get_by_role("link", name="驻企医务人员"))
        click_and_wait(page, page.locator("nav.segmented").get_by_role("link", name="无医务驻企"))
        assert page.url == f"{live_server.url}/medics/gaps/"
        gaps = page.locator("table.roster tbody").inner_text()
        assert roster.furong_enterprise.name in gaps
        assert handed_over.name in gaps
        assert sixth.name not in gaps and small[1].name not in gaps
        assert roster.tianxin_enterprise.name not in gaps  # the sibling county's enterprise is out of reach
        shoot(page, artifacts, "medic-coverage-gaps")
    finally:
        context.close()


@closes_its_db_connections
def test_officer_records_rest_and_is_refused_an_overlap(transactional_db, regions, roster, live_server, phone,
                                                        artifacts):
    officer = roster.officer
    today = timezone.localdate()
    first, last = today - timedelta(days=6), today - timedelta(days=5)
    log_in(phone, live_server.url, officer.user.username)

    tap_and_wait(phone, phone.get_by_role("link", name="我的保障"))
    assert phone.url == f"{live_server.url}/care/officers/{officer.pk}/"
    assert "尚未登记轮休。" in body_text(phone)
    phone.locator("summary", has_text="登记轮换或休息").tap()
    phone.select_option("#id_rest-kind", "rotation")
    phone.fill("#id_rest-start_date", first.isoformat())
    phone.fill("#id_rest-end_date", last.isoformat())
    phone.fill("#id_rest-note", "回单位轮换两天")
    assert_fits_phone(phone)
    assert_fields_inside(phone.locator("details.card", has_text="登记轮换或休息"))
    tap_and_wait(phone, phone.get_by_role("button", name="登记", exact=True))

    assert "已登记轮休。" in messages(phone)
    assert "尚未登记轮休。" not in body_text(phone)
    listed = phone.locator("tbody tr", has_text="回单位轮换两天")
    assert listed.count() == 1
    assert f"{first:%Y-%m-%d} – {last:%Y-%m-%d}" in listed.inner_text()
    rest = RestPeriod.objects.get()
    assert (rest.officer, rest.kind, rest.start_date, rest.end_date, rest.recorded_by) == (
        officer, "rotation", first, last, officer.user)
    shoot(phone, artifacts, "officer-rest-recorded-phone")

    # A rest period overlapping the one just recorded: the message, the form kept open, nothing saved.
    phone.locator("summary", has_text="登记轮换或休息").tap()
    phone.fill("#id_rest-start_date", last.isoformat())
    phone.fill("#id_rest-end_date", today.isoformat())
    tap_and_wait(phone, phone.get_by_role("button", name="登记", exact=True))
    overlap = f"{officer.name} 已有 {first:%Y-%m-%d} 至 {last:%Y-%m-%d} 的轮休记录，与所填日期重叠。"
    assert overlap in body_text(phone)
    assert phone.locator("#id_rest-end_date").input_value() == today.isoformat()
    assert RestPeriod.objects.count() == 1
    assert_fits_phone(phone)
    assert_fields_inside(phone.locator("details.card", has_text="登记轮换或休息"))
    shoot(phone, artifacts, "officer-rest-overlap-refused-phone")
