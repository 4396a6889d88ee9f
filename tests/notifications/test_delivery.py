"""The outbox at work: a row is claimed before it is sent (never twice), each try is recorded with the provider's
answer, retryable failures back off from a minute (doubling, capped) for 24 hours then give up, quiet hours hold SMS
until 07:00 (not escalations), the digest sends one text a morning, the sweep finds what lost its task, and an
administrator can resend."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications.choices import AttemptOutcome, Channel, DeliveryStatus, NoticeKind
from notifications.models import Delivery, Notice
from notifications.services import (
    deliveries_send,
    deliveries_sweep,
    delivery_resend,
    delivery_send,
    notification_settings_update,
    notify,
)
from tests.notifications.conftest import Answer, sms_lines


def robot_delivery(furong_office, kind=NoticeKind.OVERDUE) -> Delivery:
    notify(kind=kind, recipients=[furong_office], title="问题 7 已逾期", body="芙蓉区税务局", url="/problems/7/",
           dedupe_key=f"problem:7:{kind}")
    return Delivery.objects.get(channel__in=[Channel.WECOM, Channel.DINGTALK])


def due_now(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_sent_delivery_records_the_providers_answer(wecom_robot, furong_office, provider):
    delivery = robot_delivery(furong_office)
    assert delivery_send(delivery_id=delivery.pk) == AttemptOutcome.SENT
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1 and delivery.sent_at
    attempt = delivery.attempt_log.get()
    assert attempt.outcome == AttemptOutcome.SENT and '"errcode": 0' in attempt.answer
    assert "(https://portal.example.gov.cn/problems/7/)" in provider.requests[0].json()["markdown"]["content"]


def test_a_permanent_provider_error_gives_up_at_once_with_the_reason(dingtalk_robot, furong_office, provider):
    provider.answer(Answer(body={"errcode": 310000, "errmsg": "keywords not in content"}))
    delivery = robot_delivery(furong_office)
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP and "310000" in delivery.last_error
    assert delivery.attempt_log.get().outcome == AttemptOutcome.PERMANENT


def test_a_timeout_is_retried_with_a_doubling_backoff_capped_at_an_hour(wecom_robot, furong_office, provider):
    provider.default = provider.hang()
    delivery = robot_delivery(furong_office)
    waits = []
    for _ in range(8):
        due_now(delivery)
        assert delivery_send(delivery_id=delivery.pk) == AttemptOutcome.RETRY
        delivery.refresh_from_db()
        finished = delivery.attempt_log.order_by("-number").first().finished_at
        waits.append(round((delivery.next_attempt_at - finished).total_seconds()))
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert delivery.status == DeliveryStatus.FAILED and "unreachable" in delivery.last_error
    assert list(delivery.attempt_log.values_list("number", flat=True)) == list(range(1, 9))


def test_retries_stop_after_24_hours_and_the_row_is_given_up(wecom_robot, furong_office, provider):
    provider.default = Answer(status=503, body="busy")
    delivery = robot_delivery(furong_office)
    Delivery.objects.filter(pk=delivery.pk).update(give_up_at=timezone.now() + timedelta(seconds=30))
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP and "24" in delivery.last_error


def test_a_channel_that_is_down_loses_nothing(wecom_robot, furong_office, provider):
    provider.answer(provider.hang(), Answer(status=502, body="bad gateway"),
                    Answer(body={"errcode": 45009, "errmsg": "api freq out of limit"}))
    delivery = robot_delivery(furong_office)
    outcomes = []
    for _ in range(4):
        due_now(delivery)
        outcomes.append(delivery_send(delivery_id=delivery.pk))
    assert outcomes == [AttemptOutcome.RETRY] * 3 + [AttemptOutcome.SENT]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 4 and len(provider.requests) == 4


def test_running_the_task_twice_sends_once(wecom_robot, furong_office, provider):
    delivery = robot_delivery(furong_office)
    assert deliveries_send(delivery_ids=[delivery.pk]) == 1
    assert deliveries_send(delivery_ids=[delivery.pk]) == 0
    assert len(provider.requests) == 1 and delivery.attempt_log.count() == 1


def test_a_row_another_run_is_sending_is_left_alone(wecom_robot, furong_office, provider):
    delivery = robot_delivery(furong_office)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, sending_since=timezone.now())
    assert delivery_send(delivery_id=delivery.pk) is None and not provider.requests


def test_a_row_not_yet_due_is_not_sent(wecom_robot, furong_office, provider):
    delivery = robot_delivery(furong_office)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert delivery_send(delivery_id=delivery.pk) is None and not provider.requests


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_once(require_postgres, wecom_robot, furong_office, provider):
    """Eight threads, eight database connections, one row: the UPDATE … WHERE status in (queued, failed) claim lets
    exactly one of them send."""
    delivery = robot_delivery(furong_office)  # sent at once after its commit (eager): make it queued again
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED, sent_at=None)
    provider.requests.clear()
    barrier = threading.Barrier(8)
    outcomes = []

    def run():
        barrier.wait()
        try:
            outcomes.append(delivery_send(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [None] * 7 + [AttemptOutcome.SENT]
    assert len(provider.requests) == 1


def test_an_sms_in_quiet_hours_waits_until_seven(roster, clock, settings, committed):
    clock.at(clock.now.date(), 23, 10)
    notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user], title="问题 9 已交办")
    sms = Delivery.objects.get(channel=Channel.SMS)
    seven = timezone.localtime(clock.now).replace(hour=7, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert sms.next_attempt_at == seven and sms.enqueued_at is None
    assert delivery_send(delivery_id=sms.pk) is None and not sms_lines_or_empty(settings)
    clock.at(seven.date(), 7, 0)
    with committed():
        deliveries_sweep()  # the beat queues it: it goes out at seven
    sms.refresh_from_db()
    assert sms.status == DeliveryStatus.SENT and len(sms_lines(settings)) == 1


def sms_lines_or_empty(settings):
    try:
        return sms_lines(settings)
    except FileNotFoundError:
        return []


def test_an_escalation_texts_even_in_quiet_hours(roster, clock, settings, committed):
    clock.at(clock.now.date(), 2, 30)
    with committed():
        notify(kind=NoticeKind.ESCALATED, recipients=[roster.officer.user], title="问题升级到长沙市")
    assert Delivery.objects.get(channel=Channel.SMS).status == DeliveryStatus.SENT
    assert sms_lines(settings)[0]["text"].startswith("问题升级到长沙市")


def test_a_retry_falling_in_quiet_hours_is_deferred_not_sent(roster, clock, settings):
    clock.at(clock.now.date(), 21, 59)
    notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user], title="问题")
    sms = Delivery.objects.get(channel=Channel.SMS)
    Delivery.objects.filter(pk=sms.pk).update(status=DeliveryStatus.FAILED, attempts=1)
    clock.advance(minutes=2)  # 22:01
    assert delivery_send(delivery_id=sms.pk) == AttemptOutcome.DEFERRED
    sms.refresh_from_db()
    assert sms.status == DeliveryStatus.QUEUED and timezone.localtime(sms.next_attempt_at).hour == 7
    assert sms.attempts == 1 and sms.attempt_log.get().outcome == AttemptOutcome.DEFERRED


def test_a_persons_own_quiet_hours_count(roster, clock):
    notification_settings_update(user=roster.officer.user, quiet_start=timezone.datetime(2026, 1, 1, 12, 0).time(),
                                 quiet_end=timezone.datetime(2026, 1, 1, 14, 0).time())
    clock.at(clock.now.date(), 12, 30)
    notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user], title="问题")
    assert timezone.localtime(Delivery.objects.get(channel=Channel.SMS).next_attempt_at).hour == 14


def test_the_digest_sends_one_text_a_morning_for_everything(furong_office, clock, settings, committed):
    notification_settings_update(user=furong_office, mobile="13912345678", sms_digest=True)
    clock.at(clock.now.date(), 15, 0)
    with committed():
        for number in range(3):
            notify(kind=NoticeKind.DISPATCHED, recipients=[furong_office], title=f"问题 {number} 待交办")
        notify(kind=NoticeKind.ESCALATED, recipients=[furong_office], title="问题 9 升级")  # at once, no digest
    digest = Delivery.objects.filter(digest=True)
    assert digest.count() == 3 and {timezone.localtime(d.next_attempt_at).hour for d in digest} == {8}
    assert len(sms_lines(settings)) == 1
    clock.at(clock.now.date() + timedelta(days=1), 8, 0)
    with committed():
        assert deliveries_sweep()["digests"] == 1
    lines = sms_lines(settings)
    assert len(lines) == 2 and lines[1]["to"] == "13912345678"
    assert "3" in lines[1]["text"] and "问题 0 待交办" in lines[1]["text"] and "问题 2 待交办" in lines[1]["text"]
    assert set(digest.values_list("status", "provider_message_id")) == {(DeliveryStatus.SENT, lines[1]["id"])}
    assert deliveries_sweep()["digests"] == 0  # nothing twice


def test_the_sweep_queues_a_row_whose_task_was_lost(wecom_robot, furong_office, provider, clock, committed):
    delivery = robot_delivery(furong_office)  # its after-commit message never reaches a worker
    clock.advance(minutes=5)
    assert deliveries_sweep()["queued"] == 0  # queued a moment ago: its task may just be busy
    clock.advance(minutes=15)
    with committed():
        assert deliveries_sweep()["queued"] == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(provider.requests) == 1


def test_the_sweep_queues_a_failed_row_when_its_backoff_ends(wecom_robot, furong_office, provider, clock,
                                                              committed):
    provider.answer(Answer(status=500, body="oops"))
    with committed():
        delivery = robot_delivery(furong_office)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert deliveries_sweep()["queued"] == 0
    clock.advance(seconds=61)
    with committed():
        assert deliveries_sweep()["queued"] == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2


def test_the_sweep_takes_back_a_row_whose_worker_died_while_sending(wecom_robot, furong_office, provider, clock,
                                                                     committed):
    with_claim = robot_delivery(furong_office)
    Delivery.objects.filter(pk=with_claim.pk).update(status=DeliveryStatus.SENDING, sending_since=clock.now,
                                                     attempts=1)
    clock.advance(minutes=5)
    assert deliveries_sweep()["stale"] == 0
    clock.advance(minutes=6)
    with committed():
        assert deliveries_sweep()["stale"] == 1
    with_claim.refresh_from_db()
    assert with_claim.status == DeliveryStatus.SENT and with_claim.attempts == 2
    assert list(with_claim.attempt_log.values_list("outcome", flat=True)) == [AttemptOutcome.LOST,
                                                                               AttemptOutcome.SENT]


def test_an_administrator_resends_a_given_up_delivery_on_the_same_row(wecom_robot, furong_office, provider,
                                                                       admin_user, committed):
    provider.answer(Answer(body={"errcode": 93000, "errmsg": "invalid webhook url"}))
    delivery = robot_delivery(furong_office)
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP
    with committed():
        assert delivery_resend(actor=admin_user, delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert not delivery_resend(actor=admin_user, delivery=delivery)  # sent: nothing to resend
    assert Delivery.objects.count() == 1 and Notice.objects.count() == 1


def test_only_administrators_resend(wecom_robot, furong_office, provider):
    from django.core.exceptions import PermissionDenied

    delivery = robot_delivery(furong_office)
    with pytest.raises(PermissionDenied):
        delivery_resend(actor=furong_office, delivery=delivery)


def test_a_removed_robot_gives_its_rows_up_with_the_reason(wecom_robot, furong_office, provider):
    delivery = robot_delivery(furong_office)
    wecom_robot.is_active = False
    wecom_robot.save()
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP and delivery.last_error and not provider.requests
