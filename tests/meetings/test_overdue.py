"""The morning job flags rectification items past due and not done, once, and tells the item's owner and the
meeting's office (a notice each, in the flagging's transaction); eagerly and once through a real Celery worker."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from meetings.choices import ItemAction, ItemStatus
from meetings.models import RectificationItem
from meetings.services import ItemInput, rectification_item_update, rectification_items_flag_overdue
from meetings.tasks import rectification_items_flag_overdue as flag_task
from notifications.choices import Channel, DeliveryStatus, NoticeKind
from notifications.models import Delivery, Notice


def _items(record, days_ago: int, owner=None):
    """A meeting `days_ago` days back with three items: due yesterday, due today, and due yesterday but done."""
    today = timezone.localdate()
    held = today - timedelta(days=days_ago)
    meeting = record(held_on=held, items=[
        ItemInput(description="消毒台账未按日登记", owner_name="李明", owner=owner, due_on=today - timedelta(days=1)),
        ItemInput(description="隔离观察室缺少标识", owner_name="李明", owner=owner, due_on=today),
        ItemInput(description="测温点无人值守", owner_name="李明", owner=owner, due_on=today - timedelta(days=1)),
    ])
    late, due_today, done = meeting.items.order_by("id")
    return late, due_today, done


@pytest.fixture
def everyone(roster, furong_office, tianxin_office, changsha_office):
    """The owner and the meeting's office, and those who must hear nothing: the sibling county's office and officer,
    and the city's office above (the meeting's own office is told, not every office that may read it)."""
    return {"owner": roster.officer.user, "office": furong_office,
            "outsiders": [tianxin_office, changsha_office, roster.tianxin_officer.user]}


def test_the_morning_job_flags_overdue_items_once_and_tells_the_owner_and_the_office(
        record, everyone, furong_office, django_capture_on_commit_callbacks):
    late, due_today, done = _items(record, days_ago=5, owner=everyone["owner"])
    rectification_item_update(actor=furong_office, item=done, status=ItemStatus.DONE, evidence="已安排专人值守")

    with django_capture_on_commit_callbacks(execute=True):  # the sends queued after the commit
        assert flag_task.apply().get() == 1  # the task, run eagerly

    late.refresh_from_db()
    due_today.refresh_from_db()
    assert late.flagged_overdue_at is not None and due_today.flagged_overdue_at is None
    assert not RectificationItem.objects.filter(pk=done.pk, flagged_overdue_at__isnull=False).exists()
    assert late.events.filter(action=ItemAction.FLAGGED_OVERDUE, actor__isnull=True).count() == 1
    notices = Notice.objects.filter(kind=NoticeKind.RECTIFICATION_OVERDUE)
    assert sorted(notices.values_list("recipient_id", "url", "dedupe_key")) == sorted(
        (user.pk, f"/meetings/items/{late.pk}/", f"rectification:{late.pk}:overdue")
        for user in (everyone["owner"], everyone["office"]))
    assert all("消毒台账未按日登记" in notice.title for notice in notices)
    assert not Notice.objects.filter(recipient__in=everyone["outsiders"]).exists()
    # The owner's text (an overdue item is worth an SMS by default) went out after the commit.
    sms = Delivery.objects.get(notice__recipient=everyone["owner"], channel=Channel.SMS)
    assert sms.status == DeliveryStatus.SENT and sms.address == everyone["owner"].officer.phone


def test_a_second_run_flags_and_tells_nothing_new(record, everyone):
    _items(record, days_ago=5, owner=everyone["owner"])
    assert rectification_items_flag_overdue() == 2
    notices, deliveries = Notice.objects.count(), Delivery.objects.count()
    assert notices == 4  # two items, each to the owner and the office
    assert rectification_items_flag_overdue() == 0
    assert RectificationItem.objects.filter(flagged_overdue_at__isnull=False).count() == 2
    assert (Notice.objects.count(), Delivery.objects.count()) == (notices, deliveries)


def test_an_item_without_a_login_tells_the_office_only(record, furong_office):
    late, _, _ = _items(record, days_ago=5)
    rectification_items_flag_overdue()
    assert set(Notice.objects.values_list("recipient_id", flat=True)) == {furong_office.pk}


def test_a_flagging_rolled_back_tells_nobody_and_sends_nothing(record, everyone, django_capture_on_commit_callbacks):
    _items(record, days_ago=5, owner=everyone["owner"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            assert rectification_items_flag_overdue() == 2
            raise RuntimeError("the run failed after flagging")
    assert not RectificationItem.objects.filter(flagged_overdue_at__isnull=False).exists()
    assert not Notice.objects.exists() and not Delivery.objects.exists() and not callbacks
    assert rectification_items_flag_overdue() == 2  # the next run flags and tells them after all
    assert Notice.objects.count() == 4


def test_an_item_flagged_then_closed_keeps_its_flag_and_leaves_the_overdue_list(record, furong_office, client):
    late, _, _ = _items(record, days_ago=5)
    rectification_items_flag_overdue()
    client.force_login(furong_office)
    assert "消毒台账未按日登记" in client.get("/meetings/items/overdue/").content.decode()
    rectification_item_update(actor=furong_office, item=late, status=ItemStatus.DONE, evidence="已补登")
    late.refresh_from_db()
    assert late.flagged_overdue_at is not None
    assert "消毒台账未按日登记" not in client.get("/meetings/items/overdue/").content.decode()


def test_the_notice_opens_the_item_for_the_owner(record, everyone, client):
    late, _, _ = _items(record, days_ago=5, owner=everyone["owner"])
    rectification_items_flag_overdue()
    notice = Notice.objects.get(recipient=everyone["owner"], dedupe_key=f"rectification:{late.pk}:overdue")
    client.force_login(everyone["owner"])
    assert "消毒台账未按日登记" in client.get(notice.url).content.decode()


def test_the_beat_task_through_a_real_celery_worker_on_redis(celery_worker_on_redis, regions, roster, record,
                                                             furong_office):
    """Sent with .delay(), carried by Redis to a worker thread, which flags and tells in the database."""
    late, _, _ = _items(record, days_ago=3, owner=roster.officer.user)
    result = flag_task.delay()
    assert result.get(timeout=30) == 2
    late.refresh_from_db()
    assert late.flagged_overdue_at is not None
    assert Notice.objects.filter(dedupe_key=f"rectification:{late.pk}:overdue").count() == 2
    assert flag_task.delay().get(timeout=30) == 0
    assert Notice.objects.count() == 4
