"""Benchmark: every role's home page (its worklist) over HTTP, on a province-scale PostgreSQL database.

The database is `--database-url` (default postgres://postgres@127.0.0.1:5432/liaison_bench_home), seeded at province
scale: either already (`bench/seed.py` makes one), or copied here from another benchmark database with `--copy-from
NAME` (PostgreSQL's CREATE DATABASE ... TEMPLATE: seconds instead of the seed's many minutes; both names must contain
"bench", and the copy is dropped and made afresh). The bench migrates it and builds yesterday's bulletins of the
offices it measures (through the service), so the worklist's bulletin card is filled; nothing else is written but
the sessions of the log-ins.

It serves the checkout with gunicorn in the production shape (DEBUG off, `--workers` sync workers, 3 as
docker-compose runs them), logs each demo user in through the login form, then for each page GETs it `--requests`
times one after another and prints p50 / p95 / max, and the page's SQL queries counted once under Django's test
client. The machine may be shared: before each page the bench waits (up to two minutes) for the others' load to
fall under 0.3 cores, and prints the cores busy before and during it (the page itself keeps about one busy: this
client, a gunicorn worker, a PostgreSQL backend, one request at a time). An office's home opens on the office's
day (yesterday until REPORT_DUE_AT), so it is measured on that default and on `?day=<today>` too.

    .venv/bin/python bench/home.py [--copy-from liaison_bench] [--database-url URL] [--requests 200] [--workers 3]
"""

import argparse
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
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_URL = f"postgres://postgres@{HOST}:5432/liaison_bench_home"
PASSWORD = "demo-2026"  # seed_demo's default password
# seed_demo's demo users: the three office tiers, a department, an organisation department, an officer.
USERS = ("province", "changsha", "furong", "dept", "orgdept", "officer")
OFFICES = ("province", "changsha", "furong")
TARGET_P95_MS = 50.0
HIDDEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def copy_database(url: str, template: str) -> None:
    """Drop the benchmark database and make it again as a copy of `template` (no one may be connected to it)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name or "bench" not in template:
        sys.exit(f"refusing to copy {template!r} over {name!r}: both names must contain 'bench'")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name),
                                                                              sql.Identifier(template)))


def django(env: dict, script: str) -> dict:
    """Run `script` with Django set up against the benchmark database; it prints one JSON line, returned."""
    prelude = ("import os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'liaison_portal.settings')\n"
               "import django; django.setup()\n")
    result = subprocess.run([sys.executable, "-c", prelude + script], cwd=ROOT,
                            env={**env, "DJANGO_DEBUG": "true", "DJANGO_ALLOWED_HOSTS": "testserver"},
                            text=True, capture_output=True, check=False)
    if result.returncode:
        print(result.stderr[-3000:], file=sys.stderr)
        sys.exit("a Django step of the benchmark failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


BULLETINS = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from dashboards.services import bulletin_generate
from portal.selectors import office_regions
from regions.scoping import scope_for
day = timezone.localdate() - timedelta(days=1)
built = []
for username in OFFICES:
    for region in office_regions(scope=scope_for(get_user_model().objects.get(username=username))):
        bulletin_generate(region=region, day=day)
        built.append(region.name)
print(json.dumps({"day": day.isoformat(), "regions": built}))
"""

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--copy-from", help="a seeded benchmark database to copy first (its name contains 'bench')")
    parser.add_argument("--requests", type=int, default=200, help="GETs of each page")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docker-compose runs 3)")
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/home.py measures PostgreSQL: set --database-url postgres://...")
    if options.copy_from:
        started = time.monotonic()
        copy_database(options.database_url, options.copy_from)
        print(f"copied {options.copy_from} in {time.monotonic() - started:.0f} s")
    static_root = tempfile.mkdtemp(prefix="bench-home-static-")
    env = {
        **os.environ, "DATABASE_URL": options.database_url, "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false", "DJANGO_SECURE_HSTS_SECONDS": "0", "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_LOG_LEVEL": "WARNING", "AXES_ENABLED": "false", "PYTHONPATH": str(ROOT),
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-home-media-"),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**env, "DJANGO_DEBUG": "true"},
                   check=True)
    bulletins = django(env, f"OFFICES = {OFFICES!r}\n" + BULLETINS)
    print(f"bulletins of {bulletins['day']} built for {', '.join(bulletins['regions'])}")
    today = django(env, "from django.utils import timezone\n"
                        "print(json.dumps({'today': timezone.localdate().isoformat()}))")["today"]
    pages = [(username, "/") for username in USERS] + [(username, f"/?day={today}") for username in OFFICES]
    counts = django(env, f"PAGES = {pages!r}\n" + QUERY_COUNTS)

    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-home-gunicorn-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "liaison_portal.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(options.workers), "--timeout", "60"], cwd=ROOT, env=env, stdout=log, stderr=log)
    slow = []
    try:
        for _ in range(300):
            try:
                if send(port, "/accounts/login/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"gunicorn did not start; see {log.name}")
        database = urlsplit(options.database_url).path.lstrip("/")
        print(f"gunicorn, {options.workers} workers, on {database}; {options.requests} GETs a page, one at a time\n")
        cookies = {username: log_in(port, username) for username in USERS}
        for username, path in pages:
            cookie = {"Cookie": cookies[username]}
            for _ in range(3 * options.workers):  # every worker warm: imports, templates, its connection
                send(port, path, headers=cookie)
            before = wait_for_quiet()
            ticks, times = cpu_ticks(), []
            for _ in range(options.requests):
                started = time.perf_counter()
                status, _, content = send(port, path, headers=cookie)
                times.append(1000 * (time.perf_counter() - started))
                if status != 200:
                    sys.exit(f"{username} {path}: {status}")
            p95 = percentile(times, .95)
            if p95 >= TARGET_P95_MS:
                slow.append(f"{username} {path}")
            during = busy_cores(ticks, cpu_ticks())
            queries = counts.get(f"{username} {path}", [None, "?"])[1]
            print(f"{username:9} {path:18} p50 {percentile(times, .5):6.1f}  p95 {p95:6.1f}  max {max(times):6.1f} ms"
                  f"  {queries:>2} queries  {len(content) // 1024:>3} KiB  cores busy before {before:.1f}, "
                  f"during {during:.1f}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    verdict = f"missed by {', '.join(slow)}" if slow else "met by every page"
    print(f"\ntarget p95 < {TARGET_P95_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
