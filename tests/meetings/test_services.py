"""Recording a meeting and working its rectification list: the rules, with a clear message and nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.choices import AttendeeKind, ItemAction, ItemStatus
from meetings.models import Meeting, MeetingAttendee, RectificationEvent, RectificationItem
from meetings.selectors import officer_rectification_counts
from meetings.services import AttendeeInput, ItemInput, attendee_for_officer, rectification_item_update


def test_a_meeting_with_no_attendees_is_refused_and_nothing_is_saved(record):
    with pytest.raises(ValidationError) as refused:
        record(attendees=[AttendeeInput(kind=AttendeeKind.OTHER, name="  ")])
    assert "attendees" in refused.value.message_dict
    assert refused.value.message_dict["attendees"] == ["请填写参会人员：至少一人。"]
    assert not Meeting.objects.exists() and not RectificationItem.objects.exists()


def test_a_meeting_in_the_future_is_refused(record):
    with pytest.raises(ValidationError) as refused:
        record(held_on=timezone.localdate() + timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_branch_or_an_enterprise(furong_office, roster):
    from meetings.services import meeting_record

    with pytest.raises(ValidationError) as refused:
        meeting_record(actor=furong_office, held_on=timezone.localdate(), risk_points="x",
                       attendees=[attendee_for_officer(roster.officer)])
    assert "branch" in refused.value.message_dict


def test_an_enterprise_the_branch_does_not_cover_is_refused(record, branches, roster):
    with pytest.raises(ValidationError) as refused:
        record(branch=branches.furong, enterprise=roster.furong_enterprise_2)
    assert "enterprise" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_the_same_person_twice_is_refused(record, roster):
    with pytest.raises(ValidationError) as refused:
        record(attendees=[attendee_for_officer(roster.officer), attendee_for_officer(roster.officer)])
    assert "李明" in refused.value.message_dict["attendees"][0]


def test_an_item_due_before_the_meeting_is_refused(record):
    day = timezone.localdate()
    with pytest.raises(ValidationError):
        record(held_on=day, items=[ItemInput(description="整改", owner_name="刘志强", due_on=day - timedelta(1))])
    assert not Meeting.objects.exists()


def test_the_sibling_county_cannot_record_a_meeting_of_furong(record, tianxin_office):
    with pytest.raises(ValidationError):
        record(actor=tianxin_office)
    assert not Meeting.objects.exists()


def test_the_stationed_officer_and_a_branch_member_may_record(record, roster, branches):
    meeting = record(actor=roster.officer.user)
    assert meeting.region == roster.furong_enterprise.region
    branch_meeting = record(actor=branches.furong_member, branch=branches.furong, enterprise=None,
                            attendees=[AttendeeInput(kind=AttendeeKind.BRANCH_MEMBER, name="周建华",
                                                     user=branches.furong_member)])
    assert branch_meeting.region == branches.furong.region
    with pytest.raises(ValidationError):  # 王芳 is stationed in 天心区, not in the furong enterprise
        record(actor=roster.tianxin_officer.user)


def test_records_attendees_items_and_the_first_history_line(record, furong_office):
    meeting = record()
    assert list(meeting.attendees.values_list("name", "kind")) == [("李明", "officer"), ("刘志强", "enterprise_head")]
    item = meeting.items.get()
    assert item.status == ItemStatus.OPEN
    assert list(item.events.values_list("action", "actor")) == [(ItemAction.CREATED, furong_office.pk)]


def test_attendees_see_their_meetings_others_do_not(record, roster, tianxin_office, changsha_office):
    meeting = record()
    assert Meeting.objects.visible_to(roster.officer.user).filter(pk=meeting.pk).exists()
    assert Meeting.objects.visible_to(changsha_office).filter(pk=meeting.pk).exists()
    assert not Meeting.objects.visible_to(tianxin_office).filter(pk=meeting.pk).exists()
    assert not Meeting.objects.visible_to(roster.tianxin_officer.user).exists()


def test_closing_an_item_without_evidence_is_refused_and_nothing_is_saved(record, furong_office):
    item = record().items.get()
    with pytest.raises(ValidationError) as refused:
        rectification_item_update(actor=furong_office, item=item, status=ItemStatus.DONE, evidence="  ")
    assert "evidence" in refused.value.message_dict
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.closed_at is None
    assert item.events.count() == 1


def test_closing_with_evidence_records_who_and_when_and_reopening_clears_it(record, furong_office):
    item = record().items.get()
    item = rectification_item_update(actor=furong_office, item=item, status=ItemStatus.IN_PROGRESS)
    item = rectification_item_update(actor=furong_office, item=item, status=ItemStatus.DONE,
                                     evidence="已实行分餐，现场检查照片存档")
    assert item.closed_by == furong_office and item.closed_at is not None
    item = rectification_item_update(actor=furong_office, item=item, status=ItemStatus.OPEN, note="复查发现未落实")
    assert item.closed_by is None and item.closed_at is None
    assert list(item.events.values_list("action", flat=True)) == [
        ItemAction.CREATED, ItemAction.STATUS_CHANGED, ItemAction.CLOSED, ItemAction.REOPENED]


def test_the_owner_may_update_a_stranger_may_not(record, roster, tianxin_office):
    item = record(items=[ItemInput(description="补全返岗员工健康台账", owner_name="李明", owner=roster.officer.user,
                                   due_on=timezone.localdate())]).items.get()
    rectification_item_update(actor=roster.officer.user, item=item, status=ItemStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        rectification_item_update(actor=tianxin_office, item=item, status=ItemStatus.DONE, evidence="x")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_officer_rectification_counts_for_assessments(record, roster, furong_office, django_assert_num_queries):
    held = date(2026, 3, 2)
    meeting = record(held_on=held, items=[
        ItemInput(description=f"整改事项{n}", owner_name="李明", owner=roster.officer.user,
                  due_on=held + timedelta(days=n)) for n in range(4)
    ] + [ItemInput(description="别人的事项", owner_name="刘志强", due_on=held)])
    items = list(meeting.items.filter(owner=roster.officer.user).order_by("due_on"))
    # Closed today (2026 or later, after every due date in March 2026): closed late, except we backdate one.
    rectification_item_update(actor=furong_office, item=items[0], status=ItemStatus.DONE, evidence="已整改")
    rectification_item_update(actor=furong_office, item=items[1], status=ItemStatus.DONE, evidence="已整改")
    RectificationItem.objects.filter(pk=items[1].pk).update(
        closed_at=timezone.make_aware(timezone.datetime(2026, 3, 3, 23, 30)))  # its due day, late evening
    with django_assert_num_queries(1):
        counts = officer_rectification_counts(officer_ids=[roster.officer.pk, roster.tianxin_officer.pk],
                                              start=held, end=held + timedelta(days=2))
    # Due in [2 Mar, 4 Mar]: items 0, 1, 2; only item 1 closed on or before its due date.
    assert counts == {roster.officer.pk: (1, 3)}


def test_attendee_rows_are_kept_with_their_logins(record, roster):
    meeting = record()
    assert MeetingAttendee.objects.get(meeting=meeting, kind="officer").user == roster.officer.user
    assert RectificationEvent.objects.count() == 1
