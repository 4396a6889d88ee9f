"""Reads on the working-day calendar: the clock that problem deadlines run on.

Every helper reads the exceptions of the date range it needs in one query. A day without a row follows the
Monday–Friday week, so years the chinesecalendar package does not (yet) cover count Monday to Friday only,
until an administrator enters that year's holidays or a newer package is imported (`manage.py load_calendar`).
"""

from datetime import date, timedelta

from .models import SATURDAY, CalendarDay

# Wide enough for the longest run of holidays (the Spring Festival week and its weekends) with room to spare.
_SLACK_DAYS = 21


class WorkingDays:
    """The working-day clock over one date range, read with one query; answers in memory."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        self.exceptions = dict(
            CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
        )

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def is_workday(self, day: date) -> bool:
        if not self.covers(day):
            raise ValueError(f"{day} lies outside the loaded range {self.start}..{self.end}")
        exception = self.exceptions.get(day)
        return exception if exception is not None else day.weekday() < SATURDAY

    def add(self, start: date, n: int) -> date | None:
        """The n-th working day after `start` (before it when n < 0); `start` itself when n == 0.

        None when the loaded range ends first.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        day, left = start, abs(n)
        while left:
            day += step
            if not self.covers(day):
                return None
            if self.is_workday(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` comes first)."""
        if end < start:
            return -self.between(end, start)
        return sum(1 for offset in range(1, (end - start).days + 1)
                   if self.is_workday(start + timedelta(days=offset)))


def working_days(start: date, end: date) -> WorkingDays:
    """The clock for a range, for callers that ask many questions (the demo seeder, the escalation sweep)."""
    return WorkingDays(start, end)


def is_workday(day: date) -> bool:
    """Whether people work on `day`: Monday–Friday unless the calendar holds an exception. One query."""
    return WorkingDays(day, day).is_workday(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (before it for negative n; `start` for 0). One query.

    A deadline of "5 working days" set on a Friday before the Spring Festival lands after the holiday, and a
    make-up Saturday counts.
    """
    span = timedelta(days=abs(n) * 2 + _SLACK_DAYS)
    while True:
        clock = WorkingDays(start, start + span) if n >= 0 else WorkingDays(start - span, start)
        day = clock.add(start, n)
        if day is not None:
            return day
        span *= 2  # only when an administrator entered a holiday longer than the slack: a second query


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier. One query.

    `working_days_between(d, add_working_days(d, n)) == n` for every n.
    """
    low, high = min(start, end), max(start, end)
    return WorkingDays(low, high).between(start, end)
