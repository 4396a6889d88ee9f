"""officers_upsert, assignments_upsert and backing_units_upsert: the roster's batch services and their one-row twins."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from officers.choices import AssignmentEndReason, OfficerStatus
from officers.models import Assignment, BackingUnit, Officer
from officers.services import (
    AssignmentRow,
    BackingUnitRow,
    OfficerRow,
    assignment_create,
    assignment_end,
    assignments_upsert,
    backing_units_upsert,
    officers_upsert,
)
from regions.choices import PostKind
from regions.models import Post
from tests import factories

TODAY = timezone.localdate()


def officer_rows(unit, count: int) -> list[OfficerRow]:
    return [OfficerRow(username=f"batch-{n}", name=f"联络员{n}", phone=f"1380000{n:04d}", backing_unit=unit)
            for n in range(count)]


def test_officers_in_a_batch_get_logins_and_posts_and_a_second_run_changes_nothing(furong_office, regions):
    unit = factories.make_backing_unit(regions.furong)
    result = officers_upsert(actor=furong_office, rows=officer_rows(unit, 3))
    assert result.counts == {"new": 3, "changed": 0, "unchanged": 0}
    officer = Officer.objects.get(user__username="batch-1")
    assert (officer.name, officer.status, officer.user.full_name) == ("联络员1", OfficerStatus.ACTIVE, "联络员1")
    assert not officer.user.has_usable_password()
    assert Post.objects.filter(user__username__startswith="batch-", kind=PostKind.OFFICER).count() == 3
    assert officers_upsert(actor=furong_office, rows=officer_rows(unit, 3)).counts["unchanged"] == 3


def test_bad_officer_rows_are_named_and_nothing_is_written(furong_office, regions):
    unit = factories.make_backing_unit(regions.furong)
    tianxin_unit = factories.make_backing_unit(regions.tianxin)
    factories.make_user("taken")
    rows = officer_rows(unit, 5)
    rows[1].username = "taken"
    rows[2].phone = rows[0].phone
    rows[3].backing_unit = tianxin_unit
    rows[4] = OfficerRow(username="by-name", name="甲", phone="13900009999", unit_region=regions.furong,
                         unit_name="不存在的单位")
    result = officers_upsert(actor=furong_office, rows=rows)
    assert [(e.row, e.field) for e in result.errors] == [(2, "username"), (3, "phone"), (4, "backing_unit"),
                                                         (5, "backing_unit")]
    assert not Officer.objects.filter(user__username__startswith="batch-").exists()


def test_assignments_in_a_batch_follow_the_stationing_rules(furong_office, regions, roster):
    new_enterprise = factories.make_enterprise(regions.furong, "批量派驻企业")
    start = TODAY - timedelta(days=3)
    rows = [
        AssignmentRow(officer=roster.officer, enterprise=new_enterprise, start_date=start),
        AssignmentRow(officer=roster.officer, enterprise=new_enterprise, start_date=start + timedelta(days=1)),
        AssignmentRow(officer=roster.officer, enterprise=roster.tianxin_enterprise, start_date=start,
                      managing_region=regions.furong),
        AssignmentRow(officer=roster.officer, enterprise=roster.furong_enterprise, start_date=date(2019, 1, 1)),
        AssignmentRow(officer=roster.tianxin_officer, enterprise=new_enterprise, start_date=start),
    ]
    result = assignments_upsert(actor=furong_office, rows=rows)
    assert [(e.row, e.field) for e in result.errors] == [(2, "start_date"), (3, "enterprise"), (4, "start_date"),
                                                         (5, "managing_region")]
    assert "第 1 行" in result.errors[0].message
    assert not Assignment.objects.filter(enterprise=new_enterprise).exists()
    ok = assignments_upsert(actor=furong_office, rows=rows[:1])
    assert ok.counts["new"] == 1 and ok.since == start
    assert {regions.furong.pk} == ok.region_ids
    created = Assignment.objects.get(enterprise=new_enterprise)
    assert (created.managing_region, created.commanding_region, created.created_by) == (
        regions.furong, regions.furong, furong_office)


def test_a_matching_row_ends_an_assignment_and_the_end_rules_apply(furong_office, roster):
    current = roster.furong_assignment
    end = AssignmentRow(officer=roster.officer, enterprise=roster.furong_enterprise, start_date=current.start_date,
                        end_date=current.start_date - timedelta(days=1))
    assert [e.field for e in assignments_upsert(actor=furong_office, rows=[end]).errors] == ["end_date"]
    end.end_date = TODAY
    assert assignments_upsert(actor=furong_office, rows=[end]).counts["changed"] == 1
    current.refresh_from_db()
    assert current.end_date == TODAY
    end.end_date = None
    assert "已结束" in assignments_upsert(actor=furong_office, rows=[end]).errors[0].message


def test_the_one_row_create_refuses_a_recalled_officer_like_the_batch(furong_office, regions, roster):
    officers_upsert(actor=furong_office, rows=[OfficerRow(
        username=roster.officer.user.username, name=roster.officer.name, phone=roster.officer.phone,
        backing_unit=roster.officer.backing_unit, status=OfficerStatus.RECALLED)])
    row = dict(officer=roster.officer, enterprise=factories.make_enterprise(regions.furong), start_date=TODAY,
               managing_region=regions.furong)
    with pytest.raises(ValidationError) as error:
        assignment_create(actor=furong_office, **row)
    batch = assignments_upsert(actor=furong_office, rows=[AssignmentRow(**row)])
    assert error.value.message_dict["officer"] == [batch.errors[0].message]


def test_backing_units_in_a_batch(furong_office, regions):
    rows = [BackingUnitRow(region=regions.furong, name="芙蓉区水利局"), BackingUnitRow(region=regions.tianxin,
                                                                                 name="天心区水利局"),
            BackingUnitRow(region=regions.furong, name="芙蓉区水利局")]
    result = backing_units_upsert(actor=furong_office, rows=rows)
    assert [(e.row, e.field) for e in result.errors] == [(2, "region"), (3, "name")]
    assert backing_units_upsert(actor=furong_office, rows=rows[:1]).counts["new"] == 1
    assert backing_units_upsert(actor=furong_office, rows=rows[:1]).counts["unchanged"] == 1
    assert BackingUnit.objects.filter(name="芙蓉区水利局").count() == 1


@pytest.mark.parametrize("count", [5, 50])
def test_batches_cost_the_same_queries_for_any_number_of_rows(count, admin_user, regions):
    unit = factories.make_backing_unit(regions.furong)
    with CaptureQueriesContext(connection) as queries:
        officers = officers_upsert(actor=admin_user, rows=officer_rows(unit, count)).objects
    assert len(queries) <= 12, [q["sql"] for q in queries]
    enterprises = [factories.make_enterprise(regions.furong) for _ in range(count)]
    rows = [AssignmentRow(officer=o, enterprise=e, start_date=TODAY) for o, e in zip(officers, enterprises,
                                                                                      strict=True)]
    with CaptureQueriesContext(connection) as queries:
        assert assignments_upsert(actor=admin_user, rows=rows).counts["new"] == count
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_an_officer_who_moved_to_another_unit_can_still_have_an_old_assignment_ended(admin_user, furong_office,
                                                                                     regions, roster):
    officer = roster.officer
    moved = officers_upsert(actor=admin_user, rows=[OfficerRow(
        username=officer.user.username, name=officer.name, phone=officer.phone,
        backing_unit=factories.make_backing_unit(regions.tianxin))])
    assert moved.counts["changed"] == 1
    ended = assignment_end(actor=furong_office, assignment=roster.furong_assignment, end_date=TODAY,
                           reason=AssignmentEndReason.ROTATED)
    assert Assignment.objects.get(pk=ended.pk).end_date == TODAY
