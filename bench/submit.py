"""Benchmark: officers filing daily reports through the real stack (gunicorn, PostgreSQL, Redis).

Creates a PostgreSQL database of its own on 127.0.0.1 (`liaison_bench_submit_<pid>_<hex>`, or `--database`),
migrates it and seeds it with `seed_demo` (--scale medium with 6,000 officers and 8,000 enterprises by default),
gives every officer who still owes a report today an API token and a session, and starts gunicorn serving
liaison_portal.wsgi on a free port of 127.0.0.1 in the production shape: DEBUG off, 3 sync workers as docker-compose
runs them, the real Redis at 127.0.0.1:6379 as Celery broker and cache (an empty db from 14 down, 15 being the
tests', which the run claims with a marker key and flushes at the end only while the marker is its own), no Celery
worker. This process, not gunicorn's, is the load generator (threads of plain http.client):

  1. API, closed loop: 16 clients POST /api/v1/reports/ (token auth, an Idempotency-Key each) as fast as answered;
     the most reports/s sustained (target >= 150/s on the 2-core machine).
  2. API, open loop: a new report every 1/50 s whatever the answers (50 reports/s offered), latency measured from
     the scheduled send time, so a slow server cannot hide its queue; p50/p95/p99 (target p95 < 50 ms).
  3. and 4. the same for the HTML form: with the officer's session, GET /reports/file/<assignment>/<day>/ for the
     CSRF and form tokens, then POST the form (302 to the home page = saved).

Every request files a new report for a distinct (officer, enterprise) pair, so each one is a real insert. Each
answer's status is checked (201 / 302 to "/"), and after each phase the reports in the database must number the
successful requests; the phase's reports are then deleted so the next phase has pairs to file again. The machine is
shared: before each phase the bench waits for it to be idle, measures the CPU of gunicorn, of the PostgreSQL backends
and of itself, and runs a phase again when other work took more than 0.2 cores. Then one report per path is filed
under Django's test client counting its SQL queries (--profile: 100 per path under cProfile, by layer). At the end
gunicorn is stopped, the claimed Redis db flushed (no worker consumed what was queued) and the run's database dropped
(also when the run stops early); nothing else on the shared servers is touched.

    .venv/bin/python bench/submit.py [--workers 5] [--sweep 3,9] [--profile] [--duration 20] [--rate 50]
"""

import argparse
import atexit
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import cookies_of  # noqa: E402  (bench/harness.py: what the page benchmarks share)
from seed import manage, recreate_database  # noqa: E402  (bench/seed.py: the same create/drop rules)

HOST = "127.0.0.1"  # the only address this benchmark ever talks to
# Set by main(): a database of this run's own (created, then dropped), and a Redis db it claims on the shared server.
DATABASE_URL = ""
REDIS_URL = ""
REDIS_CLAIM_KEY = "liaison-bench-submit:owner"


def _release_redis_db(client, owner: str) -> None:
    if (client.get(REDIS_CLAIM_KEY) or b"").decode() == owner:
        client.flushdb()


def _drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def claim_redis_db() -> tuple[str, str]:
    """An empty Redis db on the shared server (14 down to 3; 15 is the tests'), claimed with a marker key of this
    run's: the bench flushes that db at the end, and only while the marker is still its own."""
    import redis

    owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    for db in range(14, 2, -1):
        client = redis.Redis.from_url(f"redis://{HOST}:6379/{db}")
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, owner, nx=True):
            atexit.register(_release_redis_db, client, owner)  # also when the run stops early
            return f"redis://{HOST}:6379/{db}", owner
    sys.exit("no empty Redis db (3-14) to claim on 127.0.0.1:6379: the bench flushes only a db of its own")
API_TARGET, API_P95_MS = 150.0, 50.0
DEMO_OFFICER, DEMO_PASSWORD = "officer", "demo-2026"  # seed_demo's demo officer and default password

FIGURES = {
    "work_done": "检查车间防疫措施，协调员工返岗。",
    "masks_days": 12, "disinfectant_days": 9, "temperature_checks": True, "isolation_room": True,
    "returned_from_outside": 3, "under_observation": 3, "suspected_cases": 0,
    "resumed": True, "capacity_percent": 65, "workers_on_duty": 210, "workers_missing": 40, "open_positions": 25,
}


# --- Django-side helpers, run in a subprocess against the benchmark database --------------------------------------


