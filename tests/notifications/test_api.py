"""/api/v1/my/notices/: the signed-in user's unread notices; read one, read all; another's notice is a 404."""

from notifications.choices import NoticeKind
from notifications.models import Notice
from notifications.services import notify


def test_the_api_lists_only_ones_own_unread_notices(furong_office, tianxin_office, client,
                                                    django_assert_max_num_queries):
    notify(kind=NoticeKind.DISPATCHED, recipients=[furong_office, tianxin_office], title="问题 1", url="/problems/1/")
    notify(kind=NoticeKind.OVERDUE, recipients=[furong_office], title="问题 2 逾期")
    client.force_login(furong_office)
    with django_assert_max_num_queries(6):
        rows = client.get("/api/v1/my/notices/").json()["results"]
    assert [row["title"] for row in rows] == ["问题 2 逾期", "问题 1"]
    assert set(rows[1]) == {"id", "kind", "title", "body", "message", "url", "created_at", "read_at"}


def test_reading_one_and_all(furong_office, tianxin_office, client):
    notify(kind=NoticeKind.DISPATCHED, recipients=[furong_office, tianxin_office], title="问题 1")
    notify(kind=NoticeKind.OVERDUE, recipients=[furong_office], title="问题 2")
    mine = Notice.objects.filter(recipient=furong_office).order_by("pk")
    theirs = Notice.objects.get(recipient=tianxin_office)
    client.force_login(furong_office)
    assert client.post(f"/api/v1/my/notices/{theirs.pk}/read/").status_code == 404
    answer = client.post(f"/api/v1/my/notices/{mine[0].pk}/read/").json()
    assert answer["read_at"] is not None
    assert client.post("/api/v1/my/notices/read-all/").json() == {"marked_read": 1}
    assert client.get("/api/v1/my/notices/").json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.read_at is None
