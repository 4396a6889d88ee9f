"""What the page benchmarks share: the checkout served by gunicorn in the production shape, real log-ins through the
login form, timed GETs one at a time, percentiles, and a wait for the shared machine to fall quiet."""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "demo-2026"  # seed_demo's default password
HIDDEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def send(port: int, path: str, *, method: str = "GET", headers: dict | None = None, body: bytes | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_of(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


def log_in(port: int, username: str) -> str:
    """A real login through the form; returns the Cookie header of the session."""
    status, headers, content = send(port, "/accounts/login/")
    jar = cookies_of(headers)
    token = HIDDEN.search(content.decode()).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}).encode()
    status, headers, _ = send(port, "/accounts/login/", method="POST", body=body, headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        "Content-Type": "application/x-www-form-urlencoded"})
    jar.update(cookies_of(headers))
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"logging in as {username!r} failed ({status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def timed_gets(port: int, path: str, cookie: str, *, requests: int, warm: int) -> tuple[list[float], bytes]:
    """`warm` untimed GETs (every worker warm: imports, templates, its connection), then `requests` timed ones, one
    after another; the milliseconds of each and the last page."""
    headers = {"Cookie": cookie}
    for _ in range(warm):
        send(port, path, headers=headers)
    times, content = [], b""
    for _ in range(requests):
        started = time.perf_counter()
        status, _, content = send(port, path, headers=headers)
        times.append(1000 * (time.perf_counter() - started))
        if status != 200:
            sys.exit(f"{path}: {status}")
    return times, content


def cpu_ticks() -> tuple[int, int]:
    """(all, idle) CPU ticks of the machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(values), values[3] + values[4]  # idle and iowait


def busy_cores(first: tuple[int, int], second: tuple[int, int]) -> float:
    total, idle = second[0] - first[0], second[1] - first[1]
    return (os.cpu_count() or 1) * (1 - idle / total) if total else 0.0


def wait_for_quiet(limit: float = 0.3, patience: float = 120.0) -> float:
    """The machine is shared: wait (at most `patience` seconds) until others use less than `limit` cores."""
    deadline = time.monotonic() + patience
    while True:
        first = cpu_ticks()
        time.sleep(1.0)
        busy = busy_cores(first, cpu_ticks())
        if busy < limit or time.monotonic() > deadline:
            return busy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(database_url: str, code: Path = ROOT) -> dict:
    """The environment of a production web process (DEBUG off) on `database_url`, serving `code`, over plain HTTP."""
    return {
        **os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false", "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="bench-static-"),
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-media-"),
        "DJANGO_LOG_LEVEL": "WARNING", "AXES_ENABLED": "false", "PYTHONPATH": str(code),
    }


def django(env: dict, script: str, code: Path = ROOT) -> dict:
    """Run `script` with Django set up against the benchmark database; it prints one JSON line, returned."""
    prelude = ("import os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'liaison_portal.settings')\n"
               "import django; django.setup()\n")
    result = subprocess.run([sys.executable, "-c", prelude + script], cwd=code,
                            env={**env, "DJANGO_DEBUG": "true", "DJANGO_ALLOWED_HOSTS": "testserver"},
                            text=True, capture_output=True, check=False)
    if result.returncode:
        print(result.stderr[-3000:], file=sys.stderr)
        sys.exit("a Django step of the benchmark failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


QUERY_COUNTS = """
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
counts = {}
for username, path in PAGES:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    counts[f"{username} {path}"] = [status, len(captured.captured_queries)]
print(json.dumps(counts))
"""


def query_counts(env: dict, pages: list[tuple[str, str]], code: Path = ROOT) -> dict:
    """Each (username, path)'s status and SQL queries, counted once under Django's test client."""
    return django(env, f"PAGES = {pages!r}\n" + QUERY_COUNTS, code)


@contextmanager
def gunicorn(env: dict, *, workers: int, code: Path = ROOT):
    """The checkout served by gunicorn's sync workers (static files collected first); yields the port."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=code, env=env,
                   check=True)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "liaison_portal.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--timeout", "60"], cwd=code, env=env, stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                if send(port, "/accounts/login/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"gunicorn did not start; see {log.name}")
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
