"""The delivery log in the Django admin: filters by status, channel, event and date, the tries inline, and a resend
action for administrators only."""

from notifications.choices import Channel, DeliveryStatus, NoticeKind
from notifications.models import Delivery
from notifications.services import delivery_send, notify
from tests.notifications.conftest import Answer


def failed_robot_delivery(furong_office, provider) -> Delivery:
    provider.answer(Answer(body={"errcode": 93000, "errmsg": "invalid webhook url"}))
    notify(kind=NoticeKind.OVERDUE, recipients=[furong_office], title="问题 7 已逾期", dedupe_key="p:7")
    delivery = Delivery.objects.get(channel=Channel.WECOM)
    delivery_send(delivery_id=delivery.pk)
    return delivery


def test_the_log_lists_and_filters_deliveries_with_their_tries(wecom_robot, furong_office, provider, admin_user,
                                                               client):
    delivery = failed_robot_delivery(furong_office, provider)
    client.force_login(admin_user)
    listing = client.get("/admin/notifications/delivery/", {"status__exact": "given_up", "channel__exact": "wecom",
                                                            "notice__kind__exact": "overdue"})
    assert listing.status_code == 200 and "93000" in listing.content.decode()
    assert client.get("/admin/notifications/delivery/", {"status__exact": "sent"}).context["cl"].result_count == 0
    page = client.get(f"/admin/notifications/delivery/{delivery.pk}/change/").content.decode()
    assert "invalid webhook url" in page  # the provider's answer, in the tries inline


def test_an_administrator_resends_from_the_log(wecom_robot, furong_office, provider, admin_user, client,
                                               django_capture_on_commit_callbacks):
    delivery = failed_robot_delivery(furong_office, provider)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/notifications/delivery/", {
            "action": "resend", "_selected_action": [delivery.pk]}, follow=True)
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2


def test_office_staff_read_their_log_but_cannot_resend(wecom_robot, furong_office, provider, client):
    delivery = failed_robot_delivery(furong_office, provider)
    client.force_login(furong_office)
    listing = client.get("/admin/notifications/delivery/")
    assert listing.status_code == 200 and listing.context["action_form"] is None  # no actions for them
    client.post("/admin/notifications/delivery/", {"action": "resend", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP


def test_the_robot_admin_checks_the_webhook_url(admin_user, regions, client, settings):
    settings.NOTIFICATIONS_ROBOT_HOSTS = {"wecom": ["qyapi.weixin.qq.com"], "dingtalk": ["oapi.dingtalk.com"]}
    client.force_login(admin_user)
    response = client.post("/admin/notifications/officerobot/add/", {
        "region": regions.furong.pk, "provider": "wecom", "name": "群", "kinds": "[]", "is_active": "on",
        "webhook_url": "https://example.com/hook"})
    assert response.status_code == 200 and "qyapi.weixin.qq.com" in response.content.decode()
