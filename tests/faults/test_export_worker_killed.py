"""Fault drill: the worker running a spreadsheet export is SIGKILLed in the middle. The stuck-job sweep turns the job
"failed" with a message and a retry, and the retry, run by a fresh worker, produces the file.

The threshold is shortened by setting (production: 3 minutes without a heartbeat, the sweep every minute, so a job
is failed 3 to 4.5 minutes after its worker died); the drill prints the time from the kill to "failed".
"""

import signal
import time

import pytest

from spreadsheets.choices import JobKind, JobStatus
from spreadsheets.models import SpreadsheetJob
from spreadsheets.services import job_create, job_enqueue, job_retry, jobs_fail_stuck
from tests.faults import probe_tasks  # noqa: F401 - registers the drill's export task in this process too
from tests.faults.local_servers import RedisServer, wait_for
from tests.faults.worker_servers import ProcessOnBroker, start_worker, subprocess_env

pytestmark = [pytest.mark.faults, pytest.mark.services, pytest.mark.django_db(transaction=True)]

EXPORT = "tests.faults.probe_tasks.slow_export"
ROWS = 300


def test_a_killed_export_worker_leaves_a_failed_job_that_a_retry_finishes(tmp_path, settings, private_files_root,
                                                                          changsha_office):
    redis = RedisServer()
    on_broker = ProcessOnBroker(redis.url)
    workers = []
    env = subprocess_env(broker_url=redis.url, private_root=private_files_root, SPREADSHEET_JOB_HEARTBEAT_SECONDS="1")
    try:
        first = start_worker(env=env, log=tmp_path / "worker-1.log", hostname="doomed@%h")
        workers.append(first)
        job = job_create(actor=changsha_office, kind=JobKind.EXPORT, title="演练导出")
        job_enqueue(job=job, task_name=EXPORT, rows=ROWS, seconds_per_row=0.05)  # ~15 s of work

        def job_state():
            return SpreadsheetJob.objects.get(pk=job.pk)

        try:
            wait_for(lambda: job_state().done >= 40, timeout=60, what="the export to be under way")
        except TimeoutError:
            raise AssertionError(f"{job_state().__dict__}\n{first.output()[-3000:]}") from None
        first.kill(signal.SIGKILL)
        killed = time.monotonic()
        assert job_state().status == JobStatus.RUNNING

        settings.SPREADSHEET_JOB_STALE_MINUTES = 0.1  # 6 s without a heartbeat (production: 3 minutes)
        wait_for(lambda: jobs_fail_stuck() or job_state().status == JobStatus.FAILED, timeout=60,
                 what="the sweep to fail the job", interval=0.5)
        to_failed = time.monotonic() - killed
        failed = job_state()
        assert failed.status == JobStatus.FAILED and failed.can_retry
        assert "重试" in failed.message or "Retry" in failed.message
        assert not failed.output_file

        second = start_worker(env=env, log=tmp_path / "worker-2.log", hostname="fresh@%h")
        workers.append(second)
        job_retry(actor=changsha_office, job=failed)
        wait_for(lambda: job_state().status in (JobStatus.DONE, JobStatus.FAILED), timeout=90,
                 what="the retried export to finish")
        done = job_state()
        assert done.status == JobStatus.DONE, (done.message, second.output()[-3000:])
        assert done.done == ROWS and done.output_file and done.output_name == "演练导出.xlsx"
        print(f"\nexport worker SIGKILLed: job failed {to_failed:.1f} s after the kill (stale threshold 6 s, "
              f"heartbeat every 1 s); retry on a fresh worker: done, {done.done} rows")
    finally:
        for worker in workers:
            worker.stop()
        on_broker.restore()
        redis.stop()
