"""notify / notify_many: a notice per recipient and an outbox row per channel they chose, in the caller's
transaction, written once per dedupe key; people's settings and office robots checked before they are saved."""

from datetime import time

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from notifications.choices import Channel, DeliveryStatus, NoticeKind, RobotProvider
from notifications.models import Delivery, Notice, NotificationSettings, OfficeRobot
from notifications.services import (
    NoticeDraft,
    notices_mark_all_read,
    notices_mark_read,
    notification_settings_update,
    notify,
    notify_many,
)
from tests import factories


def test_notify_writes_a_notice_and_an_outbox_row_per_reachable_channel(roster, clock):
    clock.at(clock.now.date(), 10)
    user = roster.officer.user
    user.email = "li.ming@furong.gov.cn"
    user.save()
    assert notify(kind=NoticeKind.DISPATCHED, recipients=[user], title="问题 12 已交办", body="请办理",
                  url="/problems/12/", dedupe_key="problem:12:dispatched") == 1
    notice = Notice.objects.get(recipient=user)
    assert (notice.kind, notice.title, notice.url, notice.read_at) == ("dispatched", "问题 12 已交办", "/problems/12/",
                                                                       None)
    rows = {d.channel: d for d in Delivery.objects.filter(notice=notice)}
    # In-app needs no outbox row: the notice is it. SMS goes to the officer's roster phone.
    assert set(rows) == {Channel.EMAIL, Channel.SMS}
    assert rows[Channel.EMAIL].address == "li.ming@furong.gov.cn"
    assert rows[Channel.SMS].address == roster.officer.phone
    assert all(row.status == DeliveryStatus.QUEUED and row.next_attempt_at == clock.now for row in rows.values())


def test_the_same_event_again_tells_nobody_twice(roster):
    users = [roster.officer.user, roster.tianxin_officer.user]
    assert notify(kind=NoticeKind.OVERDUE, recipients=users, title="逾期", dedupe_key="problem:5:overdue") == 2
    deliveries = Delivery.objects.count()
    assert notify(kind=NoticeKind.OVERDUE, recipients=users, title="逾期", dedupe_key="problem:5:overdue") == 0
    assert Notice.objects.count() == 2 and Delivery.objects.count() == deliveries


def test_an_event_rolled_back_leaves_no_notice_and_sends_nothing(roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user], title="问题", dedupe_key="p:1")
            raise RuntimeError("the event's own write failed")
    assert not Notice.objects.exists() and not Delivery.objects.exists() and not callbacks


def test_sending_is_queued_after_the_commit(roster, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user], title="问题", dedupe_key="p:1")
        assert Delivery.objects.get().status == DeliveryStatus.QUEUED
    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_channels_follow_the_persons_choices_per_event(roster):
    user = roster.officer.user
    user.email = "li.ming@furong.gov.cn"
    user.save()
    notification_settings_update(user=user, channels={NoticeKind.DISPATCHED: [], NoticeKind.DECLINED: ["sms"]})
    notify(kind=NoticeKind.DISPATCHED, recipients=[user], title="a")
    notify(kind=NoticeKind.DECLINED, recipients=[user], title="b")
    notify(kind=NoticeKind.REOPENED, recipients=[user], title="c")  # not chosen: the default (e-mail and SMS)
    notify(kind=NoticeKind.BULLETIN_PUBLISHED, recipients=[user], title="d")  # not chosen: the default (e-mail)
    assert sorted(Delivery.objects.values_list("notice__kind", "channel")) == [
        ("bulletin_published", "email"), ("declined", "sms"), ("reopened", "email"), ("reopened", "sms")]


def test_someone_with_no_address_gets_the_notice_only(regions):
    user = factories.make_user("no-address")
    notify(kind=NoticeKind.DISPATCHED, recipients=[user.pk], title="问题")
    assert Notice.objects.filter(recipient=user).exists() and not Delivery.objects.exists()


def test_an_inactive_user_is_not_sent_anything(roster):
    user = roster.officer.user
    user.is_active = False
    user.save()
    notify(kind=NoticeKind.DISPATCHED, recipients=[user], title="问题")
    assert not Delivery.objects.exists()


def test_an_office_robot_posts_an_event_once_for_all_its_staff(wecom_robot, regions, furong_office,
                                                               tianxin_office):
    colleague = factories.make_office_user("furong-office-2", regions.furong)
    notify(kind=NoticeKind.ESCALATED, recipients=[furong_office, colleague, tianxin_office], title="问题升级",
           dedupe_key="problem:3:escalated:1")
    robot_rows = Delivery.objects.filter(channel=Channel.WECOM)
    assert robot_rows.count() == 1 and robot_rows.get().robot == wecom_robot
    assert Notice.objects.count() == 3


def test_an_office_robot_posts_only_the_events_it_is_set_for(wecom_robot, furong_office):
    wecom_robot.kinds = [NoticeKind.BULLETIN_PUBLISHED]
    wecom_robot.save()
    notify(kind=NoticeKind.OVERDUE, recipients=[furong_office], title="逾期")
    notify(kind=NoticeKind.BULLETIN_PUBLISHED, recipients=[furong_office], title="日总结")
    assert list(Delivery.objects.filter(channel=Channel.WECOM).values_list("notice__kind", flat=True)) == [
        "bulletin_published"]


