"""Visit quota arithmetic over ISO weeks (Monday to Sunday): plain functions, no database.

A member owes the weekly quota of their role (the secretary BRANCH_SECRETARY_WEEKLY_VISITS, everyone else
BRANCH_MEMBER_WEEKLY_VISITS) for every whole ISO week they are a member. A week they belong to only in part (joined
or left in it, or a period that starts or ends inside it) owes its share, rounded down:
`quota * days // 7` — so three visits a week never ask more than the days allow; a member who joins on a Saturday
owes nothing that week, one who joins on Thursday (four days) owes one of three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from .choices import MemberRole

WEEK = timedelta(days=7)


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.isocalendar().weekday - 1)


def iso_week_label(day: date) -> str:
    """'2026-W53' for any day of that ISO week (the ISO year, which may differ from the calendar year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(start: date, end: date) -> list[date]:
    """The Mondays of every ISO week that has a day in [start, end], oldest first."""
    if end < start:
        return []
    mondays = []
    monday = week_start(start)
    while monday <= end:
        mondays.append(monday)
        monday += WEEK
    return mondays


def weekly_quota(role: str) -> int:
    """Visits a member of `role` owes in a whole ISO week."""
    if role == MemberRole.SECRETARY:
        return settings.BRANCH_SECRETARY_WEEKLY_VISITS
    return settings.BRANCH_MEMBER_WEEKLY_VISITS


def _overlap_days(first: date, last: date, start: date, end: date | None) -> int:
    """Days of [first, last] inside [start, end] (end None: open)."""
    low = max(first, start)
    high = last if end is None else min(last, end)
    return max((high - low).days + 1, 0)


def required_in_week(*, role: str, joined_on: date, left_on: date | None, monday: date,
                     start: date | None = None, end: date | None = None) -> int:
    """Visits owed in the ISO week starting `monday` by a member from `joined_on` to `left_on`, counting only the
    days inside [start, end] when given (a report period that cuts a week)."""
    sunday = monday + timedelta(days=6)
    first, last = max(monday, start or monday), min(sunday, end or sunday)
    if last < first:
        return 0
    days = _overlap_days(first, last, joined_on, left_on)
    return weekly_quota(role) * days // 7


def required_between(*, role: str, joined_on: date, left_on: date | None, start: date, end: date) -> int:
    """Visits owed over the ISO weeks of [start, end] (the days outside [start, end] and outside membership owe
    nothing)."""
    return sum(required_in_week(role=role, joined_on=joined_on, left_on=left_on, monday=monday, start=start, end=end)
               for monday in weeks_between(start, end))


@dataclass(frozen=True)
class WeekProgress:
    """One member's visits in one ISO week against what they owe."""

    monday: date
    visits: int
    required: int

    @property
    def met(self) -> bool:
        return self.visits >= self.required

    @property
    def label(self) -> str:
        return iso_week_label(self.monday)

    @property
    def percent(self) -> int:
        """Progress bar width: 100 once met (a member who owes nothing this week is complete)."""
        if self.required == 0:
            return 100
        return min(100, 100 * self.visits // self.required)


def week_progress(*, role: str, joined_on: date, left_on: date | None, monday: date, visit_days) -> WeekProgress:
    """Progress in one ISO week from the member's visit dates (any iterable of dates; others are ignored)."""
    sunday = monday + timedelta(days=6)
    visits = sum(1 for day in visit_days if monday <= day <= sunday)
    return WeekProgress(monday=monday, visits=visits,
                        required=required_in_week(role=role, joined_on=joined_on, left_on=left_on, monday=monday))
