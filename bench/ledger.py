"""Benchmark: the problem ledger's page over HTTP, on a province-scale database already seeded.

Serves the checkout (or `--code DIR`, e.g. an export of another commit, to compare) with gunicorn in the production
shape (DEBUG off, 3 sync workers as docker-compose runs them) against the database of `--database-url` (default
postgres://postgres@127.0.0.1:5432/liaison_bench, seeded by `bench/seed.py`; nothing is written to it but the
sessions of the log-ins), logs in the demo offices through the login form, then for each (office, query string) GETs
the ledger `--requests` times one after another and prints p50 / p95 / max, with the page's SQL queries counted once
under Django's test client.

    .venv/bin/python bench/ledger.py [--database-url URL] [--requests 100] [--code DIR]
"""

import argparse
import http.client
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
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_URL = f"postgres://postgres@{HOST}:5432/liaison_bench"
PASSWORD = "demo-2026"  # seed_demo's default password
OFFICES = ("province", "changsha", "furong")
QUERIES = ("", "department=none", "overdue=true", "state=all", "state=all&page=40", "q=物流")
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
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, headers, _ = send(port, "/accounts/login/", method="POST", body=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    jar.update(cookies_of(headers))
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"logging in as {username!r} failed ({status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def query_counts(code: Path, env: dict) -> dict:
    """Each page's SQL queries under Django's test client (run in the served code, against the same database)."""
    script = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'liaison_portal.settings')\n"
        "import django, json; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "counts = {}\n"
        f"for username in {OFFICES!r}:\n"
        "    client = Client(); client.force_login(get_user_model().objects.get(username=username))\n"
        "    client.get('/problems/')\n"
        f"    for query in {QUERIES!r}:\n"
        "        with CaptureQueriesContext(connection) as captured:\n"
        "            status = client.get('/problems/?' + query).status_code\n"
        "        counts[f'{username} {query}'] = [status, len(captured.captured_queries)]\n"
        "print(json.dumps(counts))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=code,
                            env={**env, "DJANGO_DEBUG": "true", "DJANGO_ALLOWED_HOSTS": "testserver"},
                            text=True, capture_output=True, check=False)
    if result.returncode:
        print(result.stderr[-3000:], file=sys.stderr)
        return {}
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=100, help="GETs per office and query string")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docker-compose runs 3)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default this one)")
    options = parser.parse_args()
    code = options.code.resolve()
    static_root = tempfile.mkdtemp(prefix="bench-ledger-static-")
    env = {
        **os.environ, "DATABASE_URL": options.database_url, "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false", "DJANGO_SECURE_HSTS_SECONDS": "0", "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_LOG_LEVEL": "WARNING", "AXES_ENABLED": "false", "PYTHONPATH": str(code),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=code, env=env,
                   check=True)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-ledger-gunicorn-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "liaison_portal.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(options.workers), "--timeout", "60"], cwd=code, env=env, stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                if send(port, "/accounts/login/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"gunicorn did not start; see {log.name}")
        print(f"serving {code} with {options.workers} workers on {options.database_url.rsplit('/', 1)[-1]}")
        counts = query_counts(code, env)
        for username in OFFICES:
            cookie = log_in(port, username)
            for query in QUERIES:
                path = "/problems/" + (f"?{quote(query, safe='=&')}" if query else "")
                for _ in range(3 * options.workers):  # every worker warm: imports, templates, its connection
                    send(port, path, headers={"Cookie": cookie})
                times = []
                for _ in range(options.requests):
                    started = time.perf_counter()
                    status, _, content = send(port, path, headers={"Cookie": cookie})
                    times.append(1000 * (time.perf_counter() - started))
                    if status != 200:
                        sys.exit(f"{username} {path}: {status}")
                queries = counts.get(f"{username} {query}", [None, "?"])[1]
                print(f"{username:9} {path:34} p50 {percentile(times, .5):6.1f}  p95 {percentile(times, .95):6.1f}  "
                      f"max {max(times):6.1f} ms  {queries} queries  {len(content) // 1024} KiB")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
