"""Fault drills for celery beat, each on its own Redis with real worker and beat processes.

- Exactly one beat: a second beat refuses to start with a message; a beat stopped cleanly frees the lock at once.
- Beat down across a daily job's due time: the job runs once when beat returns, and the drill prints how long after.
"""

import signal
import time
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from operations.choices import ProcessKind, RunStatus
from operations.models import Heartbeat, ScheduledRun
from operations.processes import BEAT_LOCK_KEY
from summaries.models import SummaryVerification
from tests.faults.local_servers import RedisServer, wait_for
from tests.faults.worker_servers import CeleryProcess, start_worker, subprocess_env

pytestmark = [pytest.mark.faults, pytest.mark.services, pytest.mark.django_db(transaction=True)]

TICK_SECONDS = 2


def start_beat(env: dict, log, schedule) -> CeleryProcess:
    return CeleryProcess(["beat", "--loglevel=INFO", f"--schedule={schedule}"], env=env, log=log)


def lock_holder(redis: RedisServer) -> str:
    value = redis.client().get(BEAT_LOCK_KEY)
    return value.decode() if value else ""


def test_a_second_beat_refuses_to_start_and_a_clean_stop_frees_the_lock(tmp_path):
    redis = RedisServer()
    beats = []
    env = subprocess_env(broker_url=redis.url, SCHEDULED_RUNS_TICK_SECONDS=str(TICK_SECONDS))
    try:
        first = start_beat(env, tmp_path / "beat-1.log", tmp_path / "schedule-1")
        beats.append(first)
        wait_for(lambda: lock_holder(redis).endswith(f":{first.pid}"), timeout=60, what="the first beat's lock")

        second = start_beat(env, tmp_path / "beat-2.log", tmp_path / "schedule-2")
        beats.append(second)
        wait_for(lambda: not second.alive(), timeout=60, what="the second beat to give up")
        assert second.process.returncode != 0
        assert "celery beat refuses to start: another beat" in second.output()
        assert lock_holder(redis).endswith(f":{first.pid}") and first.alive()

        first.kill(signal.SIGTERM)
        wait_for(lambda: not lock_holder(redis), timeout=10, what="the stopped beat to free its lock")
        third = start_beat(env, tmp_path / "beat-3.log", tmp_path / "schedule-3")
        beats.append(third)
        wait_for(lambda: lock_holder(redis).endswith(f":{third.pid}"), timeout=60, what="a new beat to take the lock")
        assert "refuses to start" not in third.output()
    finally:
        for beat in beats:
            beat.stop()
        redis.stop()


def next_minute_at_least(seconds: float) -> datetime:
    """The next whole local minute at least `seconds` away."""
    moment = timezone.localtime() + timedelta(seconds=seconds + 60)
    return moment.replace(second=0, microsecond=0)


def test_beat_down_across_a_due_time_runs_the_job_once_when_it_returns(tmp_path, private_files_root):
    redis = RedisServer()
    processes = []
    due = next_minute_at_least(20)
    env = subprocess_env(broker_url=redis.url, private_root=private_files_root,
                         SCHEDULED_RUNS_TICK_SECONDS=str(TICK_SECONDS), SUMMARY_VERIFY_AT=f"{due:%H:%M}")
    schedule = tmp_path / "schedule"
    try:
        processes.append(start_worker(env=env, log=tmp_path / "worker.log", hostname="drill@%h"))
        beat = start_beat(env, tmp_path / "beat-1.log", schedule)
        processes.append(beat)
        # The first ticks record and run the other daily jobs' latest due times; the verification is not due yet.
        wait_for(lambda: ScheduledRun.objects.filter(status=RunStatus.DONE).exists(), timeout=90,
                 what="the first tick's runs")
        # Both processes sign their lives (the worker's bootstep and beat's thread, installed by the operations app).
        wait_for(lambda: set(Heartbeat.objects.values_list("kind", flat=True)) == {ProcessKind.WORKER,
                                                                                   ProcessKind.BEAT},
                 timeout=60, what="the worker's and beat's heartbeats")
        assert not ScheduledRun.objects.filter(name="summaries-verify", due_at=due).exists()

        beat.kill(signal.SIGTERM)  # beat down (a deploy, a crash handled by its supervisor) before the due time
        wait_for(lambda: timezone.now() > due + timedelta(seconds=3 * TICK_SECONDS), timeout=120,
                 what="the due time to pass", interval=0.5)
        assert not ScheduledRun.objects.filter(name="summaries-verify", due_at=due).exists()

        verifications_before = SummaryVerification.objects.count()  # yesterday's, caught up by the first tick
        back = time.monotonic()
        processes.append(start_beat(env, tmp_path / "beat-2.log", schedule))

        def verified():
            return ScheduledRun.objects.filter(name="summaries-verify", due_at=due, status=RunStatus.DONE).first()

        run = wait_for(verified, timeout=90, what="the missed verification to run")
        caught_up = time.monotonic() - back
        time.sleep(3 * TICK_SECONDS)  # more ticks: still one run, one verification
        assert ScheduledRun.objects.filter(name="summaries-verify", due_at=due).count() == 1 and run.attempts == 1
        assert SummaryVerification.objects.count() == verifications_before + 1
        print(f"\nbeat down across the {due:%H:%M} verification: run once, {caught_up:.1f} s after beat came back "
              f"(tick every {TICK_SECONDS} s here; production ticks every minute)")
    finally:
        for process in processes:
            process.stop()
        redis.stop()
