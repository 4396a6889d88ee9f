"""Private servers for the background fault drills: a redis-server that can be killed and restarted on the same
port, and real `celery worker` / `celery beat` subprocesses pointed at it.

Each runs on a free port in a temporary directory and is stopped by the test that started it (by its own pid, never
by name); the shared Redis on 6379 is never touched.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.conftest import require_or_skip
from tests.faults.local_servers import wait_for

ROOT = Path(settings.BASE_DIR)


def test_database_url() -> str:
    """The URL of the test database pytest-django created, for subprocesses to share the committed rows."""
    require_or_skip(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")
    params = connection.settings_dict
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


def subprocess_env(*, broker_url: str, private_root: Path | None = None, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "PYTEST"))}
    env.update(
        DATABASE_URL=test_database_url(),
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND="cache+memory://",
        CACHE_URL=broker_url.rsplit("/", 1)[0] + "/1",
        DJANGO_SETTINGS_MODULE="liaison_portal.settings",
        PYTHONUNBUFFERED="1",
    )
    if private_root is not None:
        env["DJANGO_PRIVATE_FILES_ROOT"] = str(private_root)
    env.update(extra)
    return env


class CeleryProcess:
    """`celery -A liaison_portal <worker|beat> ...` as a subprocess with its output in a log file."""

    def __init__(self, args: list[str], *, env: dict, log: Path):
        self.log = log
        self._out = log.open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", "liaison_portal", *args],
            cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(errors="replace")

    def wait_for_output(self, text: str, timeout: float) -> None:
        wait_for(lambda: text in self.output() or not self.alive() and self._dead(text), timeout=timeout,
                 what=f"{text!r} in {self.log.name}")

    def _dead(self, text: str):
        raise AssertionError(f"exited ({self.process.returncode}) before {text!r}:\n{self.output()[-4000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the process group this process leads (the worker and its pool children), by its own pid."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill(signal.SIGTERM)
        self._out.close()


def start_worker(*, env: dict, log: Path, hostname: str, extra: tuple[str, ...] = ()) -> CeleryProcess:
    worker = CeleryProcess(["worker", "--loglevel=INFO", "--concurrency=1", "--without-mingle", "--without-gossip",
                            f"--hostname={hostname}", "--include=tests.faults.probe_tasks", *extra], env=env, log=log)
    worker.wait_for_output("ready.", timeout=60)
    return worker


class ProcessOnBroker:
    """Point this test process's Celery app at a private broker, not eager (so enqueue_on_commit publishes there, as
    a web process does), and put it back afterwards."""

    KEYS = ("broker_url", "result_backend", "task_always_eager")

    def __init__(self, url: str):
        from liaison_portal.celery import app

        self.app = app
        self.previous = {key: app.conf[key] for key in self.KEYS}
        # Celery's broker_url reads a CELERY_BROKER_URL variable before its own key (the PostgreSQL + Redis pass
        # sets one): point both at the private broker.
        self.previous_variable = os.environ.get("CELERY_BROKER_URL")
        os.environ["CELERY_BROKER_URL"] = url
        app.conf.update(broker_url=url, result_backend="cache+memory://", task_always_eager=False)
        self._reset()

    def _reset(self) -> None:
        from tests.conftest import _reset_connections

        _reset_connections(self.app)

    def restore(self) -> None:
        from liaison_portal.queueing import drain_outbox

        drain_outbox(5)
        if self.previous_variable is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = self.previous_variable
        self.app.conf.update(self.previous)
        self._reset()
