"""The morning reminder of rectification items falling due: within RECTIFICATION_DUE_DAYS days (today included),
once per item and due date, to the item's owner and the meeting's office, in one transaction; eagerly, as a
scheduled daily run, and once through a real Celery worker."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from meetings.choices import ItemStatus
from meetings.services import ItemInput, rectification_item_update, rectification_items_remind_due
from meetings.tasks import rectification_items_remind_due as remind_task
from notifications.choices import NoticeKind
from notifications.models import Delivery, Notice

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def two_days(settings):
    settings.RECTIFICATION_DUE_DAYS = 2


def _items(record, owner):
    """A meeting held three days ago: items due today, in two days (the window's last day), in three days (outside
    it), due in a day but already done, and one overdue (the overdue job's, not this one's)."""
    meeting = record(held_on=TODAY - timedelta(days=3), items=[
        ItemInput(description="补全返岗员工健康登记台账", owner_name="李明", owner=owner, due_on=TODAY),
        ItemInput(description="食堂实行分餐制，错峰就餐", owner_name="李明", owner=owner, due_on=TODAY + timedelta(2)),
        ItemInput(description="组织一次疫情应急处置演练", owner_name="李明", owner=owner, due_on=TODAY + timedelta(3)),
        ItemInput(description="清理消防通道堆放物料", owner_name="李明", owner=owner, due_on=TODAY + timedelta(1)),
        ItemInput(description="测温点移至厂区大门外", owner_name="李明", owner=owner, due_on=TODAY - timedelta(1)),
    ])
    return list(meeting.items.order_by("id"))


@pytest.fixture
def items(record, roster, furong_office):
    today, in_two, in_three, done, overdue = _items(record, roster.officer.user)
    rectification_item_update(actor=furong_office, item=done, status=ItemStatus.DONE, evidence="已清理，现场复查")
    return today, in_two, in_three, done, overdue


def test_items_falling_due_remind_the_owner_and_the_office_once_each(items, roster, furong_office, tianxin_office,
                                                                     changsha_office):
    today, in_two, _, _, _ = items
    assert remind_task.apply(args=[TODAY.isoformat()]).get() == 4  # two items, each to two people
    notices = Notice.objects.filter(kind=NoticeKind.RECTIFICATION_DUE)
    assert sorted(notices.values_list("recipient_id", "url", "dedupe_key")) == sorted(
        (user.pk, f"/meetings/items/{item.pk}/", f"rectification:{item.pk}:due:{item.due_on.isoformat()}")
        for item in (today, in_two) for user in (roster.officer.user, furong_office))
    assert all(TODAY.isoformat() in n.title or (TODAY + timedelta(2)).isoformat() in n.title for n in notices)
    for outsider in (tianxin_office, changsha_office, roster.tianxin_officer.user):
        assert not Notice.objects.filter(recipient=outsider).exists()


def test_a_second_run_and_the_next_morning_remind_nobody_twice(items):
    _, in_two, in_three, _, _ = items
    assert rectification_items_remind_due(today=TODAY) == 4
    deliveries = Delivery.objects.count()
    assert rectification_items_remind_due(today=TODAY) == 0
    assert Delivery.objects.count() == deliveries
    # Tomorrow the item due in three days enters the window; the one already reminded is not told again.
    assert rectification_items_remind_due(today=TODAY + timedelta(days=1)) == 2
    assert set(Notice.objects.filter(dedupe_key__startswith=f"rectification:{in_three.pk}:")
               .values_list("dedupe_key", flat=True)) == {f"rectification:{in_three.pk}:due:{in_three.due_on}"}
    assert Notice.objects.filter(dedupe_key__startswith=f"rectification:{in_two.pk}:").count() == 2


def test_zero_days_reminds_on_the_due_day_only(items, settings):
    settings.RECTIFICATION_DUE_DAYS = 0
    today, *_ = items
    assert rectification_items_remind_due(today=TODAY) == 2
    assert set(Notice.objects.values_list("dedupe_key", flat=True)) == {f"rectification:{today.pk}:due:{TODAY}"}


def test_a_reminder_rolled_back_leaves_no_notice_and_sends_nothing(items, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            assert rectification_items_remind_due(today=TODAY) == 4
            raise RuntimeError("the run's transaction failed")
    assert not Notice.objects.exists() and not Delivery.objects.exists() and not callbacks


def test_the_daily_run_reminds_for_the_day_it_was_due(items, django_capture_on_commit_callbacks):
    """Through the operations schedule, as the tick runs it: a run caught up late still reminds for its own day."""
    from datetime import datetime

    from operations.choices import RunStatus
    from operations.models import ScheduledRun
    from operations.schedule import daily_job
    from operations.services import scheduled_run_execute

    job = daily_job("meetings-rectification-due")
    assert job.task == "meetings.tasks.rectification_items_remind_due"
    due_at = timezone.make_aware(datetime.combine(TODAY, job.at))
    assert job.kwargs(due_at) == {"day": TODAY.isoformat()}
    run = ScheduledRun.objects.create(name=job.name, due_at=due_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduled_run_execute(run_id=run.pk).status == RunStatus.DONE
    assert Notice.objects.filter(kind=NoticeKind.RECTIFICATION_DUE).count() == 4


def test_the_reminder_through_a_real_celery_worker_on_redis(celery_worker_on_redis, regions, roster, record,
                                                            furong_office):
    """Sent with .delay(), carried by Redis to a worker thread, which writes the notices."""
    _items(record, roster.officer.user)
    assert remind_task.delay(TODAY.isoformat()).get(timeout=30) == 6  # today, tomorrow, in two days
    assert remind_task.delay(TODAY.isoformat()).get(timeout=30) == 0
    assert Notice.objects.filter(kind=NoticeKind.RECTIFICATION_DUE).count() == 6
