"""Signs of life from the worker and beat processes, and the single-beat lock.

Workers: a worker bootstep starts a thread that writes the worker's heartbeat every HEARTBEAT_SECONDS; it stops with
the worker. Beat: on `beat_init` it takes a lock in Redis (the broker) with a TTL and holds it from a thread that
also writes beat's heartbeat; a second beat finds the lock held and refuses to start with a message. The embedded
mode (SQLite, tasks in-process) has neither worker nor beat, and nothing here runs.
"""

import atexit
import logging
import os
import socket
import sys
import threading

from celery import bootsteps
from celery.signals import beat_init
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
BEAT_LOCK_KEY = "liaison-portal:beat-lock"
BEAT_LOCK_SECONDS = 90


class _Beating:
    """A daemon thread calling `beat()` now and then every `seconds` until stopped."""

    def __init__(self, name: str, beat, seconds: float):
        self.beat, self.seconds = beat, seconds
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                close_old_connections()
                self.beat()
            except Exception:  # the database or Redis away for a moment: the next beat tries again
                logger.warning("%s: could not write a heartbeat", self.thread.name, exc_info=True)
                connections.close_all()
            if self.stopped.wait(self.seconds):
                break
        connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Worker bootstep: the worker's row in operations.Heartbeat, written every HEARTBEAT_SECONDS while it runs."""

    label = "liaison heartbeat"

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.beating = None

    def start(self, worker):
        from .choices import ProcessKind
        from .services import heartbeat_record

        hostname, started_at = worker.hostname, timezone.now()
        seconds = getattr(settings, "WORKER_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)
        self.beating = _Beating(f"heartbeat-{hostname}", lambda: heartbeat_record(
            kind=ProcessKind.WORKER, hostname=hostname, started_at=started_at), seconds)

    def stop(self, worker):
        if self.beating is not None:
            self.beating.stop()
            self.beating = None

    shutdown = stop


class BeatLock:
    """The single-beat lock: SET NX with a TTL, refreshed by its holder; lost (Redis restarted empty) it is taken
    again, taken by another beat meanwhile it makes this one exit."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.token = f"{socket.gethostname()}:{os.getpid()}"

    def acquire(self) -> bool:
        return bool(self.client.set(BEAT_LOCK_KEY, self.token, nx=True, ex=BEAT_LOCK_SECONDS))

    def holder(self) -> str:
        value = self.client.get(BEAT_LOCK_KEY)
        return value.decode() if value else ""

    def release(self) -> None:
        """At a clean exit: free the lock at once (a killed beat's lock expires after BEAT_LOCK_SECONDS)."""
        try:
            if self.holder() == self.token:
                self.client.delete(BEAT_LOCK_KEY)
        except Exception:  # Redis is away: the TTL frees it
            logger.warning("could not release the beat lock", exc_info=True)

    def refresh(self) -> None:
        holder = self.holder()
        if holder == self.token:
            self.client.expire(BEAT_LOCK_KEY, BEAT_LOCK_SECONDS)
        elif not holder:
            self.acquire()
        else:
            logger.critical("another beat (%s) holds the beat lock now: this beat (%s) stops", holder, self.token)
            os._exit(1)


def _redis_broker_url() -> str:
    url = settings.CELERY_BROKER_URL
    return url if url.startswith(("redis://", "rediss://")) else ""


@beat_init.connect
def beat_take_the_lock(sender=None, **kwargs) -> None:
    """Exactly one beat: take the lock or refuse to start; then hold it and write beat's heartbeat."""
    from .choices import ProcessKind
    from .services import heartbeat_record

    url = _redis_broker_url()
    if not url:
        return
    lock = BeatLock(url)
    if not lock.acquire():
        message = (f"celery beat refuses to start: another beat ({lock.holder() or 'unknown'}) already runs for this "
                   f"broker (Redis key {BEAT_LOCK_KEY}, released within {BEAT_LOCK_SECONDS} s after that beat stops). "
                   "Run exactly one beat.")
        logger.critical(message)
        print(message, file=sys.stderr, flush=True)
        raise SystemExit(1)
    atexit.register(lock.release)
    hostname, started_at = f"beat@{socket.gethostname()}", timezone.now()

    def beat():
        lock.refresh()
        heartbeat_record(kind=ProcessKind.BEAT, hostname=hostname, started_at=started_at)

    sender._liaison_beat_lock = _Beating("beat-lock", beat, BEAT_LOCK_SECONDS / 3)
