"""Filing rules: one report per officer, enterprise and day; the day's clock; replays and clashes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from problems.models import Problem
from reports.models import DailyReport
from reports.services import (
    Difficulty,
    ReportConflict,
    report_file_unchanged,
    report_submit,
    report_update,
)
from tests.reports.conftest import TODAY, YESTERDAY, at


def test_officer_files_todays_report(file_report, roster):
    report = file_report()
    assert report.region == roster.furong_enterprise.region
    assert report.version == 1 and not report.is_late


def test_a_report_after_the_due_time_is_late(file_report):
    assert file_report(now=at(TODAY, 21)).is_late


def test_yesterday_can_still_be_filed_before_nine_and_is_late(file_report, roster, officer_user, values):
    report = report_submit(actor=officer_user, assignment=roster.furong_assignment, day=YESTERDAY, values=values,
                           now=at(TODAY, 8, 59))
    assert report.is_late


def test_a_closed_day_is_read_only(file_report, roster, officer_user, values):
    report = file_report(day=YESTERDAY, now=at(YESTERDAY, 18))
    with pytest.raises(ValidationError) as error:
        report_update(actor=officer_user, report=report, values=values, expected_version=1, now=at(TODAY, 9, 1))
    assert "关闭" in str(error.value)
    with pytest.raises(ValidationError):
        report_submit(actor=officer_user, assignment=roster.furong_assignment, day=TODAY - timedelta(days=2),
                      values=values, now=at(TODAY, 10))
    assert DailyReport.objects.count() == 1


def test_tomorrow_cannot_be_filed(roster, officer_user, values):
    with pytest.raises(ValidationError) as error:
        report_submit(actor=officer_user, assignment=roster.furong_assignment, day=TODAY + timedelta(days=1),
                      values=values)
    assert "尚未到来" in str(error.value)
    assert not DailyReport.objects.exists()


def test_a_day_outside_the_posting_is_refused(roster, officer_user, values):
    before_start = roster.furong_assignment.start_date - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        report_submit(actor=officer_user, assignment=roster.furong_assignment, day=before_start, values=values,
                      now=at(before_start, 12))
    assert "未派驻" in str(error.value)


def test_another_officers_assignment_is_refused(roster, values):
    with pytest.raises(PermissionDenied):
        report_submit(actor=roster.tianxin_officer.user, assignment=roster.furong_assignment, day=TODAY, values=values)
    assert not DailyReport.objects.exists()


def test_the_same_form_submitted_twice_makes_one_report_and_one_problem(roster, officer_user, values):
    difficulty = [Difficulty(category="raw_materials", description="钢材供应中断，需协调物流")]
    first = report_submit(actor=officer_user, assignment=roster.furong_assignment, day=TODAY, values=values,
                          difficulties=difficulty, token="form-1")
    second = report_submit(actor=officer_user, assignment=roster.furong_assignment, day=TODAY, values=values,
                           difficulties=difficulty, token="form-1")
    assert first.pk == second.pk
    assert DailyReport.objects.count() == 1
    assert Problem.objects.count() == 1
    assert list(first.problems.all()) == list(Problem.objects.all())


def test_a_second_report_for_the_same_day_is_a_conflict_not_a_duplicate(file_report):
    file_report()
    with pytest.raises(ReportConflict):
        file_report()
    assert DailyReport.objects.count() == 1


def test_two_editors_get_a_conflict_not_a_silent_overwrite(file_report, officer_user, values):
    report = file_report()
    report_update(actor=officer_user, report=report, values={**values, "workers_on_duty": 130}, expected_version=1)
    with pytest.raises(ReportConflict) as conflict:
        report_update(actor=officer_user, report=report, values={**values, "workers_on_duty": 99}, expected_version=1)
    assert "另一台设备" in conflict.value.message
    report.refresh_from_db()
    assert report.workers_on_duty == 130 and report.version == 2


def test_unchanged_day_copies_the_last_report(file_report, roster, officer_user):
    file_report(day=YESTERDAY, now=at(YESTERDAY, 12), workers_on_duty=88)
    today = report_file_unchanged(actor=officer_user, assignment=roster.furong_assignment, day=TODAY,
                                  now=at(TODAY, 12))
    assert today.day == TODAY and today.workers_on_duty == 88
    assert today.work_done == f"情况无变化（同 {YESTERDAY.isoformat()} 日报）。"


def test_unchanged_without_a_previous_report_is_refused(roster, officer_user):
    with pytest.raises(ValidationError) as error:
        report_file_unchanged(actor=officer_user, assignment=roster.furong_assignment, day=TODAY)
    assert "没有可复制" in str(error.value)


@pytest.mark.parametrize(("field", "value"), [("capacity_percent", 101), ("masks_days", 366),
                                               ("workers_on_duty", 10_000_000)])
def test_impossible_numbers_are_refused(file_report, field, value):
    with pytest.raises(ValidationError) as error:
        file_report(**{field: value})
    assert field in error.value.message_dict
    assert not DailyReport.objects.exists()


def test_capacity_is_zero_when_production_has_not_resumed(file_report):
    assert file_report(resumed=False, capacity_percent=60).capacity_percent == 0
