"""Private servers for the request fault drills: a redis-server, a PostgreSQL cluster and the app under gunicorn.

Each runs on a free port in a temporary directory and is stopped by the test that started it (by its own pid, never
by name); the shared PostgreSQL on 5432 and Redis on 6379 are never touched.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from tests.conftest import require_or_skip
from tests.faults.local_servers import RedisServer, free_port, wait_for

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


@contextmanager
def redis_server():
    server = RedisServer()
    try:
        yield server
    finally:
        server.kill()


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresCluster:
    """A throwaway PostgreSQL cluster (initdb) on a free port with trust authentication; start() and stop()."""

    def __init__(self):
        require_or_skip((PG_BIN / "initdb").exists(), f"needs the PostgreSQL binaries in {PG_BIN}")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="liaison-pg-"))
        self.data = self.root / "data"
        os.chmod(self.root, 0o777)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/liaison"
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                                     "-E", "UTF8", "--no-sync"]), check=True, capture_output=True, timeout=120)
        self.start()
        subprocess.run(_as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                     "-U", "postgres", "liaison"]), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "60",
                                     "-l", str(self.root / "log"), "start"]), check=True, capture_output=True,
                       timeout=90)

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
                       check=False, capture_output=True, timeout=90)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def app_environment(**overrides: str) -> dict:
    """The environment for a manage.py or gunicorn subprocess: this checkout, production-like settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_URL", "CELERY_", "CACHE_URL", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="liaison_portal.settings", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50,
               DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_SECURE_SSL_REDIRECT="false",
               DJANGO_SESSION_COOKIE_SECURE="false", DJANGO_CSRF_COOKIE_SECURE="false", AXES_ENABLED="false",
               PYTHONUNBUFFERED="1")
    env.update(overrides)
    return env


def manage(env: dict, *args: str, timeout: float = 300, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, input=stdin,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Gunicorn:
    """The app under gunicorn on a free port (sync workers, like production); base_url; stop()."""

    def __init__(self, env: dict, *, workers: int = 2, threads: int = 1, log: Path):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "liaison_portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5",
             "--no-control-socket"],  # gunicorn's default control socket is one path for every gunicorn
            cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, timeout=60, what="gunicorn", interval=0.2)

    def _answers(self) -> bool:
        import urllib.error
        import urllib.request

        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
        try:
            urllib.request.urlopen(self.base_url + "/accounts/login/", timeout=2)
        except urllib.error.HTTPError:
            return True
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


SEED = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from regions.models import Region
from regions.services import region_tree_load
from tests import factories

officers, enterprises_each = int(sys.argv[1]), int(sys.argv[2])
region_tree_load()
furong = Region.objects.get(code="430102")


def session_for(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


office = factories.make_office_user("drill-office", furong)
seeded = {"office": {"session": session_for(office), "token": Token.objects.create(user=office).key}, "officers": []}
for number in range(officers):
    officer = factories.make_officer(furong, username=f"drill-officer-{number}")
    enterprise_ids = []
    for _ in range(enterprises_each):
        enterprise = factories.make_enterprise(furong)
        factories.make_assignment(officer, enterprise)
        enterprise_ids.append(enterprise.pk)
    seeded["officers"].append({"token": Token.objects.create(user=officer.user).key, "enterprises": enterprise_ids})
print("SEEDED " + json.dumps(seeded))
"""


def seed(env: dict, *, officers: int = 1, enterprises_each: int = 1) -> dict:
    """The Hunan region tree, an office user of 芙蓉区 (a session and an API token) and officers with enterprises."""
    import json

    result = subprocess.run([sys.executable, "-c", SEED, str(officers), str(enterprises_each)], cwd=settings.BASE_DIR,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("SEEDED "))
    return json.loads(line.removeprefix("SEEDED "))


def collect_static(env: dict) -> None:
    manage(env, "collectstatic", "--noinput", "-v0")


def http(method: str, url: str, *, headers: dict | None = None, body: bytes | None = None,
         timeout: float = 10) -> tuple[int, dict, bytes]:
    """One plain HTTP request (no retries, no redirects followed): status, headers, body."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                           headers=headers or {})
        response = connection.getresponse()
        return response.status, {key.lower(): value for key, value in response.getheaders()}, response.read()
    finally:
        connection.close()
