"""The meetings API: create a meeting with nested attendees and items, list in scope, move an item (evidence to close);
the sibling county gets 404 and cannot name furong's rows."""

from datetime import timedelta

from django.utils import timezone

from meetings.choices import ItemStatus
from meetings.models import Meeting, RectificationItem


def _payload(roster, **overrides) -> dict:
    today = timezone.localdate()
    payload = {
        "held_on": today.isoformat(), "enterprise": roster.furong_enterprise.pk,
        "risk_points": "返岗员工未全部登记健康信息",
        "attendees": [{"kind": "officer", "officer": roster.officer.pk},
                      {"kind": "enterprise_head", "name": "刘志强"}],
        "items": [{"description": "补全返岗员工健康登记", "officer": roster.officer.pk,
                   "due_on": (today + timedelta(days=3)).isoformat()}],
    }
    payload.update(overrides)
    return payload


def test_office_creates_a_meeting_with_attendees_and_items(roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/meetings/", _payload(roster), content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [a["name"] for a in data["attendees"]] == ["李明", "刘志强"]
    assert data["attendees"][0]["user"] == roster.officer.user.pk
    assert data["items"][0]["owner_name"] == "李明" and data["items"][0]["owner"] == roster.officer.user.pk
    assert data["region_name"] == "芙蓉区"


def test_a_meeting_with_no_attendees_or_in_the_future_is_refused(roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post("/api/v1/meetings/", _payload(roster, attendees=[]), content_type="application/json")
    assert response.status_code == 400 and "attendees" in response.json()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post("/api/v1/meetings/", _payload(roster, held_on=tomorrow), content_type="application/json")
    assert response.status_code == 400 and "held_on" in response.json()
    assert not Meeting.objects.exists()


def test_the_sibling_county_cannot_name_furong_rows(roster, tianxin_office, client):
    client.force_login(tianxin_office)
    response = client.post("/api/v1/meetings/", _payload(roster), content_type="application/json")
    assert response.status_code == 400 and "enterprise" in response.json()
    assert not Meeting.objects.exists()


def test_lists_and_details_are_scoped(record, roster, furong_office, tianxin_office, changsha_office, client):
    meeting = record()
    item = meeting.items.get()
    for user, rows, code in ((furong_office, 1, 200), (changsha_office, 1, 200), (tianxin_office, 0, 404)):
        client.force_login(user)
        assert len(client.get("/api/v1/meetings/").json()["results"]) == rows
        assert len(client.get("/api/v1/rectification-items/").json()["results"]) == rows
        assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == code
        assert client.get(f"/api/v1/rectification-items/{item.pk}/").status_code == code
    response = client.patch(f"/api/v1/rectification-items/{item.pk}/", {"status": "done", "evidence": "x"},
                            content_type="application/json")
    assert response.status_code == 404
    assert RectificationItem.objects.get().status == ItemStatus.OPEN


def test_closing_needs_evidence(record, furong_office, client):
    item = record().items.get()
    client.force_login(furong_office)
    response = client.patch(f"/api/v1/rectification-items/{item.pk}/", {"status": "done"},
                            content_type="application/json")
    assert response.status_code == 400 and "evidence" in response.json()
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    response = client.patch(f"/api/v1/rectification-items/{item.pk}/",
                            {"status": "done", "evidence": "已整改，附现场照片"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "done" and response.json()["closed_by"] == furong_office.pk
    assert [e["action"] for e in response.json()["events"]] == ["created", "closed"]


def test_overdue_filter_and_week_filter(record, furong_office, client):
    today = timezone.localdate()
    from meetings.services import ItemInput

    record(held_on=today - timedelta(days=10),
           items=[ItemInput(description="过期未整改", owner_name="刘志强", due_on=today - timedelta(days=2))])
    record()
    client.force_login(furong_office)
    overdue = client.get("/api/v1/rectification-items/?overdue=true").json()["results"]
    assert [row["description"] for row in overdue] == ["过期未整改"] and overdue[0]["is_overdue"]
    rows = client.get(f"/api/v1/meetings/?week={today.isoformat()}").json()["results"]
    assert len(rows) == 1 and rows[0]["item_count"] == 1 and rows[0]["attendee_count"] == 2


def test_meetings_are_in_the_openapi_schema(furong_office, client):
    client.force_login(furong_office)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert "post" in paths["/api/v1/meetings/"]
    assert "patch" in paths["/api/v1/rectification-items/{id}/"]


def test_api_lists_query_count_does_not_grow(record, furong_office, client, django_assert_max_num_queries):
    from meetings.services import ItemInput

    def meetings(count):
        for n in range(count):
            record(items=[ItemInput(description=f"整改{n}-{k}", owner_name="刘志强",
                                    due_on=timezone.localdate() + timedelta(days=k)) for k in range(2)])

    meetings(2)
    client.force_login(furong_office)
    counts = {}
    for url in ("/api/v1/meetings/", "/api/v1/rectification-items/"):
        with django_assert_max_num_queries(12) as small:
            client.get(url)
        counts[url] = len(small.captured_queries)
    meetings(10)
    for url, bound in counts.items():
        with django_assert_max_num_queries(bound):
            assert client.get(url).json()["count"] in (12, 24)
