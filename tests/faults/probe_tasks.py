"""Tasks only the fault drills' worker loads (`--include tests.faults.probe_tasks`): they take a few seconds and
leave a file behind when they finish, so a drill can tell "completed" from "lost" without a result backend."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.faults.probe_tasks.slow_probe", acks_late=True, ignore_result=True)
def slow_probe(*, marker: str, seconds: float) -> None:
    """Note the start in `marker`.started, sleep `seconds`, then append a line to `marker` (one per completed run)."""
    Path(f"{marker}.started").touch()
    time.sleep(seconds)
    with Path(marker).open("a") as done:
        done.write("done\n")
