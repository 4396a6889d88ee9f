"""Fault drill: the broker (Redis) is killed and restarted while the worker holds a message unacknowledged (a
countdown), and again while it runs a task. The worker process must live through both, finish the running task and
take new work.

Celery 5.7's worker process exited on the first outage (requirements.txt says why it is pinned below 5.7).
"""

import time

import pytest
from celery import Celery

from tests.faults.local_servers import RedisServer, wait_for
from tests.faults.worker_servers import start_worker, subprocess_env

pytestmark = [pytest.mark.faults, pytest.mark.services, pytest.mark.django_db(transaction=True)]

PROBE = "tests.faults.probe_tasks.slow_probe"


def sender(url: str) -> Celery:
    app = Celery("drill", broker=url)
    app.conf.update(broker_connection_timeout=2, broker_connection_retry=False, task_publish_retry=False)
    return app


def outage(redis: RedisServer, worker, seconds: float = 3) -> float:
    """Kill Redis, keep it down `seconds`, start it again on the same port; returns when it was back."""
    redis.kill()
    time.sleep(seconds)
    assert worker.alive(), f"the worker exited while Redis was down:\n{worker.output()[-4000:]}"
    redis.start()
    return time.monotonic()


def test_the_worker_survives_a_redis_restart_mid_task(tmp_path, monkeypatch):
    redis = RedisServer()
    # Celery reads a CELERY_BROKER_URL variable before the broker given to the app (the PostgreSQL + Redis pass
    # sets one to the shared Redis): the drill's sender must publish to the private one.
    monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
    worker = None
    try:
        worker = start_worker(env=subprocess_env(broker_url=redis.url), log=tmp_path / "worker.log",
                              hostname="survivor@%h")
        running, held, after = (tmp_path / name for name in ("running", "held", "after"))

        # 1. A countdown: the worker holds this message unacknowledged, which is what made 5.7 exit on an outage.
        held_id = sender(redis.url).send_task(PROBE, kwargs={"marker": str(held), "seconds": 1}, countdown=600).id
        worker.wait_for_output(f"{held_id}] received", timeout=30)
        time.sleep(2)
        outage(redis, worker)
        time.sleep(3)
        assert worker.alive(), f"the worker exited after Redis came back:\n{worker.output()[-4000:]}"

        # 2. A task that takes a few seconds, with Redis killed and restarted while it runs.
        worker.wait_for_output("Connected to redis", timeout=30)
        sender(redis.url).send_task(PROBE, kwargs={"marker": str(running), "seconds": 8})
        wait_for(lambda: (tmp_path / "running.started").exists(), timeout=30, what="the slow task to start")
        time.sleep(1)
        restarted = outage(redis, worker)
        wait_for(lambda: running.exists() or not worker.alive() and "exited", timeout=30,
                 what="the running task to finish")
        assert worker.alive(), f"the worker exited:\n{worker.output()[-4000:]}"
        assert running.read_text() == "done\n"

        # 3. New work after the restart.
        wait_for(lambda: sender(redis.url).send_task(PROBE, kwargs={"marker": str(after), "seconds": 0.2}),
                 timeout=10, what="Redis to take a message")
        wait_for(lambda: after.exists() or not worker.alive() and "exited", timeout=60,
                 what="a task sent after the restart to run")
        took = time.monotonic() - restarted
        assert worker.alive(), f"the worker exited:\n{worker.output()[-4000:]}"
        assert after.read_text() == "done\n"
        assert "Unrecoverable error" not in worker.output()
        print(f"\nworker alive after two Redis restarts: yes (pid {worker.pid}); a task sent after the second "
              f"ran {took:.1f} s after Redis was back")
    finally:
        if worker is not None:
            worker.stop()
        redis.stop()
