"""The production path: a notice written in a committed transaction is queued through Redis to a real Celery
worker, which claims its outbox row and sends it through the file SMS adapter."""

import time

from django.db import transaction

from notifications.choices import Channel, DeliveryStatus, NoticeKind
from notifications.models import Delivery
from notifications.services import notify
from tests.notifications.conftest import sms_lines


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_notice_goes_out_through_a_real_worker_on_redis(celery_worker_on_redis, roster, settings):
    with transaction.atomic():
        notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user, roster.tianxin_officer.user],
               title="问题 42 已交办给芙蓉区税务局", url="/problems/42/", dedupe_key="problem:42:dispatched")
    sms = Delivery.objects.filter(channel=Channel.SMS)
    assert wait_for(lambda: sms.filter(status=DeliveryStatus.SENT).count() == 2)
    lines = sms_lines(settings)
    assert sorted(line["to"] for line in lines) == sorted([roster.officer.phone, roster.tianxin_officer.phone])
    assert all("https://portal.example.gov.cn/problems/42/" in line["text"] for line in lines)
    assert {row.attempts for row in sms} == {1}