def django_side(task: str, argument: str) -> None:
    """`python bench/submit.py --django <task> <json>`: work that needs the ORM, printed back as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison_portal.settings")
    import django

    django.setup()
    tasks = {"setup": _django_setup, "reset": _django_reset, "queries": _django_queries, "profile": _django_profile}
    result = tasks[task](json.loads(argument))
    print(json.dumps(result))


def _django_setup(options: dict) -> dict:
    """Pairs still to file today, a token per officer, a session per officer (as a login would leave it)."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db.models import Max
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from rest_framework.authtoken.models import Token

    from officers.choices import OfficerStatus
    from reports.models import DailyReport
    from reports.selectors import expected_assignments

    today = timezone.localdate()
    rows = list(
        expected_assignments(day=today, fetched_by=None)
        .filter(has_report=False, officer__status=OfficerStatus.ACTIVE, officer__user__is_active=True)
        .order_by("id").values_list("id", "enterprise_id", "officer__user_id")
    )
    seen, pairs = set(), []
    for assignment_id, enterprise_id, user_id in rows:
        if (user_id, enterprise_id) not in seen:  # one report per officer, enterprise and day
            seen.add((user_id, enterprise_id))
            pairs.append({"assignment": assignment_id, "enterprise": enterprise_id, "user": user_id})
    user_ids = sorted({pair["user"] for pair in pairs})
    Token.objects.filter(user_id__in=user_ids).delete()
    tokens = [Token(user_id=user_id, key=Token.generate_key()) for user_id in user_ids]
    Token.objects.bulk_create(tokens)
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids)}
    sessions, expires = [], timezone.now() + timedelta(hours=12)
    for user_id in user_ids:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = SessionStore().encode({SESSION_KEY: str(user_id), BACKEND_SESSION_KEY:
                                      "django.contrib.auth.backends.ModelBackend",
                                      HASH_SESSION_KEY: users[user_id].get_session_auth_hash()})
        sessions.append(Session(session_key=key, session_data=data, expire_date=expires))
    Session.objects.bulk_create(sessions)
    by_user = {token.user_id: token.key for token in tokens}
    session_by_user = {user_id: session.session_key for user_id, session in zip(user_ids, sessions, strict=True)}
    for pair in pairs:
        pair["token"] = by_user[pair["user"]]
        pair["session"] = session_by_user[pair["user"]]
    return {
        "today": today.isoformat(),
        "pairs": pairs,
        "officers": len(user_ids),
        "reports_before": DailyReport.objects.count(),
        "max_report_id": DailyReport.objects.aggregate(top=Max("id"))["top"] or 0,
    }


def _django_reset(options: dict) -> dict:
    """Delete what a phase filed (reports above an id and their tokens; idempotency records), for the next phase."""
    from idempotency.models import IdempotencyRecord
    from reports.models import DailyReport

    filed = DailyReport.objects.filter(pk__gt=options["above"])
    count = filed.count()
    filed.delete()
    IdempotencyRecord.objects.all().delete()
    return {"deleted": count}


