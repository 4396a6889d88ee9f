"""Background work is queued after the transaction commits, and a failure to queue never fails the request.

A dead broker costs at most the broker timeouts set in settings (about two seconds); the work itself is not lost,
because what it must do is recorded in the database first (e.g. regions.DirtyRegionDay) and the beat schedule
sweeps it up.
"""

import logging

from celery import current_app
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
            task = current_app.tasks[task_name]
            task.apply_async(kwargs=kwargs, countdown=countdown, retry=False)
        except Exception:  # the broker, the cache or the worker side: log it, the beat schedule catches up
            logger.warning("could not queue %s; the scheduled sweep will pick the work up", task_name, exc_info=True)

    transaction.on_commit(send)
