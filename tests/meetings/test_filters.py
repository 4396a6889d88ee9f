"""The rectification list's filters (meetings.filters.RectificationItemFilterSet) serve the office's rectification
items page (and its overdue view), its export and /api/v1/rectification-items/ alike: the same query string gives
the same rows, a bad value is a form error on the page, a 400 on the API and no download, and no filter reaches an
item outside the user's scope."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from branches.quotas import iso_week_label
from meetings.choices import AttendeeKind, ItemStatus
from meetings.exports import RECTIFICATION_COLUMNS
from meetings.filters import RectificationItemFilterSet
from meetings.models import RectificationItem
from meetings.selectors import iso_week
from meetings.services import AttendeeInput, ItemInput, rectification_item_update
from tests.lists import export_refused, exported

TODAY = timezone.localdate()
MONDAY, SUNDAY = iso_week(TODAY)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
NUMBER = RECTIFICATION_COLUMNS[0].header


@pytest.fixture
def items(record, branches, roster, furong_office, tianxin_office) -> dict:
    """Four 芙蓉区 items of two meetings (one of the enterprise ten days ago: one overdue, one closed; one of the
    branch today: one due this week, one in progress due next week) and one overdue item of the sibling county."""
    old = record(held_on=TODAY - timedelta(days=10), items=[
        ItemInput(description="规范测温登记", owner_name="刘志强", due_on=TODAY - timedelta(days=5)),
        ItemInput(description="清理消防通道", owner_name="李明", owner=roster.officer.user,
                  due_on=TODAY - timedelta(days=6)),
    ])
    late, done = old.items.order_by("id")
    rectification_item_update(actor=furong_office, item=done, status=ItemStatus.DONE, evidence="已清理，附现场照片")
    new = record(branch=branches.furong, items=[
        ItemInput(description="食堂实行分餐制", owner_name="王经理", due_on=SUNDAY),
        ItemInput(description="更新员工健康台账", owner_name="李明", owner=roster.officer.user,
                  due_on=TODAY + timedelta(days=7)),
    ])
    this_week, next_week = new.items.order_by("id")
    rectification_item_update(actor=furong_office, item=next_week, status=ItemStatus.IN_PROGRESS)
    tianxin = record(actor=tianxin_office, enterprise=roster.tianxin_enterprise, held_on=TODAY - timedelta(days=5),
                     attendees=[AttendeeInput(kind=AttendeeKind.ENTERPRISE_HEAD, name="王总")],
                     items=[ItemInput(description="天心区整改事项", owner_name="王总",
                                      due_on=TODAY - timedelta(days=1))])
    return {"late": late.pk, "done": done.pk, "this_week": this_week.pk, "next_week": next_week.pk,
            "tianxin": tianxin.items.get().pk, "old_meeting": old.pk, "tianxin_meeting": tianxin.pk}


def in_order(items, names) -> list[int]:
    """The items named, soonest due first (then by number), as the list orders them."""
    rows = RectificationItem.objects.filter(pk__in=[items[name] for name in names])
    return list(rows.order_by("due_on", "id").values_list("pk", flat=True))


def page_rows(client, params, url="/meetings/items/") -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [item.pk for item in response.context["page"].object_list]


def api_rows(client, params) -> list[int]:
    response = client.get("/api/v1/rectification-items/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def sheet_rows(client, params, url="/meetings/items/") -> list[int]:
    sheet = exported(client, url, params)
    with translation.override("zh-hans"):
        return sheet.column(str(NUMBER))


def test_the_same_query_string_gives_the_same_rows_on_the_page_the_api_and_the_export(items, branches, roster,
                                                                                      regions, furong_office,
                                                                                      client):
    furong = ["late", "done", "this_week", "next_week"]
    dues = dict(RectificationItem.objects.values_list("pk", "due_on"))
    due_this_week = [name for name in furong if MONDAY <= dues[items[name]] <= SUNDAY]
    client.force_login(furong_office)
    cases = [
        ({}, furong),
        ({"status": "open"}, ["late", "this_week"]),
        ({"status": "done"}, ["done"]),
        ({"status": "in_progress"}, ["next_week"]),
        ({"overdue": "true"}, ["late"]),
        ({"overdue": "false"}, ["done", "this_week", "next_week"]),
        ({"due_from": TODAY.isoformat()}, ["this_week", "next_week"]),
        ({"due_to": (TODAY - timedelta(days=1)).isoformat()}, ["late", "done"]),
        ({"due_from": (TODAY - timedelta(days=5)).isoformat(), "due_to": (TODAY - timedelta(days=5)).isoformat()},
         ["late"]),
        ({"due_week": iso_week_label(TODAY)}, due_this_week),
        ({"due_week": iso_week_label(TODAY + timedelta(days=7))}, ["next_week"]),
        ({"owner_name": "李明"}, ["done", "next_week"]),
        ({"officer": roster.officer.pk}, ["done", "next_week"]),
        ({"meeting": items["old_meeting"]}, ["late", "done"]),
        ({"branch": branches.furong.pk}, ["this_week", "next_week"]),
        ({"enterprise": roster.furong_enterprise.pk}, ["late", "done"]),
        ({"region": regions.furong.pk}, furong),
        ({"q": "分餐"}, ["this_week"]),
        ({"q": "联合党支部"}, ["this_week", "next_week"]),  # the meeting's branch
        ({"q": "现场照片"}, ["done"]),  # the evidence
        ({"status": "open", "overdue": "false", "q": "食堂"}, ["this_week"]),
    ]
    for params, expected in cases:
        on_the_page = page_rows(client, params)
        assert on_the_page == in_order(items, expected), params
        assert api_rows(client, params) == on_the_page, params
        assert sheet_rows(client, params) == on_the_page, params
    # The API's name for the search, `search`, is the page's `q`.
    assert api_rows(client, {"search": "分餐"}) == [items["this_week"]]


def test_the_overdue_address_is_the_list_with_overdue_on(items, furong_office, client):
    client.force_login(furong_office)
    overdue = "/meetings/items/overdue/"
    assert page_rows(client, {}, overdue) == page_rows(client, {"overdue": "true"}) == [items["late"]]
    assert sheet_rows(client, {}, overdue) == [items["late"]]
    # Its form says so, and another choice there is honoured.
    assert client.get(overdue).context["form"]["overdue"].value() == "true"
    assert page_rows(client, {"overdue": "false"}, overdue) == in_order(items, ["done", "this_week", "next_week"])
    assert page_rows(client, {"overdue": ""}, overdue) == in_order(items, ["late", "done", "this_week", "next_week"])
    with translation.override("zh-hans"):
        label = str(RectificationItemFilterSet.base_filters["overdue"].label)
    assert label in exported(client, overdue, {}).caption[0]  # the sheet says it holds the overdue ones


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "bogus"}, "status"),
    ({"overdue": "maybe"}, "overdue"),
    ({"due_week": "this week"}, "due_week"),
    ({"due_week": "2026-W00"}, "due_week"),
    ({"due_from": "yesterday"}, "due_from"),
    ({"due_to": "2026-13-01"}, "due_to"),
    ({"region": "furong"}, "region"),
    ({"meeting": "999999"}, "meeting"),
    ({"branch": "x"}, "branch"),
    ({"enterprise": "999999"}, "enterprise"),
    ({"officer": "999999"}, "officer"),
])
def test_a_bad_value_is_a_form_error_on_the_page_a_400_on_the_api_and_no_download(params, field, items,
                                                                                  furong_office, client):
    client.force_login(furong_office)
    before = list(RectificationItem.objects.order_by("pk").values_list("pk", "status", "updated_at"))
    response = client.get("/meetings/items/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert set(page_rows(client, params)) == {items[name] for name in ("late", "done", "this_week", "next_week")}

    response = client.get("/api/v1/rectification-items/", params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    export_refused(client, "/meetings/items/", params)
    assert list(RectificationItem.objects.order_by("pk").values_list("pk", "status", "updated_at")) == before


def test_no_filter_reaches_an_item_outside_the_users_scope(items, branches, roster, regions, furong_office,
                                                           changsha_office, client):
    client.force_login(furong_office)
    for params in ({}, {"q": "天心"}, {"overdue": "true"}, {"status": "open"}, {"owner_name": "王总"},
                   {"due_to": TODAY.isoformat()}):
        assert items["tianxin"] not in page_rows(client, params), params
        assert items["tianxin"] not in api_rows(client, params), params
        assert items["tianxin"] not in sheet_rows(client, params), params
    assert items["tianxin"] not in page_rows(client, {}, "/meetings/items/overdue/")
    # The sibling county's meeting, branch, enterprise, officer and region are not choices: an error, not its items.
    for params in ({"meeting": items["tianxin_meeting"]}, {"branch": branches.tianxin.pk},
                   {"enterprise": roster.tianxin_enterprise.pk}, {"officer": roster.tianxin_officer.pk},
                   {"region": regions.tianxin.pk}):
        (field,) = params
        assert client.get("/api/v1/rectification-items/", params).status_code == 400, params
        assert field in client.get("/meetings/items/", params).context["form"].errors
        assert items["tianxin"] not in page_rows(client, params)
        export_refused(client, "/meetings/items/", params)
    # The city above sees both counties, and a county's region is its subtree.
    client.force_login(changsha_office)
    assert page_rows(client, {"region": regions.tianxin.pk}) == [items["tianxin"]]
    assert api_rows(client, {"region": regions.changsha.pk, "overdue": "true"}) == in_order(items,
                                                                                          ["late", "tianxin"])


def test_the_page_is_the_offices_and_names_what_narrows_it(items, branches, roster, furong_office, client):
    client.force_login(roster.officer.user)  # an owner: the API lists their items, the office's pages are not theirs
    assert client.get("/meetings/items/").status_code == 404
    assert client.get("/meetings/items/overdue/").status_code == 404
    assert items["done"] in api_rows(client, {})
    client.force_login(furong_office)
    body = client.get("/meetings/items/", {"branch": branches.furong.pk}).content.decode()
    assert 'type="hidden" name="branch"' in body and 'name="search"' not in body
    assert branches.furong.name in body.split('class="narrowed"')[1]
    assert f'href="/meetings/items/{items["this_week"]}/"' in body  # each row opens the item
    assert "xlsx=1" in body
    assert 'href="/meetings/items/"' in client.get("/meetings/").content.decode()


def test_the_api_schema_documents_the_rectification_filters(furong_office, client):
    client.force_login(furong_office)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    path = schema["paths"]["/api/v1/rectification-items/"]["get"]
    parameters = {p["name"]: p["schema"] for p in path["parameters"]}
    assert {"q", "search", "status", "overdue", "region", "due_week", "due_from", "due_to", "owner_name", "meeting",
            "branch", "enterprise", "officer", "page"} <= set(parameters)
    assert set(parameters["status"]["enum"]) == set(ItemStatus.values)
    assert parameters["overdue"]["type"] == "boolean" and parameters["due_from"]["format"] == "date"
    assert parameters["meeting"]["type"] == "integer" and parameters["officer"]["type"] == "integer"


@pytest.mark.parametrize("rows", [2, 30])
def test_the_rectification_page_query_count_does_not_grow(rows, record, furong_office, client,
                                                          django_assert_num_queries):
    for n in range(rows):  # due from ten days ago on: the first ten overdue
        record(held_on=TODAY - timedelta(days=15), items=[
            ItemInput(description=f"整改{n}", owner_name="刘志强", due_on=TODAY + timedelta(days=n - 10))])
    client.force_login(furong_office)
    # Session, user, posts; the count, the regions offered, the page's rows; the header's unread-notices badge.
    with django_assert_num_queries(7):
        response = client.get("/meetings/items/", {"status": "open"})
    assert response.context["page"].paginator.count == rows
    with django_assert_num_queries(7):
        response = client.get("/meetings/items/overdue/")
    assert response.context["page"].paginator.count == min(rows, 10)
    # A meeting by id costs its one look-up (its subject with it), whatever the rows.
    meeting = RectificationItem.objects.first().meeting_id
    with django_assert_num_queries(8):
        client.get("/meetings/items/", {"meeting": meeting})
