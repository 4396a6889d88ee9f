"""The visit quota arithmetic over ISO weeks: plain functions, no database."""

from datetime import date, timedelta

import pytest

from branches.choices import MemberRole
from branches.quotas import (
    iso_week_label,
    required_between,
    required_in_week,
    week_progress,
    week_start,
    weeks_between,
)

SECRETARY, MEMBER = MemberRole.SECRETARY, MemberRole.LIAISON_OFFICER
MONDAY = date(2026, 3, 2)  # a Monday


def test_the_last_days_of_2026_and_first_of_2027_are_one_iso_week_of_2026():
    days = [date(2026, 12, 28) + timedelta(days=n) for n in range(7)]
    assert {iso_week_label(day) for day in days} == {"2026-W53"}
    assert {week_start(day) for day in days} == {date(2026, 12, 28)}
    assert iso_week_label(date(2027, 1, 4)) == "2027-W01"
    assert iso_week_label(date(2026, 12, 27)) == "2026-W52"


def test_weeks_between_lists_every_monday_whose_week_touches_the_range():
    assert weeks_between(date(2026, 12, 31), date(2027, 1, 4)) == [date(2026, 12, 28), date(2027, 1, 4)]
    assert weeks_between(date(2027, 1, 1), date(2027, 1, 3)) == [date(2026, 12, 28)]
    assert weeks_between(date(2027, 1, 5), date(2027, 1, 4)) == []


def test_a_whole_week_owes_the_roles_quota(settings):
    assert required_in_week(role=SECRETARY, joined_on=MONDAY - timedelta(days=30), left_on=None, monday=MONDAY) == 2
    assert required_in_week(role=MEMBER, joined_on=MONDAY, left_on=None, monday=MONDAY) == 3
    for role in (MemberRole.INSTRUCTOR, MemberRole.CADRE, MemberRole.ENTERPRISE_PARTY_HEAD):
        assert required_in_week(role=role, joined_on=MONDAY, left_on=MONDAY + timedelta(days=6), monday=MONDAY) == 3


def test_the_quotas_are_settings(settings):
    settings.BRANCH_SECRETARY_WEEKLY_VISITS = 1
    settings.BRANCH_MEMBER_WEEKLY_VISITS = 5
    assert required_in_week(role=SECRETARY, joined_on=MONDAY, left_on=None, monday=MONDAY) == 1
    assert required_in_week(role=MEMBER, joined_on=MONDAY, left_on=None, monday=MONDAY) == 5


@pytest.mark.parametrize(("joined_weekday", "member_owes", "secretary_owes"), [
    (0, 3, 2),  # Monday: the whole week
    (1, 2, 1),  # Tuesday: 6 days, 3*6//7 = 2
    (3, 1, 1),  # Thursday: 4 days
    (4, 1, 0),  # Friday: 3 days, 2*3//7 = 0
    (5, 0, 0),  # Saturday: 2 days owe nothing
    (6, 0, 0),
])
def test_a_member_who_joined_mid_week_owes_the_days_share_rounded_down(joined_weekday, member_owes, secretary_owes):
    joined = MONDAY + timedelta(days=joined_weekday)
    assert required_in_week(role=MEMBER, joined_on=joined, left_on=None, monday=MONDAY) == member_owes
    assert required_in_week(role=SECRETARY, joined_on=joined, left_on=None, monday=MONDAY) == secretary_owes
    # The next week is whole again.
    assert required_in_week(role=MEMBER, joined_on=joined, left_on=None, monday=MONDAY + timedelta(days=7)) == 3


def test_a_member_who_left_owes_nothing_after_and_a_share_of_the_week_they_left():
    left = MONDAY + timedelta(days=2)  # Wednesday: 3 days
    assert required_in_week(role=MEMBER, joined_on=MONDAY - timedelta(days=50), left_on=left, monday=MONDAY) == 1
    assert required_in_week(role=MEMBER, joined_on=MONDAY - timedelta(days=50), left_on=left,
                            monday=MONDAY + timedelta(days=7)) == 0
    assert required_in_week(role=MEMBER, joined_on=MONDAY - timedelta(days=50), left_on=MONDAY - timedelta(days=1),
                            monday=MONDAY) == 0


def test_a_member_who_joins_after_the_week_owes_nothing_in_it():
    assert required_in_week(role=MEMBER, joined_on=MONDAY + timedelta(days=7), left_on=None, monday=MONDAY) == 0


def test_required_between_across_the_year_boundary():
    # 2026-12-21 (Mon) .. 2027-01-10 (Sun): W52, W53 of 2026 and W01 of 2027, three whole weeks.
    start, end = date(2026, 12, 21), date(2027, 1, 10)
    assert required_between(role=MEMBER, joined_on=date(2026, 1, 1), left_on=None, start=start, end=end) == 9
    assert required_between(role=SECRETARY, joined_on=date(2026, 1, 1), left_on=None, start=start, end=end) == 6
    # Joined on 2027-01-01 (a Friday of 2026-W53: 3 days, 1 visit) and whole W01: 1 + 3.
    assert required_between(role=MEMBER, joined_on=date(2027, 1, 1), left_on=None, start=start, end=end) == 4
    # Left on 2026-12-29 (Tuesday of W53, 2 days owe 0): only W52.
    assert required_between(role=MEMBER, joined_on=date(2026, 1, 1), left_on=date(2026, 12, 29), start=start,
                            end=end) == 3


def test_a_period_that_cuts_weeks_owes_the_share_of_its_days():
    # January 2027: Fri 1 .. Sun 31. W53 of 2026 contributes Jan 1-3 (3 days: 1), four whole weeks (12).
    assert required_between(role=MEMBER, joined_on=date(2026, 1, 1), left_on=None, start=date(2027, 1, 1),
                            end=date(2027, 1, 31)) == 13
    # A single day owes nothing; a whole week owes the quota whatever the period's start weekday.
    assert required_between(role=MEMBER, joined_on=date(2026, 1, 1), left_on=None, start=MONDAY, end=MONDAY) == 0
    assert required_between(role=MEMBER, joined_on=date(2026, 1, 1), left_on=None, start=MONDAY,
                            end=MONDAY + timedelta(days=6)) == 3


def test_week_progress_counts_only_the_weeks_visits():
    monday = date(2026, 12, 28)
    visits = [date(2026, 12, 27), date(2026, 12, 28), date(2027, 1, 3), date(2027, 1, 4)]
    progress = week_progress(role=MEMBER, joined_on=date(2026, 1, 1), left_on=None, monday=monday,
                             visit_days=visits)
    assert (progress.visits, progress.required, progress.met, progress.label) == (2, 3, False, "2026-W53")
    assert progress.percent == 66
    progress = week_progress(role=SECRETARY, joined_on=date(2026, 1, 1), left_on=None, monday=monday,
                             visit_days=visits)
    assert progress.met and progress.percent == 100


def test_a_week_that_owes_nothing_is_complete():
    progress = week_progress(role=MEMBER, joined_on=MONDAY + timedelta(days=6), left_on=None, monday=MONDAY,
                             visit_days=[])
    assert (progress.required, progress.met, progress.percent) == (0, True, 100)
