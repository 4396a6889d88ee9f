"""The inbox: the header's unread badge, the list (newest first, paged), opening a notice (read, then its link),
mark all read, and the settings page. Alice (the county office) owns the notices, the sibling county sees none."""

import pytest

from notifications.choices import NoticeKind
from notifications.models import Notice, NotificationSettings
from notifications.services import notify


@pytest.fixture
def notices(furong_office, tianxin_office):
    for number in range(30):
        notify(kind=NoticeKind.DISPATCHED, recipients=[furong_office], title=f"问题 {number} 待交办",
               url=f"/problems/{number}/", dedupe_key=f"p:{number}")
    notify(kind=NoticeKind.DECLINED, recipients=[tianxin_office], title="天心区的通知", dedupe_key="t:1")
    return list(Notice.objects.filter(recipient=furong_office).order_by("-created_at", "-id"))


def test_the_header_shows_the_unread_count_to_its_owner_only(notices, furong_office, tianxin_office, client):
    client.force_login(furong_office)
    body = client.get("/notifications/").content.decode()
    assert 'class="badge status-missing" aria-label="30' in body
    client.force_login(tianxin_office)
    body = client.get("/").content.decode()
    assert 'aria-label="1' in body and "问题 0 待交办" not in client.get("/notifications/").content.decode()


def test_the_badge_costs_one_query_whatever_the_number_of_notices(furong_office, client,
                                                                   django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(furong_office)
    with CaptureQueriesContext(connection) as none:
        client.get("/")
    for number in range(5):
        notify(kind=NoticeKind.OVERDUE, recipients=[furong_office], title=f"逾期 {number}")
    with CaptureQueriesContext(connection) as five:
        client.get("/")
    assert len(five.captured_queries) == len(none.captured_queries)
    assert sum("notifications_notice" in query["sql"] for query in five.captured_queries) == 1


def test_the_inbox_lists_newest_first_in_pages(notices, furong_office, client, django_assert_num_queries):
    client.force_login(furong_office)
    # session, user, posts, the unread count (page and badge), the page's count, its rows
    with django_assert_num_queries(6):
        response = client.get("/notifications/")
    shown = [notice.pk for notice in response.context["notices"]]
    assert shown == [notice.pk for notice in notices[:25]]
    second = client.get("/notifications/", {"page": 2})
    assert [notice.pk for notice in second.context["notices"]] == [notice.pk for notice in notices[25:]]
    assert 'rel="next"' in response.content.decode()


def test_opening_a_notice_reads_it_and_follows_its_link(notices, furong_office, client):
    client.force_login(furong_office)
    notice = notices[0]
    response = client.get(f"/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'aria-label="29' in client.get("/notifications/").content.decode()


def test_another_persons_notice_is_a_404_and_stays_unread(notices, tianxin_office, client):
    client.force_login(tianxin_office)
    assert client.get(f"/notifications/{notices[0].pk}/").status_code == 404
    notices[0].refresh_from_db()
    assert notices[0].read_at is None


def test_a_link_to_another_site_is_not_followed(furong_office, client):
    notify(kind=NoticeKind.EXPORT_READY, recipients=[furong_office], title="导出", url="https://evil.example/")
    client.force_login(furong_office)
    response = client.get(f"/notifications/{Notice.objects.get().pk}/")
    assert response["Location"] == "/notifications/"


def test_mark_all_read(notices, furong_office, tianxin_office, client):
    client.force_login(furong_office)
    assert client.get("/notifications/read-all/").status_code == 405
    response = client.post("/notifications/read-all/", follow=True)
    assert "30" in response.content.decode()
    assert not Notice.objects.filter(recipient=furong_office, read_at__isnull=True).exists()
    assert Notice.objects.get(recipient=tianxin_office).read_at is None


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get("/notifications/")["Location"].startswith("/accounts/login/")


def test_the_settings_page_refuses_a_malformed_mobile_and_keeps_nothing(furong_office, client):
    client.force_login(furong_office)
    assert client.get("/notifications/settings/").status_code == 200
    response = client.post("/notifications/settings/", {"mobile": "0731-8888", "quiet_start": "22:00",
                                                        "quiet_end": "07:00"})
    assert response.status_code == 400
    assert "13912345678" in response.content.decode()  # the message shows what a good number looks like
    assert not NotificationSettings.objects.exists()


def test_the_settings_page_saves_channels_quiet_hours_and_the_digest(furong_office, client):
    client.force_login(furong_office)
    response = client.post("/notifications/settings/", {
        "mobile": "13912345678", "quiet_start": "21:30", "quiet_end": "06:30", "sms_digest": "on",
        "kind_dispatched": ["sms"], "kind_escalated": ["email", "sms"]})
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=furong_office)
    assert saved.mobile == "13912345678" and saved.sms_digest and str(saved.quiet_start) == "21:30:00"
    assert saved.channels_for("dispatched") == ["sms"] and saved.channels_for("declined") == []
    page = client.get("/notifications/settings/").content.decode()
    assert 'value="13912345678"' in page
