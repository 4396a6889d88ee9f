"""The report day's clock: when a day's reports fall due and when the day closes (local time, Asia/Shanghai)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def _local_time(setting: str) -> time:
    hours, minutes = setting.split(":")
    return time(int(hours), int(minutes))


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock), timezone.get_default_timezone())


def day_due_at(day: date) -> datetime:
    """A report first filed after this moment is late."""
    return _at(day, _local_time(settings.REPORT_DUE_AT))


def day_closes_at(day: date) -> datetime:
    """After this moment (the next morning) the day's reports are read-only."""
    return _at(day + timedelta(days=1), _local_time(settings.REPORT_DAY_CLOSES_AT))


def is_day_open(day: date, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return timezone.localdate(now) >= day and now < day_closes_at(day)


def open_days(now: datetime | None = None) -> list[date]:
    """The days whose reports can still be filed or edited: today, and yesterday until it closes."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    yesterday = today - timedelta(days=1)
    return [today, yesterday] if is_day_open(yesterday, now) else [today]


def office_day(now: datetime | None = None) -> date:
    """The day an office's screens open on (its home page, the dashboard, the missing reports): the latest day whose
    reports have fallen due. Until REPORT_DUE_AT that is yesterday, since today's reports are not due yet and today
    would show nearly everyone missing; from REPORT_DUE_AT on it is today."""
    now = now or _office_clock()
    today = timezone.localdate(now)
    return today if now >= day_due_at(today) else today - timedelta(days=1)


def _office_clock() -> datetime:
    # A name of its own, so that tests built on "the screens open on today" can pin this one choice
    # (tests/conftest.py) without stopping the clock that marks reports late.
    return timezone.now()


@dataclass(frozen=True)
class DaySwitch:
    """Beside the day a screen shows: whether it is the office's day, and the link between it and today."""

    shown: date
    office_day: date
    today: date
    due_at: str

    @property
    def opens_before_today(self) -> bool:
        """Today's reports are not due yet, so the screens open on yesterday."""
        return self.office_day != self.today


def day_switch(shown: date, now: datetime | None = None) -> DaySwitch:
    """What reports/_day_switch.html needs to offer today while the screen shows yesterday, and back."""
    now = now or _office_clock()
    return DaySwitch(shown=shown, office_day=office_day(now), today=timezone.localdate(now),
                     due_at=settings.REPORT_DUE_AT)
