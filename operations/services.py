"""Writes of the background bookkeeping: the scheduled runs (created when due, claimed once, finished or failed)
and the heartbeats of workers and beat."""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from liaison_portal.queueing import enqueue_on_commit, task_name

from .choices import ProcessKind, RunStatus
from .models import Heartbeat, ScheduledRun
from .schedule import daily_job, daily_jobs, latest_due

logger = logging.getLogger(__name__)

EXECUTE_TASK = task_name("operations.tasks.scheduled_run_execute_task", queued_from=__name__)


def heartbeat_record(*, kind: ProcessKind, hostname: str, started_at: datetime | None = None,
                     now: datetime | None = None) -> Heartbeat:
    """This process is alive: one row per (kind, host name), its last_seen moved to now."""
    now = now or timezone.now()
    beat, created = Heartbeat.objects.get_or_create(
        kind=kind, hostname=hostname, defaults={"pid": os.getpid(), "started_at": started_at or now, "last_seen": now})
    if not created:
        changes = {"last_seen": now, "pid": os.getpid()}
        if started_at is not None:
            changes["started_at"] = started_at
        Heartbeat.objects.filter(pk=beat.pk).update(**changes)
    return beat


def scheduled_runs_tick(*, now: datetime | None = None) -> list[ScheduledRun]:
    """Every minute (beat): record each daily job's latest due time and queue the runs not done yet.

    A due time missed while beat or Redis was down is found here on the next tick and run once; a run already queued
    is queued again only when no worker took it up for SCHEDULED_RUN_REQUEUE_MINUTES, one running is reclaimed only
    after SCHEDULED_RUN_STALE_MINUTES (its worker died), a failed one is tried again up to
    SCHEDULED_RUN_MAX_ATTEMPTS times. Returns the runs it queued.
    """
    now = now or timezone.now()
    heartbeat_record(kind=ProcessKind.BEAT, hostname="scheduled-runs-tick", now=now)
    requeue_before = now - timedelta(minutes=settings.SCHEDULED_RUN_REQUEUE_MINUTES)
    stale_before = now - timedelta(minutes=settings.SCHEDULED_RUN_STALE_MINUTES)
    queued = []
    for job in daily_jobs():
        run, _created = ScheduledRun.objects.get_or_create(name=job.name, due_at=latest_due(job.at, now))
        claimable = (
            Q(status=RunStatus.PENDING) & (Q(queued_at__isnull=True) | Q(queued_at__lt=requeue_before))
            | Q(status=RunStatus.RUNNING, started_at__lt=stale_before)
            | Q(status=RunStatus.FAILED, attempts__lt=settings.SCHEDULED_RUN_MAX_ATTEMPTS, queued_at__lt=requeue_before)
        )
        # One conditional UPDATE: two ticks at once (a second beat, a redelivered tick) queue a run once.
        if ScheduledRun.objects.filter(claimable, pk=run.pk).update(status=RunStatus.PENDING, queued_at=now):
            enqueue_on_commit(EXECUTE_TASK, run_id=run.pk)
            queued.append(run)
    return queued


def scheduled_run_execute(*, run_id: int, now: datetime | None = None) -> ScheduledRun:
    """Run one due job in this process, once: claim the row (pending -> running), call the job's task, record the
    outcome. A second delivery of the same message finds the row claimed and does nothing."""
    from liaison_portal.queueing import task_by_name

    now = now or timezone.now()
    claimed = ScheduledRun.objects.filter(pk=run_id, status=RunStatus.PENDING).update(
        status=RunStatus.RUNNING, started_at=now, finished_at=None, attempts=F("attempts") + 1)
    run = ScheduledRun.objects.get(pk=run_id)
    if not claimed:
        return run
    job = daily_job(run.name)
    try:
        if job is None:
            raise LookupError(f"no daily job is called {run.name}")
        task_by_name(job.task)(**job.kwargs(run.due_at))  # in this process: the run's outcome is the task's
    except Exception as error:
        logger.exception("scheduled run %s failed", run)
        ScheduledRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                                      error=f"{type(error).__name__}: {error}"[:2000])
    else:
        ScheduledRun.objects.filter(pk=run_id).update(status=RunStatus.DONE, finished_at=timezone.now(), error="")
    run.refresh_from_db()
    return run


def process_hostname(prefix: str) -> str:
    return f"{prefix}@{socket.gethostname()}"
