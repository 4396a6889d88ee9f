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
import os
import sys
from pathlib import Path
from urllib.parse import quote

from harness import HOST, ROOT, gunicorn, log_in, percentile, production_env, query_counts, timed_gets

DEFAULT_URL = f"postgres://postgres@{HOST}:5432/liaison_bench"
OFFICES = ("province", "changsha", "furong")
QUERIES = ("", "department=none", "overdue=true", "state=all", "state=all&page=40", "q=物流")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=100, help="GETs per office and query string")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docker-compose runs 3)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default this one)")
    options = parser.parse_args()
    code = options.code.resolve()
    env = production_env(options.database_url, code)
    paths = {query: "/problems/" + (f"?{quote(query, safe='=&')}" if query else "") for query in QUERIES}
    counts = query_counts(env, [(username, path) for username in OFFICES for path in paths.values()], code)
    with gunicorn(env, workers=options.workers, code=code) as port:
        print(f"serving {code} with {options.workers} workers on {options.database_url.rsplit('/', 1)[-1]}")
        for username in OFFICES:
            cookie = log_in(port, username)
            for path in paths.values():
                times, content = timed_gets(port, path, cookie, requests=options.requests, warm=3 * options.workers)
                queries = counts.get(f"{username} {path}", [None, "?"])[1]
                print(f"{username:9} {path:34} p50 {percentile(times, .5):6.1f}  p95 {percentile(times, .95):6.1f}  "
                      f"max {max(times):6.1f} ms  {queries} queries  {len(content) // 1024} KiB")


if __name__ == "__main__":
    sys.exit(main())
