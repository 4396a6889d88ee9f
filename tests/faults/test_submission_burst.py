"""Fault drill: Redis killed during a burst of report submissions through a live gunicorn on PostgreSQL.

Officers' phones POST their reports through the API with an Idempotency-Key and retry with the same key on any
failure. Mid-burst the Redis that serves as broker and cache is SIGKILLed. Afterwards: every acknowledged report is
in the database (0 lost), there is one report per key (0 duplicates), and no request started after the kill took
over a second. The requests before the kill are printed but not bounded: they measure only how busy this 2-core
machine is (one took 1.08 s in a CI run, well before Redis died), not what a dead Redis costs.
"""

import json
import threading
import time
import uuid

import pytest

from tests.faults.request_servers import (
    Gunicorn,
    PostgresCluster,
    app_environment,
    http,
    manage,
    redis_server,
    seed,
)
from tests.reports.conftest import VALUES

CLIENTS = 4
REPORTS_PER_CLIENT = 18
WORKERS = CLIENTS  # one sync worker per phone: a request never waits in gunicorn's backlog behind another
KILL_AFTER = CLIENTS * REPORTS_PER_CLIENT // 3  # acknowledged submissions before Redis dies
MAX_REQUEST_SECONDS = 1.0
RETRIES = 20


class Phone(threading.Thread):
    """One officer's phone: files a report per enterprise, retrying each with its key until it is acknowledged."""

    def __init__(self, base_url: str, officer: dict, day: str, tally):
        super().__init__(daemon=True)
        self.base_url, self.officer, self.day, self.tally = base_url, officer, day, tally
        self.acknowledged: dict[str, int] = {}  # key -> report id the server answered with
        self.unacknowledged: list[str] = []
        self.durations: list[float] = []
        self.started_at: list[float] = []
        self.failures: list[str] = []

    def warm_up(self):
        """A phone that opens the app first reads its day: the server's workers are warm, as in production."""
        token = {"Authorization": f"Token {self.officer['token']}"}
        for _ in range(3):
            http("GET", self.base_url + "/api/v1/my/today/", headers=token)

    def run(self):
        for enterprise in self.officer["enterprises"]:
            key = str(uuid.uuid4())
            body = json.dumps({"enterprise": enterprise, "day": self.day, **VALUES}).encode()
            headers = {"Authorization": f"Token {self.officer['token']}", "Content-Type": "application/json",
                       "Idempotency-Key": key}
            for _attempt in range(RETRIES):
                started = time.monotonic()
                self.started_at.append(started)
                try:
                    status, _headers, answer = http("POST", self.base_url + "/api/v1/reports/", headers=headers,
                                                    body=body, timeout=5)
                except OSError as error:
                    self.durations.append(time.monotonic() - started)
                    self.failures.append(f"{type(error).__name__}: {error}")
                    time.sleep(0.1)
                    continue
                self.durations.append(time.monotonic() - started)
                if 200 <= status < 300:
                    self.acknowledged[key] = json.loads(answer)["id"]
                    self.tally()
                    break
                self.failures.append(f"{status}: {answer[:200]!r}")
                time.sleep(0.1)
            else:
                self.unacknowledged.append(key)


@pytest.mark.faults
def test_redis_killed_mid_burst_loses_and_doubles_no_report(tmp_path):
    import psycopg

    cluster = PostgresCluster()
    server = None
    try:
        with redis_server() as redis:
            env = app_environment(DATABASE_URL=cluster.url, CELERY_BROKER_URL=redis.url, CACHE_URL=redis.url,
                                  DJANGO_LOG_LEVEL="ERROR")
            manage(env, "migrate", "--noinput", "-v0")
            seeded = seed(env, officers=CLIENTS, enterprises_each=REPORTS_PER_CLIENT)
            server = Gunicorn(env, workers=WORKERS, log=tmp_path / "gunicorn.log")
            with psycopg.connect(cluster.url) as db:
                day = db.execute("select (now() at time zone 'Asia/Shanghai')::date").fetchone()[0].isoformat()

            acknowledged = 0
            killed_at = None
            lock = threading.Lock()

            def tally():
                nonlocal acknowledged, killed_at
                with lock:
                    acknowledged += 1
                    if acknowledged == KILL_AFTER:
                        redis.kill()  # SIGKILL mid-burst: broker and cache gone at once
                        killed_at = time.monotonic()

            phones = [Phone(server.base_url, officer, day, tally) for officer in seeded["officers"]]
            for phone in phones:
                phone.warm_up()
            started = time.monotonic()
            for phone in phones:
                phone.start()
            for phone in phones:
                phone.join(timeout=300)
            burst_seconds = time.monotonic() - started
            assert killed_at is not None, "the burst ended before Redis was killed"
            assert server.process.poll() is None, "gunicorn died"

        answered = {key: report for phone in phones for key, report in phone.acknowledged.items()}
        with psycopg.connect(cluster.url) as db:
            saved = {row[0] for row in db.execute("select id from reports_dailyreport")}
            per_key = dict(db.execute(
                "select key, count(*) from idempotency_idempotencyrecord group by key").fetchall())
            report_rows = db.execute("select count(*) from reports_dailyreport").fetchone()[0]
            same_day_twice = db.execute(
                "select count(*) from (select 1 from reports_dailyreport group by officer_id, enterprise_id, day "
                "having count(*) > 1) doubled").fetchone()[0]

        lost = [key for key, report in answered.items() if report not in saved]
        duplicates = sum(count - 1 for count in per_key.values() if count > 1) + same_day_twice + \
            max(0, report_rows - len(per_key))
        durations = [seconds for phone in phones for seconds in phone.durations]
        longest = max(durations)
        longest_after_kill = max(seconds for phone in phones
                                 for seconds, at in zip(phone.durations, phone.started_at, strict=True)
                                 if at >= killed_at)
        failures = [failure for phone in phones for failure in phone.failures]
        unacknowledged = [key for phone in phones for key in phone.unacknowledged]
        print(
            f"\nsubmission burst: {CLIENTS} phones x {REPORTS_PER_CLIENT} reports through gunicorn ({WORKERS} workers) "
            f"on PostgreSQL, Redis SIGKILLed after {KILL_AFTER} acknowledgements; {len(answered)} acknowledged, "
            f"{len(unacknowledged)} never acknowledged, {len(durations)} requests ({len(failures)} failed and were "
            f"retried) in {burst_seconds:.1f} s; lost {len(lost)}, duplicates {duplicates}, longest request "
            f"{longest * 1000:.0f} ms ({longest_after_kill * 1000:.0f} ms after the kill)"
        )
        slowest = sorted(((seconds, at - killed_at) for phone in phones
                          for seconds, at in zip(phone.durations, phone.started_at, strict=True)), reverse=True)[:3]
        print("slowest requests (ms, started s after the kill):",
              [(round(seconds * 1000), round(offset, 2)) for seconds, offset in slowest])
        if failures:
            print("failures:", failures[:5])

        assert lost == []
        assert duplicates == 0
        assert not unacknowledged, unacknowledged
        assert len(answered) == CLIENTS * REPORTS_PER_CLIENT == report_rows
        assert longest_after_kill < MAX_REQUEST_SECONDS
    finally:
        if server is not None:
            server.stop()
        cluster.destroy()