def _django_queries(options: dict) -> dict:
    """File one report through each path with Django's test client and count the SQL it runs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports.models import DailyReport

    def capture(call):
        with CaptureQueriesContext(connection) as queries:
            response = call()
        return response, [query["sql"] for query in queries.captured_queries]

    api_pair, form_pair = options["api_pair"], options["form_pair"]
    day = options["today"]
    api = Client(HTTP_AUTHORIZATION=f"Token {api_pair['token']}", HTTP_HOST=HOST)
    response, api_sql = capture(lambda: api.post(
        "/api/v1/reports/", {"enterprise": api_pair["enterprise"], "day": day, **FIGURES},
        content_type="application/json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex))
    api_status = response.status_code

    form = Client(HTTP_HOST=HOST)
    form.cookies["sessionid"] = form_pair["session"]
    url = f"/reports/file/{form_pair['assignment']}/{day}/"
    response, get_sql = capture(lambda: form.get(url))
    get_status, page = response.status_code, response.content.decode()
    data = form_fields(page)
    response, post_sql = capture(lambda: form.post(url, data))
    post_status = response.status_code
    DailyReport.objects.filter(pk__gt=options["above"]).delete()
    return {"api": [api_status, api_sql], "form_get": [get_status, get_sql], "form_post": [post_status, post_sql]}


LAYERS = (  # where a profiled request spent its time, by the file of each function (its own time, not callees')
    ("waiting for PostgreSQL and the driver", ("/psycopg/", "/psycopg_binary/", "socket")),
    ("Django ORM: building SQL, making objects", ("/django/db/",)),
    ("DRF: serializers, views, auth", ("/rest_framework/",)),
    ("Django templates", ("/django/template/", "/django/templatetags/")),
    ("Django forms", ("/django/forms/",)),
    ("Django: middleware, sessions, i18n, the rest", ("/django/",)),
    ("the portal's own code", (str(ROOT) + "/",)),
)


def _django_profile(options: dict) -> dict:
    """Time N reports through each path in this process (Django's test client, no network): first plain, for the
    CPU and wall time a report costs, then under cProfile, for the share of each layer."""
    import cProfile
    import pstats

    from django.test import Client

    from reports.models import DailyReport

    pairs, day, above = options["pairs"], options["today"], options["above"]
    api, form = Client(HTTP_HOST=HOST), Client(HTTP_HOST=HOST)

    def by_api(pair):
        response = api.post("/api/v1/reports/", {"enterprise": pair["enterprise"], "day": day, **FIGURES},
                            content_type="application/json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
                            HTTP_AUTHORIZATION=f"Token {pair['token']}")
        assert response.status_code == 201, response.content[:300]

    def by_form(pair):
        form.cookies["sessionid"] = pair["session"]
        url = f"/reports/file/{pair['assignment']}/{day}/"
        page = form.get(url).content.decode()
        response = form.post(url, form_fields(page))
        assert response.status_code == 302, response.content[:300]

    results = {}
    for name, call in (("api", by_api), ("form", by_form)):
        for pair in pairs[:5]:  # warm up
            call(pair)
        DailyReport.objects.filter(pk__gt=above).delete()
        wall, cpu = time.perf_counter(), time.process_time()
        for pair in pairs:
            call(pair)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        DailyReport.objects.filter(pk__gt=above).delete()
        profile = cProfile.Profile()
        profile.enable()
        for pair in pairs:
            call(pair)
        profile.disable()
        DailyReport.objects.filter(pk__gt=above).delete()
        layers = dict.fromkeys([layer for layer, _ in LAYERS] + ["Python itself, the standard library"], 0.0)
        for (filename, _, _), (_, _, own, _, _) in pstats.Stats(profile).stats.items():
            layer = next((layer for layer, marks in LAYERS if any(mark in filename for mark in marks)),
                         "Python itself, the standard library")
            layers[layer] += own
        total = sum(layers.values())
        results[name] = {"wall_ms": 1000 * wall / len(pairs), "cpu_ms": 1000 * cpu / len(pairs),
                         "layers": {layer: share / total for layer, share in layers.items()}}
    return results


# --- The load generator: plain http.client in threads ---------------------------------------------------------------


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def form_fields(page: str) -> dict:
    """The report form's hidden fields (CSRF token, form token, formset management) and the figures."""
    fields = {}
    for name, value in HIDDEN.findall(page):
        fields.setdefault(name, value)
    data = {name: fields[name] for name in ("csrfmiddlewaretoken", "token") if name in fields}
    data.update({name: value for name, value in fields.items() if name.startswith("difficulty-")})
    for name, value in FIGURES.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = str(value)
    return data


@dataclass
class Outcome:
    ok: bool
    latency: float  # seconds, from the scheduled (open loop) or actual (closed loop) start to the answer
    status: str
    post_latency: float | None = None  # the form path: the POST alone


@dataclass
class Phase:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    database_cpu: float = 0.0
    steal: float = 0.0
    other_cpu: float = 0.0
    system_busy: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    @property
    def succeeded(self) -> int:
        return sum(outcome.ok for outcome in self.outcomes)

    @property
    def errors(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            if not outcome.ok:
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts


def send(port: int, method: str, path: str, *, headers: dict, body: bytes | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def file_by_api(port: int, day: str, pair: dict) -> tuple[bool, str]:
    body = json.dumps({"enterprise": pair["enterprise"], "day": day, **FIGURES}).encode()
    status, _, content = send(port, "POST", "/api/v1/reports/", body=body, headers={
        "Authorization": f"Token {pair['token']}", "Content-Type": "application/json",
        "Accept": "application/json", "Idempotency-Key": uuid.uuid4().hex})
    return status == 201, f"{status} {content[:120].decode(errors='replace')}" if status != 201 else "201"


def file_by_form(port: int, day: str, pair: dict) -> tuple[bool, str, float]:
    """GET the form, POST it back; returns (saved, status, seconds of the POST alone)."""
    url = f"/reports/file/{pair['assignment']}/{day}/"
    cookies = {"sessionid": pair["session"]}
    status, headers, content = send(port, "GET", url, headers={"Cookie": cookie_header(cookies)})
    if status != 200:
        return False, f"GET {status}", 0.0
    cookies.update(cookies_of(headers))
    body = urlencode(form_fields(content.decode())).encode()
    started = time.perf_counter()
    status, headers, content = send(port, "POST", url, body=body, headers={
        "Cookie": cookie_header(cookies), "Content-Type": "application/x-www-form-urlencoded"})
    post_seconds = time.perf_counter() - started
    location = dict((name.lower(), value) for name, value in headers).get("location", "")
    if status == 302 and location == "/":
        return True, "302", post_seconds
    return False, f"POST {status} {location}", post_seconds


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def attempt(port: int, day: str, pair: dict, path: str, started: float) -> Outcome:
    try:
        if path == "api":
            ok, status = file_by_api(port, day, pair)
            post = None
        else:
            ok, status, post = file_by_form(port, day, pair)
    except (OSError, http.client.HTTPException) as error:
        ok, status, post = False, f"{type(error).__name__}: {error}", None
    return Outcome(ok=ok, latency=time.perf_counter() - started, status=status, post_latency=post)


BACKENDS_SQL = ("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'")


class Meters:
    """CPU seconds over a phase: gunicorn's processes, the PostgreSQL backends serving the benchmark database, this
    process (the load generator), and the whole machine (so other work on it shows, and is reported)."""

    def __init__(self, pids):
        self.pids = pids
        # PostgreSQL backends come and go (CONN_MAX_AGE): a sampler thread keeps the last CPU time seen of each, so
        # a backend that ends during a phase still counts (to within the sampling interval).
        self.backends: dict[int, float] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()

    def _sample(self) -> None:
        import psycopg

        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            while not self.stopping.is_set():
                pids = [row[0] for row in connection.execute(BACKENDS_SQL)]
                for _ in range(4):
                    self._read_backends(pids)
                    if self.stopping.wait(0.25):
                        return

    def _read_backends(self, pids) -> None:
        readings = {pid: self._process_cpu(pid) for pid in pids}
        with self.lock:
            for pid, cpu in readings.items():
                if cpu:
                    self.backends[pid] = max(cpu, self.backends.get(pid, 0.0))

    def close(self) -> None:
        self.stopping.set()
        self.sampler.join(timeout=5)

    @staticmethod
    def database_pids() -> list[int]:
        import psycopg

        with psycopg.connect(DATABASE_URL) as connection:
            return [row[0] for row in connection.execute(BACKENDS_SQL)]

    @staticmethod
    def _process_cpu(pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _machine() -> tuple[int, int, int]:
        """All CPU ticks, idle ticks, and ticks stolen by the hypervisor (a virtual machine's neighbours)."""
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + values[4]
        return sum(values[:8]), idle, values[7]

    def snapshot(self):
        self._read_backends(self.database_pids())
        with self.lock:
            database = dict(self.backends)
        return (sum(self._process_cpu(pid) for pid in self.pids()), time.process_time(), self._machine(), database,
                time.perf_counter())

    @classmethod
    def apply(cls, phase: Phase, before, after) -> None:
        phase.server_cpu = after[0] - before[0]
        phase.client_cpu = after[1] - before[1]
        # Backends that lived through the phase, plus those born during it (their whole CPU time); the readings of
        # backends that ended during it are their last ones.
        phase.database_cpu = sum(cpu - before[3].get(pid, 0.0) for pid, cpu in after[3].items())
        total, idle = after[2][0] - before[2][0], after[2][1] - before[2][1]
        phase.system_busy = 1 - idle / total if total else 0.0
        phase.steal = (after[2][2] - before[2][2]) / total if total else 0.0
        cores = os.cpu_count() or 1
        wall = after[4] - before[4]
        phase.other_cpu = max(0.0, phase.system_busy * cores * wall - phase.server_cpu - phase.client_cpu
                              - phase.database_cpu)


def wait_quiet(seconds: float) -> float:
    """Wait up to `seconds` for the machine to be idle (< 15 % busy, our server idle too); return the last share."""
    busy, deadline = machine_busy(), time.monotonic() + seconds
    while busy > 0.15 and time.monotonic() < deadline:
        time.sleep(7)
        busy = machine_busy()
    return busy


def machine_busy(seconds: float = 3.0) -> float:
    """The share of all cores busy over a few seconds, before anything of ours runs."""
    first = Meters._machine()
    time.sleep(seconds)
    second = Meters._machine()
    total, idle = second[0] - first[0], second[1] - first[1]
    return 1 - idle / total if total else 0.0


def closed_loop(port, day, pairs, path, clients, duration, meters) -> tuple[Phase, int]:
    """`clients` threads each file the next pair as soon as the previous answer came, for `duration` seconds."""
    phase = Phase(f"{path} closed loop, {clients} clients")
    cursor, cursor_lock = iter(pairs), threading.Lock()
    deadline = time.perf_counter() + duration
    used = [0]

    def client():
        while time.perf_counter() < deadline:
            with cursor_lock:
                pair = next(cursor, None)
                if pair is None:
                    return
                used[0] += 1
            phase.add(attempt(port, day, pair, path, time.perf_counter()))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    before, started = meters.snapshot(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started
    Meters.apply(phase, before, meters.snapshot())
    return phase, used[0]


def open_loop(port, day, pairs, path, rate, seconds, meters) -> tuple[Phase, int]:
    """Send one report every 1/rate seconds on a fixed schedule, whether or not earlier ones were answered."""
    count = min(int(rate * seconds), len(pairs))
    phase = Phase(f"{path} open loop, {rate:g}/s offered")
    pool = ThreadPoolExecutor(max_workers=256)
    before = meters.snapshot()
    start = time.perf_counter() + 0.2
    for index in range(count):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        pool.submit(lambda pair=pairs[index], at=scheduled: phase.add(attempt(port, day, pair, path, at)))
    pool.shutdown(wait=True)
    phase.seconds = time.perf_counter() - start
    Meters.apply(phase, before, meters.snapshot())
    return phase, count


# --- The server ------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


SECRET_KEY = secrets.token_urlsafe(50)  # one per run: the setup's sessions must be signed as the server checks them


def server_env(static_root: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": REDIS_URL,
        "CACHE_URL": REDIS_URL,  # as docker-compose.yml: one cache for every process (coalesced enqueues)
    }


class Gunicorn:
    def __init__(self, env: dict, workers: int, log: Path):
        self.port = free_port()
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "liaison_portal.wsgi:application", "--bind", f"{HOST}:{self.port}",
             "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.workers = workers

    def pids(self) -> list[int]:
        """The master and its workers (children of the master), found under /proc."""
        pids = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                        pids.append(int(entry.name))
                except (OSError, IndexError, ValueError):
                    continue
        return pids

    def wait_ready(self, pair: dict, day: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with code {self.process.returncode}; see {self.log.name}")
            try:
                status, _, _ = send(self.port, "GET", "/accounts/login/", headers={})
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            sys.exit("gunicorn did not answer within a minute")
        # Warm every worker: imports, translations, templates and its database connection.
        for _ in range(self.workers * 8):
            send(self.port, "GET", "/api/v1/my/today/", headers={"Authorization": f"Token {pair['token']}"})
            send(self.port, "GET", f"/reports/file/{pair['assignment']}/{day}/",
                 headers={"Cookie": f"sessionid={pair['session']}"})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def check_real_login(port: int) -> None:
    """One real login through the form (PBKDF2 and django-axes included): the sessions made in the setup stand for
    what it leaves behind, so that the phases measure filing, not thousands of password hashes."""
    status, headers, content = send(port, "GET", "/accounts/login/", headers={})
    cookies = cookies_of(headers)
    csrf = dict(HIDDEN.findall(content.decode()))["csrfmiddlewaretoken"]
    body = urlencode({"csrfmiddlewaretoken": csrf, "username": DEMO_OFFICER, "password": DEMO_PASSWORD}).encode()
    started = time.perf_counter()
    status, headers, _ = send(port, "POST", "/accounts/login/", body=body, headers={
        "Cookie": cookie_header(cookies), "Content-Type": "application/x-www-form-urlencoded"})
    seconds = time.perf_counter() - started
    cookies.update(cookies_of(headers))
    home, _, _ = send(port, "GET", "/", headers={"Cookie": cookie_header(cookies)})
    if status != 302 or home != 200:
        sys.exit(f"a real login as {DEMO_OFFICER!r} failed: POST {status}, then home {home}")
    print(f"a real login through the form as {DEMO_OFFICER!r}: {1000 * seconds:.0f} ms")


# --- Orchestration ---------------------------------------------------------------------------------------------------


def run_django(task: str, argument: dict, env: dict) -> dict:
    result = subprocess.run([sys.executable, __file__, "--django", task, json.dumps(argument)], cwd=ROOT, env=env,
                            text=True, capture_output=True, check=False)
    if result.returncode:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        sys.exit(f"the {task} step failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def count_reports_above(report_id: int) -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute("SELECT count(*) FROM reports_dailyreport WHERE id > %s", [report_id]).fetchone()[0]


def max_report_id() -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute("SELECT coalesce(max(id), 0) FROM reports_dailyreport").fetchone()[0]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def describe(phase: Phase, *, filed_in_db: int) -> dict:
    latencies = [outcome.latency * 1000 for outcome in phase.outcomes if outcome.ok]
    posts = [outcome.post_latency * 1000 for outcome in phase.outcomes if outcome.ok and outcome.post_latency]
    done = len(phase.outcomes)
    summary = {
        "phase": phase.name, "requests": done, "ok": phase.succeeded, "errors": phase.errors,
        "seconds": phase.seconds, "per_second": phase.succeeded / phase.seconds if phase.seconds else 0.0,
        "db_reports": filed_in_db, "db_matches": filed_in_db == phase.succeeded,
        "p50": percentile(latencies, .50), "p95": percentile(latencies, .95), "p99": percentile(latencies, .99),
        "max": max(latencies, default=float("nan")), "mean": statistics.fmean(latencies) if latencies else 0.0,
        "server_cpu_ms": 1000 * phase.server_cpu / phase.succeeded if phase.succeeded else float("nan"),
        "client_cpu_ms": 1000 * phase.client_cpu / phase.succeeded if phase.succeeded else float("nan"),
        "database_cpu_ms": 1000 * phase.database_cpu / phase.succeeded if phase.succeeded else float("nan"),
        "other_cores": phase.other_cpu / phase.seconds if phase.seconds else 0.0,
        "busy": phase.system_busy,
        "steal": phase.steal,
    }
    if posts:
        summary.update({"post_p50": percentile(posts, .50), "post_p95": percentile(posts, .95),
                        "post_p99": percentile(posts, .99)})
    return summary


OTHER_WORK_LIMIT = 0.2  # cores used by processes other than ours beyond which a phase's figures are not clean


def shared(summary: dict) -> str:
    return f"   (*) other work {summary['other_cores']:.2f} cores" if summary["other_cores"] > OTHER_WORK_LIMIT else ""


def verdict(met: bool, summary: dict) -> str:
    if met:
        return "met"
    return "NOT met, but other work shared the machine: inconclusive" if shared(summary) else "NOT met"


def print_phase(summary: dict) -> None:
    errors = ", ".join(f"{count}× {status}" for status, count in summary["errors"].items()) or "none"
    print(f"\n  {summary['phase']}")
    print(f"    {summary['ok']:,} of {summary['requests']:,} saved in {summary['seconds']:.1f} s "
          f"= {summary['per_second']:.1f} reports/s; errors: {errors}")
    print(f"    in the database: {summary['db_reports']:,} new reports "
          f"({'matches' if summary['db_matches'] else 'DOES NOT MATCH'} the successful requests)")
    print(f"    latency ms: p50 {summary['p50']:.1f}  p95 {summary['p95']:.1f}  p99 {summary['p99']:.1f}  "
          f"max {summary['max']:.1f}")
    if "post_p50" in summary:
        print(f"    the POST alone, ms: p50 {summary['post_p50']:.1f}  p95 {summary['post_p95']:.1f}  "
              f"p99 {summary['post_p99']:.1f}")
    print(f"    CPU per report: gunicorn {summary['server_cpu_ms']:.1f} ms, "
          f"PostgreSQL {summary['database_cpu_ms']:.1f} ms, "
          f"load generator {summary['client_cpu_ms']:.1f} ms; machine busy {100 * summary['busy']:.0f} %, of which "
          f"other work on the machine {summary['other_cores']:.2f} cores"
          + (f"; {100 * summary['steal']:.0f} % stolen by the hypervisor" if summary["steal"] > 0.01 else ""))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--django":
        django_side(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="medium", help="seed_demo --scale (default medium)")
    parser.add_argument("--officers", type=int, default=6000,
                        help="seed_demo --officers (default 6000: enough reports still to file for 20 s at 200/s)")
    parser.add_argument("--enterprises", type=int, default=8000, help="seed_demo --enterprises (default 8000)")
    parser.add_argument("--workers", type=int, default=3,
                        help="gunicorn sync workers (default 3, as docker-compose runs them)")
    parser.add_argument("--sweep", default="", help="also measure the API closed loop with these worker counts, "
                        "e.g. 3,5,9")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of each closed loop")
    parser.add_argument("--rate", type=float, default=50.0, help="reports/s offered in the open loops")
    parser.add_argument("--open-seconds", type=float, default=30.0, help="seconds of each open loop")
    parser.add_argument("--wait-quiet", type=float, default=120.0, metavar="SECONDS",
                        help="before each phase, wait up to this long for the machine to be idle (< 15 %% busy)")
    parser.add_argument("--attempts", type=int, default=3,
                        help="run a phase again (up to this many times) when other work shared the machine")
    parser.add_argument("--profile", action="store_true",
                        help="also time 100 reports per path in-process and show which layers the time goes to")
    parser.add_argument("--database", help="the database's name (default: a new one of this run's, dropped at the "
                        "end); with --reuse, a database a --keep run left")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (for --reuse)")
    parser.add_argument("--reuse", action="store_true", help="reuse a database kept by --keep: skip migrate/seed")
    parser.add_argument("--only", choices=["api", "form"], help="run one path only")
    options = parser.parse_args()
    if options.reuse and not options.database:
        sys.exit("--reuse needs --database NAME (the name a --keep run printed)")
    global DATABASE_URL, REDIS_URL
    database = options.database or f"liaison_bench_submit_{os.getpid()}_{secrets.token_hex(3)}"
    if "bench" not in database:
        sys.exit(f"refusing database {database!r}: its name must contain 'bench'")
    DATABASE_URL = f"postgres://postgres@{HOST}:5432/{database}"
    REDIS_URL, redis_owner = claim_redis_db()
    if not options.keep and not options.reuse:
        atexit.register(_drop_database, DATABASE_URL)  # a run that stops early leaves no database behind either
    print(f"database {database}, Redis {REDIS_URL} (claimed for this run)")

    env = {**os.environ, "DATABASE_URL": DATABASE_URL}
    work = Path(tempfile.mkdtemp(prefix="bench-submit-"))
    if not options.reuse:
        recreate_database(DATABASE_URL)
        seconds, _ = manage(DATABASE_URL, "migrate", "--verbosity", "0")
        print(f"migrate: {seconds:.1f} s")
        seed = ["seed_demo", "--scale", options.scale]
        if options.officers:
            seed += ["--officers", str(options.officers)]
        if options.enterprises:
            seed += ["--enterprises", str(options.enterprises)]
        seconds, _ = manage(DATABASE_URL, *seed)
        print(f"{' '.join(seed)}: {seconds:.1f} s")
    static_env = {**server_env(str(work / "static")), "DJANGO_DEBUG": "false"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT,
                   env=static_env, check=True)
    setup = run_django("setup", {}, server_env(str(work / "static")))
    pairs, day = setup["pairs"], setup["today"]
    print(f"{setup['reports_before']:,} reports in the database; {len(pairs):,} (officer, enterprise) pairs of "
          f"{setup['officers']:,} officers still to file on {day}: a token and a session each")
    if len(pairs) < 500:
        sys.exit("too few pairs to file: seed a larger scale")

    busy = wait_quiet(options.wait_quiet)
    print(f"the machine before the run: {100 * busy:.0f} % busy"
          + ("  (other work is running: the figures below share the cores with it)" if busy > 0.15 else ""))

    import redis

    broker = redis.Redis.from_url(REDIS_URL)

    results, servers, sweep = [], [], []
    try:
        server = Gunicorn(server_env(str(work / "static")), options.workers, work / "gunicorn.log")
        servers.append(server)
        server.wait_ready(pairs[-1], day)
        check_real_login(server.port)
        meters = Meters(server.pids)
        print(f"gunicorn: {options.workers} sync workers on http://{HOST}:{server.port}/ "
              f"(DEBUG off, broker and cache {REDIS_URL}, no Celery worker)")
        paths = [options.only] if options.only else ["api", "form"]

        def measure(run) -> dict:
            """Run a phase; while other work on the machine spoilt it, wait for quiet and run it again."""
            best = None
            for attempt in range(1, options.attempts + 1):
                wait_quiet(options.wait_quiet)
                baseline = max_report_id()
                summary = describe(run(), filed_in_db=count_reports_above(baseline))
                run_django("reset", {"above": baseline}, env)
                print_phase(summary)
                if best is None or summary["other_cores"] < best["other_cores"]:
                    best = summary
                if not shared(summary):
                    break
                if attempt < options.attempts:
                    print("    other work shared the machine: this phase runs again")
            return best

        for path in paths:
            results.append(measure(lambda path=path: closed_loop(
                server.port, day, pairs[:-1], path, options.clients, options.duration, meters)[0]))
            results.append(measure(lambda path=path: open_loop(
                server.port, day, pairs[:-1], path, options.rate, options.open_seconds, meters)[0]))
        meters.close()
        server.stop()

        for workers in [int(w) for w in options.sweep.split(",") if w.strip()]:
            server = Gunicorn(server_env(str(work / "static")), workers, work / "gunicorn.log")
            servers.append(server)
            server.wait_ready(pairs[-1], day)
            meters = Meters(server.pids)

            def run(server=server, workers=workers, meters=meters):
                phase, _ = closed_loop(server.port, day, pairs[:-1], "api", options.clients, options.duration, meters)
                phase.name = f"api closed loop, {options.clients} clients, {workers} workers"
                return phase

            sweep.append((workers, measure(run)))
            meters.close()
            server.stop()

        baseline = max_report_id()
        counted = run_django("queries", {"api_pair": pairs[0], "form_pair": pairs[1], "today": day,
                                         "above": baseline}, server_env(str(work / "static")))
        profiled = run_django("profile", {"pairs": pairs[:100], "today": day, "above": max_report_id()},
                              server_env(str(work / "static"))) if options.profile else {}
    finally:
        for server in servers:
            server.stop()
        queued = broker.dbsize() - 1  # the claim's marker
        if (broker.get(REDIS_CLAIM_KEY) or b"").decode() == redis_owner:
            broker.flushdb()
            print(f"\n{REDIS_URL}: {queued} keys left by the post-commit enqueues (no worker ran), flushed")
        else:
            print(f"\n{REDIS_URL}: the claim was taken over by someone else; nothing flushed")
        log = (work / "gunicorn.log").read_text(errors="replace") if (work / "gunicorn.log").exists() else ""
        failed = log.count("could not queue")
        if failed:
            reason = re.findall(r"^\S*(?:Error|NotRegistered)\S*: .*$", log, re.MULTILINE)
            print(f"gunicorn logged {failed} failed post-commit enqueues ({reason[-1] if reason else 'see the log'}): "
                  "the summary refresh after a submission was never queued")
        if not options.keep:
            _drop_database(DATABASE_URL)
            print(f"database {database} dropped")
        else:
            print(f"database {database} kept: --reuse --database {database}")
        shutil.rmtree(work, ignore_errors=True)

    print("\nSQL queries per report (Django test client on the same database):")
    for name, (status, queries) in counted.items():
        print(f"  {name:<10} status {status}: {len(queries)} queries")
    for name, profile in profiled.items():
        print(f"\n{name}: {profile['cpu_ms']:.1f} ms CPU, {profile['wall_ms']:.1f} ms wall per report in-process "
              "(test client, no network); where the time goes under cProfile:")
        for layer, share in sorted(profile["layers"].items(), key=lambda item: -item[1]):
            print(f"  {100 * share:5.1f} %  {layer}")
    if os.environ.get("BENCH_SHOW_SQL"):
        for name, (_, queries) in counted.items():
            print(f"\n  {name}:")
            for query in queries:
                print(f"    {query[:200]}")

    print(f"\nSummary ({os.cpu_count()} cores, gunicorn {options.workers} sync workers, {options.clients} clients, "
          f"{options.rate:g}/s offered):")
    for summary in results:
        print(f"  {summary['phase']:<34} {summary['per_second']:7.1f} reports/s   p50 {summary['p50']:6.1f}  "
              f"p95 {summary['p95']:6.1f}  p99 {summary['p99']:6.1f} ms   errors {sum(summary['errors'].values())}"
              f"   db {'ok' if summary['db_matches'] else 'MISMATCH'}{shared(summary)}")
    for workers, summary in sweep:
        print(f"  api closed loop with {workers:>2} workers    {summary['per_second']:7.1f} reports/s   "
              f"p50 {summary['p50']:6.1f}  p95 {summary['p95']:6.1f}  p99 {summary['p99']:6.1f} ms{shared(summary)}")
    if any(shared(summary) for summary in results + [summary for _, summary in sweep]):
        print(f"  (*) other work used more than {OTHER_WORK_LIMIT:g} cores of the machine during the phase: "
              "its figures understate what the portal can do; run again on a quiet machine (--wait-quiet)")
    api = {summary["phase"].split(",")[0]: summary for summary in results if summary["phase"].startswith("api")}
    if "api closed loop" in api:
        rate = api["api closed loop"]["per_second"]
        print(f"\n  API throughput target >= {API_TARGET:g} reports/s: {rate:.1f} "
              f"({verdict(rate >= API_TARGET, api['api closed loop'])})")
    if "api open loop" in api:
        p95 = api["api open loop"]["p95"]
        print(f"  API p95 at {options.rate:g}/s target < {API_P95_MS:g} ms: {p95:.1f} ms "
              f"({verdict(p95 < API_P95_MS, api['api open loop'])})")
    if not all(summary["db_matches"] for summary in results) or any(summary["errors"] for summary in results):
        sys.exit("some requests failed or the database does not match the successful requests")


if __name__ == "__main__":
    main()
