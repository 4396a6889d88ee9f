from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from officers.choices import AssignmentEndReason, OfficerStatus
from officers.models import Assignment
from officers.services import assignment_create, assignment_end, officer_recall
from tests import factories

TODAY = timezone.localdate()


def test_office_stations_an_officer_with_both_offices_recorded(changsha_office, regions, roster):
    assignment = assignment_create(actor=changsha_office, officer=roster.city_officer,
                                   enterprise=roster.furong_enterprise, managing_region=regions.changsha,
                                   start_date=TODAY)
    assert assignment.managing_region == regions.changsha
    assert assignment.commanding_region == regions.furong


def test_an_assignment_that_overlaps_itself_is_refused(furong_office, roster):
    before = Assignment.objects.count()
    with pytest.raises(ValidationError) as error:
        assignment_create(actor=furong_office, officer=roster.officer, enterprise=roster.furong_enterprise,
                          managing_region=roster.furong_enterprise.region, start_date=TODAY + timedelta(days=3))
    assert "已" in " ".join(error.value.message_dict["start_date"])
    assert Assignment.objects.count() == before


def test_a_later_assignment_after_the_first_ended_is_fine(furong_office, roster):
    assignment_end(actor=furong_office, assignment=roster.furong_assignment, end_date=TODAY,
                   reason=AssignmentEndReason.ROTATED)
    again = assignment_create(actor=furong_office, officer=roster.officer, enterprise=roster.furong_enterprise,
                              managing_region=roster.furong_enterprise.region, start_date=TODAY + timedelta(days=1))
    assert again.pk


def test_officer_assigned_outside_the_managing_offices_reach_is_refused(changsha_office, regions, roster):
    # 长沙市 may act for 芙蓉区, but a 芙蓉区-managed posting cannot reach a 天心区 enterprise.
    with pytest.raises(ValidationError) as error:
        assignment_create(actor=changsha_office, officer=roster.officer, enterprise=roster.tianxin_enterprise,
                          managing_region=regions.furong, start_date=TODAY)
    assert "芙蓉区" in " ".join(error.value.message_dict["enterprise"])
    assert not Assignment.objects.filter(officer=roster.officer, enterprise=roster.tianxin_enterprise).exists()


def test_a_county_cannot_station_officers_in_a_sibling_county(furong_office, regions, roster):
    with pytest.raises(ValidationError):
        assignment_create(actor=furong_office, officer=roster.officer, enterprise=roster.tianxin_enterprise,
                          managing_region=regions.furong, start_date=TODAY)
    with pytest.raises(ValidationError):
        assignment_create(actor=furong_office, officer=roster.officer, enterprise=roster.tianxin_enterprise,
                          managing_region=regions.tianxin, start_date=TODAY)


def test_end_before_start_is_refused(furong_office, roster):
    with pytest.raises(ValidationError):
        assignment_end(actor=furong_office, assignment=roster.furong_assignment,
                       end_date=roster.furong_assignment.start_date - timedelta(days=1),
                       reason=AssignmentEndReason.FINISHED)
    roster.furong_assignment.refresh_from_db()
    assert roster.furong_assignment.end_date is None


def test_recall_and_replace_keeps_the_whole_history(furong_office, regions, roster):
    successor = factories.make_officer(regions.furong, name="刘洋")
    created = officer_recall(actor=furong_office, officer=roster.officer, reason="推动复工复产不力",
                             replacements={roster.furong_enterprise.pk: successor})
    roster.officer.refresh_from_db()
    assert roster.officer.status == OfficerStatus.RECALLED
    ended = Assignment.objects.filter(officer=roster.officer)
    assert ended.count() == 2 and all(a.end_reason == AssignmentEndReason.RECALLED for a in ended)
    assert [a.replaces for a in created] == [roster.furong_assignment]
    assert created[0].officer == successor and created[0].enterprise == roster.furong_enterprise


def test_assignments_are_never_deleted(roster):
    with pytest.raises(PermissionError):
        roster.furong_assignment.delete()
    assert Assignment.objects.filter(pk=roster.furong_assignment.pk).exists()


def test_recalled_officer_cannot_be_stationed_again(furong_office, roster):
    officer_recall(actor=furong_office, officer=roster.officer, reason="召回")
    with pytest.raises(ValidationError):
        assignment_create(actor=furong_office, officer=roster.officer, enterprise=roster.furong_enterprise_2,
                          managing_region=roster.furong_enterprise_2.region, start_date=TODAY + timedelta(days=2))


def test_a_managing_office_that_did_not_dispatch_the_officer_is_refused(changsha_office, regions, roster):
    # 王芳's backing unit is in 天心区; 芙蓉区's office did not dispatch her.
    with pytest.raises(ValidationError) as error:
        assignment_create(actor=changsha_office, officer=roster.tianxin_officer, enterprise=roster.furong_enterprise,
                          managing_region=regions.furong, start_date=TODAY)
    assert "不是芙蓉区派出" in " ".join(error.value.message_dict["managing_region"])
