"""Reads of the background bookkeeping: is background work alive (and since when not), the scheduled runs, the jobs
waiting or failed, and the last summary verification. The health page and the dashboards' freshness stamps ask
`background_state` the same question."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .choices import ProcessKind
from .models import Heartbeat, ScheduledRun


@dataclass(frozen=True)
class BackgroundState:
    embedded: bool  # tasks run in-process: there are no workers to watch, never warn
    last_worker_seen: datetime | None
    last_beat_seen: datetime | None
    last_tick: datetime | None
    workers: list = field(default_factory=list)

    @property
    def stopped_minutes(self) -> int | None:
        """Whole minutes since the last worker heartbeat when that is more than BACKGROUND_STOPPED_AFTER_MINUTES ago
        (or none was ever seen: counted from now, 0), else None (alive, or embedded)."""
        if self.embedded:
            return None
        if self.last_worker_seen is None:
            return 0
        quiet = timezone.now() - self.last_worker_seen
        if quiet < timedelta(minutes=settings.BACKGROUND_STOPPED_AFTER_MINUTES):
            return None
        return int(quiet.total_seconds() // 60)

    @property
    def alive(self) -> bool:
        return self.stopped_minutes is None


def background_state() -> BackgroundState:
    """Is background work alive, and since when not: the freshest worker heartbeat, beat's and the tick's."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return BackgroundState(embedded=True, last_worker_seen=None, last_beat_seen=None, last_tick=None)
    rows = list(Heartbeat.objects.all())
    workers = [row for row in rows if row.kind == ProcessKind.WORKER]
    beats = [row for row in rows if row.kind == ProcessKind.BEAT and row.hostname != "scheduled-runs-tick"]
    ticks = [row for row in rows if row.kind == ProcessKind.BEAT and row.hostname == "scheduled-runs-tick"]

    def freshest(group):
        return max((row.last_seen for row in group), default=None)

    return BackgroundState(embedded=False, last_worker_seen=freshest(workers), last_beat_seen=freshest(beats),
                           last_tick=freshest(ticks), workers=workers)


def scheduled_runs_recent(*, days: int = 3) -> list[ScheduledRun]:
    return list(ScheduledRun.objects.filter(due_at__gte=timezone.now() - timedelta(days=days)))


def spreadsheet_jobs_waiting_or_failed(*, hours: int = 24) -> dict[str, int]:
    from django.db.models import Count

    from spreadsheets.choices import JobStatus
    from spreadsheets.models import SpreadsheetJob

    counts = dict(SpreadsheetJob.objects.filter(
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED],
        created_at__gte=timezone.now() - timedelta(hours=hours),
    ).values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)}


def last_summary_verification():
    """The summaries app's last nightly verification (finished_at, regions_days_checked, mismatches), or None.

    The slot: summaries.selectors.last_verification(), provided by the summaries app; until it exists, None."""
    try:
        from summaries.selectors import last_verification
    except ImportError:
        return None
    return last_verification()
