"""Benchmark: what each role waits for at province scale over HTTP: every role's home page (its worklist), and the
offices' problem ledger and missing-reporter list, on PostgreSQL, through gunicorn.

The database is `--database-url` (default postgres://postgres@127.0.0.1:5432/liaison_bench_home), seeded at province
scale: either already (`bench/seed.py` makes one), or copied here from another benchmark database with `--copy-from
NAME` (PostgreSQL's CREATE DATABASE ... TEMPLATE: seconds instead of the seed's many minutes; both names must contain
"bench", and the copy is dropped and made afresh). The bench migrates it and builds yesterday's bulletins of the
offices it measures (through the service), so the worklist's bulletin card is filled; nothing else is written but
the sessions of the log-ins.

It serves the checkout with gunicorn in the production shape (DEBUG off, `--workers` sync workers, 3 as
docker-compose runs them), logs each demo user in through the login form, then for each page GETs it `--requests`
times one after another and prints p50 / p95 / max, and the page's SQL queries counted once under Django's test
client. With `--baseline DIR` (a checkout of another commit, e.g. `git worktree add /tmp/base <rev>`) that code is
served on the same database in the same run and its figures are printed beside. The machine may be shared: before
each page the bench waits (up to two minutes) for the others' load to fall under 0.3 cores, and prints the cores busy
before and during it. An office's home opens on the office's day (yesterday until REPORT_DUE_AT), so it is measured
on that default and on `?day=<today>` too.

    .venv/bin/python bench/pages.py [--copy-from liaison_bench] [--database-url URL] [--requests 200] [--workers 3]
                                    [--baseline DIR]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from harness import (
    HOST,
    ROOT,
    busy_cores,
    cpu_ticks,
    django,
    gunicorn,
    log_in,
    percentile,
    production_env,
    query_counts,
    timed_gets,
    wait_for_quiet,
)
from psycopg import sql

DEFAULT_URL = f"postgres://postgres@{HOST}:5432/liaison_bench_home"
# seed_demo's demo users: the three office tiers, a department, an organisation department, an officer.
USERS = ("province", "changsha", "furong", "dept", "orgdept", "officer")
OFFICES = ("province", "changsha", "furong")
TARGET_P95_MS = 50.0


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


def measure(code: Path, database_url: str, pages, *, requests: int, workers: int) -> dict:
    """{(username, path): (p50, p95, max, queries, KiB, busy before, busy during)} for `code` served on the database."""
    env = production_env(database_url, code)
    counts = query_counts(env, pages, code)
    figures = {}
    with gunicorn(env, workers=workers, code=code) as port:
        cookies = {username: log_in(port, username) for username in dict.fromkeys(user for user, _ in pages)}
        for username, path in pages:
            cookie = cookies[username]
            before = wait_for_quiet()
            ticks = cpu_ticks()
            times, content = timed_gets(port, path, cookie, requests=requests, warm=3 * workers)
            figures[username, path] = (percentile(times, .5), percentile(times, .95), max(times),
                                       counts.get(f"{username} {path}", [None, "?"])[1], len(content) // 1024,
                                       before, busy_cores(ticks, cpu_ticks()))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--copy-from", help="a seeded benchmark database to copy first (its name contains 'bench')")
    parser.add_argument("--requests", type=int, default=200, help="GETs of each page")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docker-compose runs 3)")
    parser.add_argument("--baseline", type=Path, help="a checkout of another commit, measured in the same run")
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/pages.py measures PostgreSQL: set --database-url postgres://...")
    if options.copy_from:
        started = time.monotonic()
        copy_database(options.database_url, options.copy_from)
        print(f"copied {options.copy_from} in {time.monotonic() - started:.0f} s")
    env = production_env(options.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**env, "DJANGO_DEBUG": "true"},
                   check=True)
    bulletins = django(env, f"OFFICES = {OFFICES!r}\n" + BULLETINS)
    print(f"bulletins of {bulletins['day']} built for {', '.join(bulletins['regions'])}")
    today = django(env, "from django.utils import timezone\n"
                        "print(json.dumps({'today': timezone.localdate().isoformat()}))")["today"]
    pages = ([(username, "/") for username in USERS] + [(username, f"/?day={today}") for username in OFFICES]
             + [(username, "/problems/") for username in OFFICES]
             + [(username, "/reports/missing/") for username in OFFICES])
    database = urlsplit(options.database_url).path.lstrip("/")
    print(f"gunicorn, {options.workers} workers, on {database}; {options.requests} GETs a page, one at a time\n")
    now = measure(ROOT, options.database_url, pages, requests=options.requests, workers=options.workers)
    base = {}
    if options.baseline:
        base = measure(options.baseline.resolve(), options.database_url, pages, requests=options.requests,
                       workers=options.workers)
    slow = []
    for username, path in pages:
        p50, p95, longest, queries, kib, before, during = now[username, path]
        if p95 >= TARGET_P95_MS:
            slow.append(f"{username} {path}")
        then = ""
        if (username, path) in base:
            b50, b95, _, bqueries, *_ = base[username, path]
            then = f"   baseline p50 {b50:6.1f}  p95 {b95:6.1f} ms  {bqueries:>2} queries"
        print(f"{username:9} {path:22} p50 {p50:6.1f}  p95 {p95:6.1f}  max {longest:6.1f} ms  {queries:>2} queries  "
              f"{kib:>3} KiB  cores busy before {before:.1f}, during {during:.1f}{then}")
    verdict = f"missed by {', '.join(slow)}" if slow else "met by every page"
    print(f"\ntarget p95 < {TARGET_P95_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
