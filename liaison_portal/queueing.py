"""Background work is queued after the transaction commits, and a failure to queue never fails the request.

A dead broker costs at most the broker timeouts set in settings (about two seconds); the work itself is not lost,
because what it must do is recorded in the database first (e.g. regions.DirtyRegionDay) and the beat schedule
sweeps it up.
"""

import logging

from celery import current_app
from celery.exceptions import NotRegistered
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *, countdown: float | None = None, coalesce_key: str | None = None,
                      coalesce_seconds: int = 30, **kwargs) -> None:
    """Queue `task_name` once the current transaction commits.

    With `coalesce_key`, a burst of calls queues one task: the first call wins the key for `coalesce_seconds` (the
    task should delete the key when it starts, so that later changes queue a fresh run).
    """

    def send() -> None:
        try:
            if coalesce_key is not None and not cache.add(coalesce_key, "queued", timeout=coalesce_seconds):
                return
            task_by_name(task_name).apply_async(kwargs=kwargs, countdown=countdown, retry=False)
        except Exception:  # the broker, the cache or the worker side: log it, the beat schedule catches up
            logger.warning("could not queue %s; the scheduled sweep will pick the work up", task_name, exc_info=True)
            if coalesce_key is not None:
                _forget(coalesce_key)  # nothing was queued: the next change must be free to queue a run

    transaction.on_commit(send)


def task_by_name(task_name: str):
    """The registered task; in a web process the apps' tasks.py are imported on first need (autodiscovery is lazy
    and only a worker triggers it), which also lets the embedded default run the task in-process."""
    try:
        return current_app.tasks[task_name]
    except NotRegistered:
        current_app.loader.import_default_modules()
        return current_app.tasks[task_name]


def _forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # the cache is down too: its key expires on its own
        logger.warning("could not clear %s", key, exc_info=True)