def test_the_batch_form_writes_thousands_in_a_few_statements(regions, django_assert_max_num_queries,
                                                             django_capture_on_commit_callbacks):
    user_model = get_user_model()
    user_model.objects.bulk_create([user_model(username=f"bulk{i:05d}", email=f"bulk{i}@example.cn",
                                               phone=f"139{i:08d}") for i in range(2500)])
    ids = list(user_model.objects.filter(username__startswith="bulk").values_list("pk", flat=True))
    drafts = [NoticeDraft(recipient_id=pk, title="提醒", body=f"#{pk}", dedupe_key="report-reminder:2026-03-10")
              for pk in ids]
    # About ten statements a chunk of 2,000; SQLite cuts each bulk insert to ~100 rows (999 parameters).
    statements = 30 if connection.vendor == "postgresql" else 130
    with django_capture_on_commit_callbacks() as callbacks, django_assert_max_num_queries(statements):
        assert notify_many(kind=NoticeKind.DISPATCHED, drafts=drafts) == 2500
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() == 2500
    assert Delivery.objects.filter(channel=Channel.SMS).count() == 2500
    assert len(callbacks) == 50  # 5,000 rows, 100 a task
    assert notify_many(kind=NoticeKind.DISPATCHED, drafts=drafts) == 0


def test_notices_are_marked_read_one_or_all_and_only_ones_own(roster):
    me, other = roster.officer.user, roster.tianxin_officer.user
    notify(kind=NoticeKind.DISPATCHED, recipients=[me, other], title="一")
    notify(kind=NoticeKind.DECLINED, recipients=[me], title="二")
    mine = list(Notice.objects.filter(recipient=me).order_by("pk"))
    theirs = Notice.objects.get(recipient=other)
    assert notices_mark_read(user=me, notice_ids=[mine[0].pk, theirs.pk]) == 1
    assert notices_mark_all_read(user=me) == 1
    assert not Notice.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_malformed_mobile_number_is_refused_with_a_clear_message(roster):
    with pytest.raises(ValidationError) as refused:
        notification_settings_update(user=roster.officer.user, mobile="1391234567")  # ten digits
    assert "中国大陆手机号码" in str(refused.value.message_dict["mobile"])
    assert not NotificationSettings.objects.exists()
    saved = notification_settings_update(user=roster.officer.user, mobile="139 1234 5678", sms_digest=True,
                                         quiet_start=time(21, 0), quiet_end=time(6, 30))
    assert saved.mobile == "13912345678"


def test_settings_refuse_unknown_events_and_channels(roster):
    with pytest.raises(ValidationError):
        notification_settings_update(user=roster.officer.user, channels={"dispatched": ["pigeon"]})
    with pytest.raises(ValidationError):
        notification_settings_update(user=roster.officer.user, channels={"party": ["sms"]})


def test_the_chosen_mobile_wins_over_the_roster_phone(roster):
    notification_settings_update(user=roster.officer.user, mobile="13700001111")
    notify(kind=NoticeKind.DISPATCHED, recipients=[roster.officer.user], title="问题")
    assert Delivery.objects.get(channel=Channel.SMS).address == "13700001111"


@pytest.mark.parametrize(("provider", "url", "secret", "field"), [
    (RobotProvider.WECOM, "https://example.com/cgi-bin/webhook/send?key=1", "", "webhook_url"),
    (RobotProvider.WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "", "webhook_url"),
    (RobotProvider.DINGTALK, "https://oapi.dingtalk.com/robot/send?access_token=1", "abc", "secret"),
    (RobotProvider.WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1", "SEC1", "secret"),
    (RobotProvider.DINGTALK, "not a url", "", "webhook_url"),
])
def test_a_bad_robot_webhook_is_refused_with_a_clear_message(regions, settings, provider, url, secret, field):
    settings.NOTIFICATIONS_ROBOT_HOSTS = {"wecom": ["qyapi.weixin.qq.com"], "dingtalk": ["oapi.dingtalk.com"]}
    robot = OfficeRobot(region=regions.furong, provider=provider, name="群", webhook_url=url, secret=secret)
    with pytest.raises(ValidationError) as refused:
        robot.full_clean()
    assert field in refused.value.message_dict
    assert not OfficeRobot.objects.exists()


def test_a_real_robot_webhook_passes(regions, settings):
    settings.NOTIFICATIONS_ROBOT_HOSTS = {"wecom": ["qyapi.weixin.qq.com"], "dingtalk": ["oapi.dingtalk.com"]}
    OfficeRobot(region=regions.furong, provider=RobotProvider.DINGTALK, name="群", secret="SECabc",
                webhook_url="https://oapi.dingtalk.com/robot/send?access_token=abc").full_clean()


def test_recipients_of_an_office_or_a_department_are_their_active_staff(regions, furong_office, tianxin_office):
    from notifications.selectors import department_staff_ids, office_staff_ids

    department = factories.make_department(regions.furong)
    staff = factories.make_department_user("tax-staff", department)
    gone = factories.make_office_user("furong-gone", regions.furong)
    gone.is_active = False
    gone.save()
    assert office_staff_ids(region_ids=[regions.furong.pk]) == [furong_office.pk]
    assert department_staff_ids(department_ids=[department.pk]) == [staff.pk]
