"""Who is overdue for rest, due a health check or uninsured: computed from assignments and care records, in scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from officers.selectors import (
    officer_care_record,
    officers_due_health_check,
    officers_overdue_for_rest,
    officers_without_insurance,
)
from officers.services import assignment_end, health_check_record, officer_insurance_record, rest_period_record
from tests import factories

TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - timedelta(days=n)


@pytest.fixture
def veteran(regions, roster):
    """王强, stationed in a 芙蓉区 enterprise for 60 days (the whole rest window)."""
    officer = factories.make_officer(regions.furong, name="王强")
    factories.make_assignment(officer, roster.furong_enterprise, start_date=days_ago(60))
    return officer


def rest_names(user):
    return {officer.name for officer in officers_overdue_for_rest(fetched_by=user)}


def test_an_officer_with_no_rest_in_the_window_is_overdue(veteran, furong_office):
    rows = {o.name: o for o in officers_overdue_for_rest(fetched_by=furong_office)}
    assert rows["王强"].rest_time == timedelta(0)


def test_a_newly_stationed_officer_is_not_overdue_yet(veteran, roster, furong_office):
    assert roster.officer.name not in rest_names(furong_office)  # stationed 14 days ago, the window is 30


def test_enough_rest_days_in_the_window_clear_the_flag(veteran, furong_office, settings):
    settings.OFFICER_REST_DAYS_PER_WINDOW = 4
    rest_period_record(actor=furong_office, officer=veteran, start_date=days_ago(10), end_date=days_ago(8))
    assert "王强" in rest_names(furong_office)  # three days
    rest_period_record(actor=furong_office, officer=veteran, kind="rotation", start_date=days_ago(2),
                       end_date=days_ago(2))
    assert "王强" not in rest_names(furong_office)  # four days
    assert officer_care_record(officer=veteran, fetched_by=furong_office).rest_days_in_window == 4


def test_rest_outside_the_window_counts_only_for_its_days_inside(veteran, furong_office, settings):
    settings.OFFICER_REST_WINDOW_DAYS = 30
    settings.OFFICER_REST_DAYS_PER_WINDOW = 4
    # Days 35..27 ago: only 29, 28 and 27 days ago lie in the window (29 days ago is its first day).
    rest_period_record(actor=furong_office, officer=veteran, start_date=days_ago(35), end_date=days_ago(27))
    rows = {o.name: o for o in officers_overdue_for_rest(fetched_by=furong_office)}
    assert rows["王强"].rest_time == timedelta(days=3)
    assert officer_care_record(officer=veteran, fetched_by=furong_office).rest_days_in_window == 3


def test_the_rest_list_is_scoped(veteran, tianxin_office, changsha_office):
    assert "王强" not in rest_names(tianxin_office)
    assert "王强" in rest_names(changsha_office)


def test_a_recalled_officer_is_due_a_health_check_until_it_is_recorded(roster, furong_office, tianxin_office):
    from officers.services import officer_recall

    assert roster.officer not in officers_due_health_check(fetched_by=furong_office)
    officer_recall(actor=furong_office, officer=roster.officer, reason="工作调整", on_date=days_ago(3))
    rows = {o.pk: o for o in officers_due_health_check(fetched_by=furong_office)}
    assert rows[roster.officer.pk].posting_ended_on == days_ago(3)
    assert roster.officer not in officers_due_health_check(fetched_by=tianxin_office)
    assert officer_care_record(officer=roster.officer, fetched_by=furong_office).health_check_due
    health_check_record(actor=furong_office, officer=roster.officer, done_on=days_ago(1), result="未见异常")
    assert roster.officer not in officers_due_health_check(fetched_by=furong_office)
    assert not officer_care_record(officer=roster.officer, fetched_by=furong_office).health_check_due


def test_ending_the_last_assignment_makes_the_check_due_and_a_new_posting_clears_it(regions, roster, furong_office):
    officer = factories.make_officer(regions.furong, name="赵敏")
    assignment = factories.make_assignment(officer, roster.furong_enterprise_2, start_date=days_ago(40))
    assignment_end(actor=furong_office, assignment=assignment, end_date=days_ago(5), reason="finished")
    assert officer in officers_due_health_check(fetched_by=furong_office)
    health_check_record(actor=furong_office, officer=officer, done_on=days_ago(4), result="未见异常")
    assert officer not in officers_due_health_check(fetched_by=furong_office)
    # Stationed again, then the second posting ends: a new check is due.
    second = factories.make_assignment(officer, roster.furong_enterprise, start_date=days_ago(3))
    assert officer not in officers_due_health_check(fetched_by=furong_office)
    assignment_end(actor=furong_office, assignment=second, end_date=TODAY(), reason="finished")
    assert officer in officers_due_health_check(fetched_by=furong_office)


def test_a_stationed_officer_without_a_current_policy_is_listed(roster, furong_office):
    assert roster.officer in officers_without_insurance(fetched_by=furong_office)
    officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿", policy_number="P1",
                             start_date=days_ago(400), end_date=days_ago(35))
    assert roster.officer in officers_without_insurance(fetched_by=furong_office)  # expired
    officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿", policy_number="P2",
                             start_date=days_ago(34), end_date=days_ago(34) + timedelta(days=365))
    assert roster.officer not in officers_without_insurance(fetched_by=furong_office)


@pytest.mark.parametrize("select", [officers_overdue_for_rest, officers_due_health_check, officers_without_insurance])
def test_each_list_is_one_query(select, veteran, furong_office, django_assert_num_queries):
    from regions.scoping import scope_for

    scope_for(furong_office)
    with django_assert_num_queries(1):
        list(select(fetched_by=furong_office))
