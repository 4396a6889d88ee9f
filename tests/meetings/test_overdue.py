"""The daily beat flags rectification items past due and not done, once, and e-mails the meeting's office; eagerly and
once through a real Celery worker on Redis."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from meetings.choices import ItemAction, ItemStatus
from meetings.models import RectificationItem
from meetings.services import ItemInput, rectification_item_update, rectification_items_flag_overdue
from meetings.tasks import rectification_items_flag_overdue as flag_task


def _items(record, days_ago: int):
    """A meeting `days_ago` days back with three items: due yesterday, due today, and due yesterday but done."""
    today = timezone.localdate()
    held = today - timedelta(days=days_ago)
    meeting = record(held_on=held, items=[
        ItemInput(description="消毒台账未按日登记", owner_name="刘志强", due_on=today - timedelta(days=1)),
        ItemInput(description="隔离观察室缺少标识", owner_name="刘志强", due_on=today),
        ItemInput(description="测温点无人值守", owner_name="李明", due_on=today - timedelta(days=1)),
    ])
    late, due_today, done = meeting.items.order_by("id")
    return late, due_today, done


def test_the_beat_flags_overdue_items_once_and_tells_the_office(record, furong_office, tianxin_office):
    furong_office.email = "office@furong.gov.cn"
    furong_office.save()
    tianxin_office.email = "office@tianxin.gov.cn"
    tianxin_office.save()
    late, due_today, done = _items(record, days_ago=5)
    rectification_item_update(actor=furong_office, item=done, status=ItemStatus.DONE, evidence="已安排专人值守")

    assert flag_task.apply().get() == 1  # the task, run eagerly

    late.refresh_from_db()
    due_today.refresh_from_db()
    assert late.flagged_overdue_at is not None and due_today.flagged_overdue_at is None
    assert not RectificationItem.objects.filter(pk=done.pk, flagged_overdue_at__isnull=False).exists()
    assert late.events.filter(action=ItemAction.FLAGGED_OVERDUE, actor__isnull=True).count() == 1
    assert [m.to for m in mail.outbox] == [["office@furong.gov.cn"]]  # the sibling county hears nothing
    assert "消毒台账未按日登记" in mail.outbox[0].body


def test_a_second_run_flags_nothing_new(record):
    _items(record, days_ago=5)
    assert rectification_items_flag_overdue() == 2
    assert rectification_items_flag_overdue() == 0
    assert RectificationItem.objects.filter(flagged_overdue_at__isnull=False).count() == 2
    assert len(mail.outbox) == 0  # no office address on file: the flag stands on the office's pages


def test_an_item_flagged_then_closed_keeps_its_flag_and_leaves_the_overdue_list(record, furong_office, client):
    late, _, _ = _items(record, days_ago=5)
    rectification_items_flag_overdue()
    client.force_login(furong_office)
    assert "消毒台账未按日登记" in client.get("/meetings/items/overdue/").content.decode()
    rectification_item_update(actor=furong_office, item=late, status=ItemStatus.DONE, evidence="已补登")
    late.refresh_from_db()
    assert late.flagged_overdue_at is not None
    assert "消毒台账未按日登记" not in client.get("/meetings/items/overdue/").content.decode()


def test_the_beat_task_through_a_real_celery_worker_on_redis(celery_worker_on_redis, regions, roster, record):
    """Sent with .delay(), carried by Redis to a worker thread, which flags in the database."""
    late, _, _ = _items(record, days_ago=3)
    result = flag_task.delay()
    assert result.get(timeout=30) == 2
    late.refresh_from_db()
    assert late.flagged_overdue_at is not None
    assert flag_task.delay().get(timeout=30) == 0
