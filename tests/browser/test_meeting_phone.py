"""An officer on a phone records a consultation meeting of the enterprise they are stationed in, with its
rectification list; the form refuses a meeting without attendees, and an item is closed only with evidence."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.choices import AttendeeKind, ItemAction, ItemStatus
from meetings.models import Meeting, RectificationItem
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

RISK_POINTS = "车间通风不良，测温点设置不合理"
ITEM = "增设测温点并安排专人值守"
EVIDENCE = "已在南门、东门各增设测温点一处，现场核查并拍照存档。"


@closes_its_db_connections
def test_officer_records_a_meeting_and_closes_its_item_with_evidence(transactional_db, regions, roster, live_server,
                                                                     phone, artifacts):
    officer = roster.officer
    enterprise = roster.furong_enterprise
    today = timezone.localdate()
    due_on = today + timedelta(days=3)

    log_in(phone, live_server.url, officer.user.username)
    tap_and_wait(phone, phone.get_by_role("link", name="会商会议"))
    assert phone.locator("h1").inner_text().startswith("会商会议")
    tap_and_wait(phone, phone.get_by_role("link", name="登记会议"))
    assert phone.url == f"{live_server.url}/meetings/new/"
    assert phone.input_value("#id_held_on") == today.isoformat()

    # The meeting and its rectification list, but nobody listed as attending: refused, nothing saved.
    phone.select_option("#id_enterprise", str(enterprise.pk))
    phone.fill("#id_risk_points", RISK_POINTS)
    phone.fill("#id_item-0-description", ITEM)
    phone.fill("#id_item-0-owner_name", "刘志强")
    phone.fill("#id_item-0-due_on", due_on.isoformat())
    assert_fits_phone(phone)
    shoot(phone, artifacts, "meeting-form-phone")
    tap_and_wait(phone, phone.get_by_role("button", name="保存会议"))
    assert "请填写参会人员：至少一人。" in phone.get_by_role("alert").inner_text()
    assert phone.input_value("#id_risk_points") == RISK_POINTS  # what was typed is still there
    assert phone.input_value("#id_item-0-description") == ITEM
    assert not Meeting.objects.exists()
    assert not RectificationItem.objects.exists()
    assert_fits_phone(phone)
    shoot(phone, artifacts, "meeting-form-no-attendees-phone")

    # The officer picks themselves and types the enterprise head: recorded.
    phone.select_option("#id_attendee-0-officer", str(officer.pk))
    phone.select_option("#id_attendee-1-kind", AttendeeKind.ENTERPRISE_HEAD)
    phone.fill("#id_attendee-1-name", "刘志强")
    tap_and_wait(phone, phone.get_by_role("button", name="保存会议"))
    meeting = Meeting.objects.get()
    assert phone.url == f"{live_server.url}/meetings/{meeting.pk}/"
    assert f"{today.isoformat()}的会商会议已登记。" in messages(phone)
    page = body_text(phone)
    assert enterprise.name in page and RISK_POINTS in page
    assert "李明" in page and "企业负责人" in page
    row = phone.locator("table.items tbody tr").filter(has_text=ITEM)
    assert "刘志强" in row.inner_text() and due_on.isoformat() in row.inner_text() and "待整改" in row.inner_text()
    assert_fits_phone(phone)
    shoot(phone, artifacts, "meeting-detail-phone")
    assert (meeting.enterprise, meeting.branch, meeting.region, meeting.held_on, meeting.created_by) == (
        enterprise, None, regions.furong, today, officer.user)
    assert sorted(meeting.attendees.values_list("name", "kind", "user")) == [
        ("刘志强", AttendeeKind.ENTERPRISE_HEAD, None), ("李明", AttendeeKind.OFFICER, officer.user.pk)]
    item = meeting.items.get()
    assert (item.description, item.owner_name, item.due_on, item.status) == (ITEM, "刘志强", due_on, ItemStatus.OPEN)

    # Closing the item without evidence is refused with the reason; the item stays open.
    tap_and_wait(phone, row.get_by_role("link", name=ITEM))
    assert phone.url == f"{live_server.url}/meetings/items/{item.pk}/"
    phone.select_option("#id_status", ItemStatus.DONE)
    tap_and_wait(phone, phone.get_by_role("button", name="保存", exact=True))
    assert "整改事项须凭佐证销号：请写明整改了什么、如何核实。" in phone.locator(".field.has-error").inner_text()
    item.refresh_from_db()
    assert (item.status, item.evidence, item.closed_by, item.closed_at) == (ItemStatus.OPEN, "", None, None)
    assert list(item.events.values_list("action", flat=True)) == [ItemAction.CREATED]
    assert_fits_phone(phone)
    shoot(phone, artifacts, "meeting-item-no-evidence-phone")

    # With an evidence note it is closed, by the officer.
    phone.select_option("#id_status", ItemStatus.DONE)
    phone.fill("#id_evidence", EVIDENCE)
    tap_and_wait(phone, phone.get_by_role("button", name="保存", exact=True))
    assert phone.url == f"{live_server.url}/meetings/{meeting.pk}/"
    assert "整改事项已更新。" in messages(phone)
    row = phone.locator("table.items tbody tr").filter(has_text=ITEM)
    assert "已整改" in row.inner_text() and EVIDENCE[:20] in row.inner_text()
    assert_fits_phone(phone)
    shoot(phone, artifacts, "meeting-item-closed-phone")
    item.refresh_from_db()
    assert (item.status, item.evidence, item.closed_by) == (ItemStatus.DONE, EVIDENCE, officer.user)
    assert item.closed_at is not None
    assert list(item.events.values_list("action", "actor")) == [
        (ItemAction.CREATED, officer.user.pk), (ItemAction.CLOSED, officer.user.pk)]
