"""Background work is queued after the transaction commits, and queueing never fails or holds up the request.

With a broker (a web process, not eager), the commit only hands the message to a small sender thread of this
process, which talks to Redis (the coalescing key in the cache, then the broker publish): a dead or hung Redis costs
the request nothing, the sender thread waits out the short socket timeouts in settings instead. Eager (embedded)
mode, and tests, run the task synchronously in-process as before.

A message the sender cannot deliver is logged and dropped; the work is not lost, because what it must do is
recorded in the database first: a summaries refresh by the stale region-days that the beat's periodic refresh sweeps
up; a spreadsheet job by its row, which stays "queued" until the stuck-job sweep turns it "failed" with a retry
button.
"""

import atexit
import logging
import os
import queue
import threading
import time
from dataclasses import dataclass, field

from celery import current_app
from celery.exceptions import NotRegistered
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# Messages waiting for the sender thread; beyond this (Redis hung for a long while) new ones are dropped and logged.
OUTBOX_SIZE = 1000
# How long a process that exits waits for its sender to deliver what is still waiting.
DRAIN_SECONDS_AT_EXIT = 2.0


# Tasks queued by name, with the module that queues each: a service cannot import its app's tasks module (which
# imports the service), so it names the task; operations/checks.py fails `manage.py check` (and every start) when
# a declared name has no registered task.
DECLARED_TASK_NAMES: dict[str, str] = {}


def task_name(name: str, *, queued_from: str) -> str:
    """Declare the name of a task queued by name from `queued_from` (a module's __name__); returns the name."""
    DECLARED_TASK_NAMES[name] = queued_from
    return name


@dataclass(frozen=True)
class _Message:
    task_name: str
    countdown: float | None
    coalesce_key: str | None
    coalesce_seconds: int
    kwargs: dict = field(default_factory=dict)


def enqueue_on_commit(task_name: str, *, countdown: float | None = None, coalesce_key: str | None = None,
                      coalesce_seconds: int = 30, **kwargs) -> None:
    """Queue `task_name` once the current transaction commits.

    With `coalesce_key`, a burst of calls queues one task: the first call wins the key for `coalesce_seconds` (the
    task should delete the key when it starts, so that later changes queue a fresh run).
    """
    message = _Message(task_name, countdown, coalesce_key, coalesce_seconds, kwargs)
    transaction.on_commit(lambda: _dispatch(message))


def _dispatch(message: _Message) -> None:
    if current_app.conf.task_always_eager:
        _send(message)  # in-process: the task runs now, on this thread, as the embedded mode and the tests expect
        return
    _sender().put(message)


def _send(message: _Message) -> None:
    """Coalesce and publish one message; never raises."""
    try:
        if message.coalesce_key is not None and not cache.add(message.coalesce_key, "queued",
                                                              timeout=message.coalesce_seconds):
            return
        # Nothing here waits on a result: without ignore_result the Redis result backend subscribes to every task's
        # result in this thread and keeps the id for good (only a waiting caller drains them), and after a Redis
        # restart that stale subscription fails the next send.
        task_by_name(message.task_name).apply_async(kwargs=message.kwargs, countdown=message.countdown, retry=False,
                                                    ignore_result=True)
    except Exception as error:  # the broker, the cache or the worker side: log it; the database records the work
        # One line, not a traceback: during an outage every message fails the same way.
        logger.warning(
            "could not queue %s %s (%s: %s): it does not run now; a summaries refresh waits for the beat's next "
            "sweep of stale region-days, a spreadsheet job stays queued until the stuck-job sweep fails it for a "
            "retry", message.task_name, message.kwargs, type(error).__name__, error,
        )
        if message.coalesce_key is not None:
            _forget(message.coalesce_key)  # nothing was queued: the next change must be free to queue a run


class _Sender:
    """One daemon thread per process that delivers queued messages in order."""

    def __init__(self):
        self.pid = os.getpid()
        self.outbox: queue.Queue[_Message] = queue.Queue(maxsize=OUTBOX_SIZE)
        self.handled = 0  # messages taken from the outbox (delivered or logged as lost)
        self.thread = threading.Thread(target=self._run, name="liaison-queueing-sender", daemon=True)
        self.thread.start()

    def put(self, message: _Message) -> None:
        try:
            self.outbox.put_nowait(message)
        except queue.Full:
            logger.warning("could not queue %s %s: %d messages already wait for a hung broker; the database still "
                           "records the work for the sweeps", message.task_name, message.kwargs, OUTBOX_SIZE)

    def _run(self) -> None:
        while True:
            message = self.outbox.get()
            try:
                _send(message)
            finally:
                self.handled += 1
                self.outbox.task_done()

    def drain(self, seconds: float) -> bool:
        """Wait up to `seconds` for the outbox to empty; True when it did."""
        deadline = time.monotonic() + seconds
        while self.outbox.unfinished_tasks:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True


_sender_lock = threading.Lock()
_the_sender: _Sender | None = None


def _sender() -> _Sender:
    """This process's sender, started on first need (and again in a forked child, which inherits no threads)."""
    global _the_sender
    sender = _the_sender
    if sender is not None and sender.pid == os.getpid():
        return sender
    with _sender_lock:
        if _the_sender is None or _the_sender.pid != os.getpid():
            _the_sender = _Sender()
        return _the_sender


def drain_outbox(seconds: float = DRAIN_SECONDS_AT_EXIT) -> bool:
    """Wait for this process's sender to deliver what is waiting (at exit, and in tests); True when all went out."""
    sender = _the_sender
    if sender is None or sender.pid != os.getpid():
        return True
    return sender.drain(seconds)


atexit.register(drain_outbox)


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
    except Exception as error:  # the cache is down too: its key expires on its own
        logger.warning("could not clear %s (%s: %s)", key, type(error).__name__, error)
