"""Queuing background work from a web process, where no worker has imported the apps' task modules."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import django
django.setup()
from celery import current_app
from liaison_portal.queueing import task_by_name
assert 'summaries.tasks.summaries_refresh_task' not in current_app.tasks, 'already imported: the probe proves nothing'
print(task_by_name('summaries.tasks.summaries_refresh_task').name)
"""


def test_a_web_process_finds_tasks_it_has_not_imported_yet():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "CELERY_"))}
    env["DJANGO_SETTINGS_MODULE"] = "liaison_portal.settings"
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                            cwd=settings.BASE_DIR, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "summaries.tasks.summaries_refresh_task"


def test_a_failed_queue_frees_the_coalescing_key(django_capture_on_commit_callbacks, db):
    from django.core.cache import cache

    from liaison_portal.queueing import enqueue_on_commit

    cache.delete("test:coalesce")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit("no.such.task", coalesce_key="test:coalesce")
    assert cache.get("test:coalesce") is None


DEAD_BACKEND_PROBE = """
import time
import django
django.setup()
from liaison_portal.celery import app

@app.task(name="probe.keeps_its_result")
def keeps_its_result():
    return 1

started = time.monotonic()
try:
    keeps_its_result.apply_async(retry=False)
except Exception as error:
    print("refused:", type(error).__name__)
print(f"seconds={time.monotonic() - started:.2f}")
"""


def test_queueing_a_task_that_keeps_its_result_while_redis_is_down_fails_fast():
    """The Redis result backend subscribes before sending; its default retries would hold a request ~20 s."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "CELERY_"))}
    env.update(DJANGO_SETTINGS_MODULE="liaison_portal.settings", CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    result = subprocess.run([sys.executable, "-c", DEAD_BACKEND_PROBE], capture_output=True, text=True, env=env,
                            cwd=settings.BASE_DIR, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "refused:" in result.stdout
    seconds = float(result.stdout.rsplit("seconds=", 1)[1])
    assert seconds < 5, result.stdout
