"""The report day's clock: when a day's reports fall due and when the day closes (local time, Asia/Shanghai)."""

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
