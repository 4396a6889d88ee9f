"""Benchmark: a province-wide reminder to 24,000 officers through the notifications outbox, on PostgreSQL.

Drops and recreates the database named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/liaison_bench_notify; it refuses a name without "bench"), migrates it, adds 24,000
officer logins with mainland mobiles, then for one worker process and again for two (a broker of its own: Redis
database 13 unless CELERY_BROKER_URL is set):

- writes the reminder with notifications.services.notify_many in one transaction (one notice and one SMS outbox row
  per officer, as report_reminders_send does after its missing-reports query) and prints the seconds (target < 30 s);
- prints the seconds from the commit until every row is sent through the file SMS adapter (target < 2 min), and
  checks that the file holds exactly one line per officer.

The database is dropped at the end (--keep keeps it). Not part of CI.

    .venv/bin/python bench/notifications.py [--officers 24000] [--workers 1 2] [--keep]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from seed import admin_url, manage, recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/liaison_bench_notify"
DEFAULT_BROKER = "redis://127.0.0.1:6379/13"


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance, name = admin_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def start_worker(env: dict, concurrency: int) -> subprocess.Popen:
    """A real worker (prefork, `concurrency` processes); returns once it says it is ready."""
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "liaison_portal", "worker", "-c", str(concurrency),
         "-P", "prefork", "-l", "info", "--without-gossip", "--without-mingle", "-n", f"bench-notify-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    ready = threading.Event()

    def read():
        for line in process.stdout:
            if " ready." in line:
                ready.set()
            if "ERROR" in line or "Traceback" in line:
                print("worker:", line.rstrip(), file=sys.stderr)

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(60):
        process.kill()
        sys.exit("the worker did not start")
    return process


def stop_worker(process: subprocess.Popen) -> None:
    """The worker and its pool processes (its own session, so its group is only theirs)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=24_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/notifications.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    broker = os.environ.get("CELERY_BROKER_URL", DEFAULT_BROKER)
    files = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker,
           "DJANGO_DEBUG": "true", "DJANGO_PRIVATE_FILES_ROOT": str(files), "NOTIFICATIONS_SMS_BACKEND": "file",
           "DJANGO_LOG_LEVEL": "WARNING"}
    os.environ.update(env)

    recreate_database(url)  # refuses a name without "bench"
    seconds, _ = manage(url, "migrate", "--verbosity", "0")
    print(f"migrate: {seconds:.1f} s", flush=True)
    import redis

    redis.Redis.from_url(broker).flushdb()  # this benchmark's own broker database

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison_portal.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from liaison_portal.queueing import drain_outbox
    from notifications.choices import DeliveryStatus, NoticeKind
    from notifications.models import Delivery
    from notifications.services import NoticeDraft, notify_many

    user_model = get_user_model()
    user_model.objects.bulk_create([user_model(username=f"o{i:06d}", full_name=f"联络员{i}", phone=f"139{i:08d}",
                                               password="!") for i in range(options.officers)], batch_size=5000)
    officers = list(user_model.objects.values_list("pk", flat=True))
    print(f"{len(officers)} officers\n", flush=True)

    try:
        for run, concurrency in enumerate(options.workers, start=1):
            worker = start_worker(env, concurrency)
            try:
                drafts = [NoticeDraft(recipient_id=pk, title="提醒：请填报今日驻企联络日报",
                                      body=f"今日日报尚未填报：企业{pk}、企业{pk + 1}。", url="/",
                                      dedupe_key=f"report-reminder:bench-{run}") for pk in officers]
                started = time.monotonic()
                with transaction.atomic():
                    created = notify_many(kind=NoticeKind.REPORT_REMINDER, drafts=drafts)
                committed = time.monotonic()
                drain_outbox(60)
                rows = Delivery.objects.filter(notice__dedupe_key=f"report-reminder:bench-{run}")
                total = rows.count()
                while rows.filter(status=DeliveryStatus.SENT).count() < total:
                    if time.monotonic() - committed > 900:
                        sys.exit("not all delivered after 15 minutes")
                    time.sleep(0.5)
                delivered = time.monotonic()
            finally:
                stop_worker(worker)
            lines = sum(len(path.read_text().splitlines())
                        for path in (files / "notifications").glob("sms-*.log")) if run == 1 else None
            print(f"run {run}: {concurrency} worker process{'es' if concurrency > 1 else ''}")
            print(f"  notices + outbox rows written: {created} notices, {total} rows in "
                  f"{committed - started:.1f} s (target < 30 s)")
            print(f"  all delivered through the file SMS adapter: {delivered - committed:.1f} s after the commit "
                  f"(target < 120 s), {total / (delivered - committed):.0f} texts/s")
            if lines is not None:
                print(f"  SMS file lines: {lines} (one per officer: {lines == total})")
            retries = Delivery.objects.filter(attempts__gt=1).count()
            print(f"  rows tried more than once: {retries}\n", flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
