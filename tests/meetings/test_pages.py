"""The meeting pages: list, a meeting with its rectification list, recording one on a phone form, updating an item,
the office's overdue items and branches with no meeting this week. The sibling county gets 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.choices import ItemStatus
from meetings.models import Meeting, RectificationItem
from meetings.services import ItemInput


def body(response) -> str:
    return response.content.decode()


def _management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "40"}


def _post_data(roster, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "held_on": today.isoformat(), "enterprise": roster.furong_enterprise.pk, "branch": "",
        "risk_points": "车间通风不良，测温点设置不合理", "weak_links": "",
        **_management("attendee", 2), **_management("item", 1),
        "attendee-0-kind": "officer", "attendee-0-name": "", "attendee-0-officer": roster.officer.pk,
        "attendee-1-kind": "enterprise_head", "attendee-1-name": "刘志强",
        "item-0-description": "增设测温点并安排专人值守", "item-0-owner_name": "刘志强",
        "item-0-due_on": (today + timedelta(days=2)).isoformat(),
    }
    data.update(overrides)
    return data


def test_office_records_a_meeting_with_attendees_and_items(roster, furong_office, client):
    client.force_login(furong_office)
    form = client.get(f"/meetings/new/?enterprise={roster.furong_enterprise.pk}")
    assert form.status_code == 200 and "李明" in body(form)  # the officer picker holds the office's officers
    response = client.post("/meetings/new/", _post_data(roster))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["刘志强", "李明"]
    assert meeting.attendees.get(name="李明").user == roster.officer.user
    assert meeting.items.get().owner_name == "刘志强"


def test_the_meeting_form_offers_today_as_an_iso_date_in_chinese(roster, furong_office, client):
    """A date input takes yyyy-mm-dd only: Chinese's 2026/02/10 left the phone's date picker empty."""
    client.force_login(furong_office)
    page = body(client.get("/meetings/new/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert f'name="held_on" value="{timezone.localdate().isoformat()}"' in page


def test_a_meeting_with_no_attendees_is_refused_on_the_page(roster, furong_office, client):
    client.force_login(furong_office)
    data = _post_data(roster, **{"attendee-0-officer": "", "attendee-1-name": ""})
    response = client.post("/meetings/new/", data)
    assert response.status_code == 400
    assert "参会人员" in body(response)
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_future_is_refused_on_the_page(roster, furong_office, client):
    client.force_login(furong_office)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post("/meetings/new/", _post_data(roster, held_on=tomorrow))
    assert response.status_code == 400
    assert "尚未到来" in body(response)
    assert not Meeting.objects.exists()


def test_the_sibling_county_cannot_pick_furong_enterprises(roster, tianxin_office, client):
    client.force_login(tianxin_office)
    assert roster.furong_enterprise.name not in body(client.get("/meetings/new/"))
    response = client.post("/meetings/new/", _post_data(roster))
    assert response.status_code == 400 and not Meeting.objects.exists()


def test_closing_an_item_without_evidence_on_the_page(record, furong_office, client):
    item = record().items.get()
    client.force_login(furong_office)
    response = client.post(f"/meetings/items/{item.pk}/", {"status": "done", "evidence": "", "note": ""})
    assert response.status_code == 400
    assert "佐证" in body(response)
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.closed_at is None
    response = client.post(f"/meetings/items/{item.pk}/", {"status": "done", "evidence": "已现场核查，照片存档"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.closed_by == furong_office


@pytest.mark.parametrize("url", ["/meetings/{meeting}/", "/meetings/items/{item}/"])
def test_the_sibling_county_gets_404(url, record, tianxin_office, changsha_office, furong_office, client):
    meeting = record()
    url = url.format(meeting=meeting.pk, item=meeting.items.get().pk)
    for user, expected in ((furong_office, 200), (changsha_office, 200), (tianxin_office, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user.username
    client.force_login(tianxin_office)
    response = client.post(f"/meetings/items/{meeting.items.get().pk}/", {"status": "done", "evidence": "x"})
    assert response.status_code == 404
    assert RectificationItem.objects.get().status == ItemStatus.OPEN


def test_the_attending_officer_sees_the_meeting_a_stranger_does_not(record, roster, client):
    meeting = record()
    client.force_login(roster.officer.user)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert roster.furong_enterprise.name in body(client.get("/meetings/"))
    client.force_login(roster.tianxin_officer.user)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404


def _meetings(record, count: int, start: int = 0):
    today = timezone.localdate()
    for n in range(start, start + count):
        held = today - timedelta(days=n % 20)
        record(held_on=held, items=[ItemInput(description=f"整改事项{n}-{k}", owner_name="刘志强",
                                              due_on=held + timedelta(days=k)) for k in range(3)])


def test_meeting_list_query_count_does_not_grow(record, branches, furong_office, client, django_assert_max_num_queries):
    _meetings(record, 2)
    client.force_login(furong_office)
    with django_assert_max_num_queries(12) as small:
        client.get("/meetings/")
    _meetings(record, 20, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/meetings/")
    assert response.context["page"].paginator.count == 22
    assert response.context["no_meeting_count"] == 0  # the enterprise the furong branch covers met this week


def test_meeting_detail_query_count_does_not_grow(record, roster, furong_office, client,
                                                  django_assert_max_num_queries):
    from meetings.services import rectification_item_update

    few = record()
    many = record(items=[ItemInput(description=f"清理消防通道{k}", owner_name="刘志强",
                                   due_on=timezone.localdate() + timedelta(days=k)) for k in range(20)])
    for item in many.items.all()[:10]:
        rectification_item_update(actor=furong_office, item=item, status=ItemStatus.DONE, evidence="已整改")
    client.force_login(furong_office)
    with django_assert_max_num_queries(12) as small:
        client.get(f"/meetings/{few.pk}/")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = body(client.get(f"/meetings/{many.pk}/"))
    assert page.count("清理消防通道") == 20


def test_week_filter_and_bad_week(record, furong_office, client):
    today = timezone.localdate()
    record(held_on=today - timedelta(days=14))
    client.force_login(furong_office)
    year, week, _ = today.isocalendar()
    assert client.get(f"/meetings/?week={year}-W{week:02d}").context["page"].paginator.count == 0
    year, week, _ = (today - timedelta(days=14)).isocalendar()
    assert client.get(f"/meetings/?week={year}-W{week:02d}").context["page"].paginator.count == 1
    assert client.get("/meetings/?week=nonsense").status_code == 200


def test_no_meeting_page_lists_the_offices_branches(branches, record, furong_office, tianxin_office, client,
                                                    django_assert_max_num_queries):
    client.force_login(furong_office)
    with django_assert_max_num_queries(10):
        page = body(client.get("/meetings/no-meeting/"))
    assert branches.furong.name in page and branches.tianxin.name not in page
    record(branch=branches.furong, enterprise=None)
    assert branches.furong.name not in body(client.get("/meetings/no-meeting/"))
    client.force_login(tianxin_office)
    assert branches.tianxin.name in body(client.get("/meetings/no-meeting/"))


def test_overdue_page_query_count_does_not_grow(record, furong_office, client, django_assert_max_num_queries):
    _meetings(record, 2, start=5)
    client.force_login(furong_office)
    with django_assert_max_num_queries(10) as small:
        client.get("/meetings/items/overdue/")
    _meetings(record, 10, start=7)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/meetings/items/overdue/")
    assert response.context["page"].paginator.count > 10
