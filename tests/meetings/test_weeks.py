"""'At least one meeting a week': which branches held none in an ISO week (Monday to Sunday), in one query."""

from datetime import date, timedelta

from django.utils import timezone

from meetings.selectors import branches_without_meeting, iso_week, parse_iso_week
from tests.meetings.conftest import make_branch

# ISO week 2026-W10 runs from Monday 2 March to Sunday 8 March 2026.
MONDAY = date(2026, 3, 2)
SUNDAY = date(2026, 3, 8)


def test_iso_week_and_its_html_spelling():
    assert iso_week(date(2026, 3, 5)) == (MONDAY, SUNDAY)
    assert iso_week(SUNDAY) == (MONDAY, SUNDAY)
    assert iso_week(SUNDAY + timedelta(days=1))[0] == date(2026, 3, 9)
    assert parse_iso_week("2026-W10") == MONDAY
    assert parse_iso_week("2020-W53") == date(2020, 12, 28)  # a 53-week year, across the new year
    assert parse_iso_week("2026-W54") is None and parse_iso_week("junk") is None


def _names(user, week):
    return [b.name for b in branches_without_meeting(fetched_by=user, week=week)]


def test_a_meeting_on_the_sunday_before_does_not_count_for_the_week(record, branches, furong_office):
    record(branch=branches.furong, enterprise=None, held_on=MONDAY - timedelta(days=1))
    assert _names(furong_office, MONDAY) == [branches.furong.name]
    assert _names(furong_office, MONDAY - timedelta(days=1)) == []  # it counts for the week it was held in


def test_monday_and_sunday_of_the_week_both_count(record, branches, furong_office):
    record(branch=branches.furong, enterprise=None, held_on=MONDAY)
    assert _names(furong_office, SUNDAY) == []
    assert _names(furong_office, SUNDAY + timedelta(days=1)) == [branches.furong.name]  # the next week: none yet


def test_a_meeting_of_a_covered_enterprise_counts_for_its_branch(record, branches, roster, furong_office):
    record(enterprise=roster.furong_enterprise, held_on=MONDAY + timedelta(days=3))
    assert _names(furong_office, MONDAY) == []
    record(enterprise=roster.furong_enterprise_2, held_on=MONDAY + 2 * timedelta(days=7))  # not covered
    assert _names(furong_office, MONDAY + 2 * timedelta(days=7)) == [branches.furong.name]


def test_offices_see_only_their_branches(branches, furong_office, tianxin_office, changsha_office):
    today = timezone.localdate()
    assert _names(furong_office, today) == [branches.furong.name]
    assert _names(tianxin_office, today) == [branches.tianxin.name]
    assert set(_names(changsha_office, today)) == {branches.furong.name, branches.tianxin.name}


def test_one_query_decides_for_every_branch(regions, roster, record, furong_office, django_assert_num_queries):
    for n in range(12):
        branch = make_branch(regions.furong, f"芙蓉区第{n}联合党支部", [roster.furong_enterprise_2])
        if n % 2:
            record(branch=branch, enterprise=None, held_on=MONDAY)
    user = type(furong_office).objects.get(pk=furong_office.pk)  # a fresh user: its scope not yet read
    # The scope's posts, the branches (the NOT EXISTS inside), the covered enterprises (prefetched).
    with django_assert_num_queries(3):
        names = _names(user, MONDAY)
    assert len(names) == 6
