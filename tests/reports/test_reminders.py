"""The daily reminder: one notice per officer per day, only to those who have not filed, written through the
notifications outbox (e-mail where the officer has an address, SMS to the roster phone)."""

from django.core import mail

from notifications.choices import Channel, DeliveryStatus, NoticeKind
from notifications.models import Delivery, Notice
from reports.services import report_reminders_send
from reports.tasks import report_reminders_send_task
from tests.reports.conftest import TODAY


def test_officers_with_missing_reports_get_one_notice_and_one_email(roster, file_report,
                                                                    django_capture_on_commit_callbacks):
    roster.officer.user.email = "li.ming@furong.gov.cn"
    roster.officer.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = report_reminders_send(day=TODAY)
    # 李明 (two enterprises), 王芳, 赵强 and the city officer 陈刚 have not filed: four officers, four notices.
    assert sent == 4
    notice = Notice.objects.get(recipient=roster.officer.user)
    assert notice.kind == NoticeKind.REPORT_REMINDER
    assert roster.furong_enterprise.name in notice.message and roster.furong_enterprise_2.name in notice.message
    assert [m.to for m in mail.outbox] == [["li.ming@furong.gov.cn"]]
    assert "今日" in mail.outbox[0].subject
    email = Delivery.objects.get(notice=notice, channel=Channel.EMAIL)
    assert email.status == DeliveryStatus.SENT and email.attempt_log.count() == 1


def test_a_second_run_sends_nothing_more(roster, django_capture_on_commit_callbacks):
    roster.officer.user.email = "li.ming@furong.gov.cn"
    roster.officer.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        report_reminders_send(day=TODAY)
    deliveries = Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(day=TODAY) == 0
    assert Notice.objects.count() == 4 and len(mail.outbox) == 1
    assert Delivery.objects.count() == deliveries


def test_an_officer_who_filed_everything_gets_no_reminder(roster, file_report):
    file_report(assignment=roster.furong_assignment)
    report_submit_second = roster.officer.assignments.exclude(pk=roster.furong_assignment.pk).get()
    file_report(assignment=report_submit_second)
    report_reminders_send(day=TODAY)
    assert not Notice.objects.filter(recipient=roster.officer.user).exists()


def test_the_reminder_shows_on_the_officers_page_and_api(roster, client):
    report_reminders_send(day=TODAY)
    client.force_login(roster.officer.user)
    assert "今日日报尚未填报" in client.get("/").content.decode()
    assert len(client.get("/api/v1/my/notices/").json()["results"]) == 1


def test_the_beat_task_runs_eagerly(roster):
    assert report_reminders_send_task.apply().get() == 4
    assert Notice.objects.count() == 4


def test_the_beat_task_runs_through_a_real_worker(celery_worker_on_redis, roster):
    result = report_reminders_send_task.delay()
    assert result.get(timeout=30) == 4
    assert Notice.objects.count() == 4
