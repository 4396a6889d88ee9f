"""The daily jobs the tick keeps: each one's local time of day (from settings), its task by name, and the arguments
that pin a run to the day it was due for (a bulletin caught up the next morning is still the evening's bulletin).

A job missed because beat or Redis was down is caught up once, on the next tick: only its LATEST due time, never
every missed day (a week without beat yields one reminder run, not seven; the nightly verification and close-day
recompute from the raw rows anyway).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class DailyJob:
    name: str
    task: str
    at: time
    kwargs: Callable[[datetime], dict]


def _clock(value: str) -> time:
    hour, minute = (int(part) for part in value.split(":"))
    return time(hour, minute)


def _the_day(due: datetime) -> dict:
    return {"day": timezone.localtime(due).date().isoformat()}


def _the_day_before(due: datetime) -> dict:
    return {"day": (timezone.localtime(due).date() - timedelta(days=1)).isoformat()}


def _nothing(due: datetime) -> dict:
    return {}


def daily_jobs() -> list[DailyJob]:
    """Read at every tick, so a setting changed (or overridden in a test) takes effect at once."""
    return [
        DailyJob("reports-reminders", "reports.tasks.report_reminders_send_task", time(settings.REPORT_REMINDER_HOUR),
                 _the_day),
        DailyJob("dashboards-bulletins", "dashboards.tasks.bulletins_generate_task", time(settings.BULLETIN_HOUR),
                 _the_day),
        DailyJob("summaries-close-day", "summaries.tasks.summaries_close_day_task",
                 _clock(settings.SUMMARY_CLOSE_DAY_AT), _the_day_before),
        DailyJob("meetings-rectification-overdue", "meetings.tasks.rectification_items_flag_overdue",
                 time(settings.RECTIFICATION_OVERDUE_HOUR), _nothing),
        DailyJob("meetings-rectification-due", "meetings.tasks.rectification_items_remind_due",
                 time(settings.RECTIFICATION_OVERDUE_HOUR), _the_day),
        DailyJob("summaries-verify", "summaries.tasks.summaries_verify_task",
                 _clock(settings.SUMMARY_VERIFY_AT), _nothing),
        DailyJob("problems-overdue", "problems.tasks.problems_notify_overdue_task",
                 _clock(settings.PROBLEM_OVERDUE_NOTICE_AT), _the_day),
    ]


def daily_job(name: str) -> DailyJob | None:
    return next((job for job in daily_jobs() if job.name == name), None)


def latest_due(at: time, now: datetime) -> datetime:
    """The latest local `at` not after `now` (today's, or yesterday's before it)."""
    local = timezone.localtime(now)
    due = timezone.make_aware(datetime.combine(local.date(), at))
    if due > now:
        due = timezone.make_aware(datetime.combine(local.date() - timedelta(days=1), at))
    return due
