"""Benchmark: seed_demo at province scale on PostgreSQL, then again to check it adds nothing.

Drops and recreates the database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/liaison_bench),
migrates it, times `seed_demo --scale province` twice and prints the seconds and the row count of every table.

    .venv/bin/python bench/seed.py [--scale province]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/liaison_bench"


def admin_url(url: str) -> tuple[str, str]:
    """The URL of the server's maintenance database, and the name of the benchmark database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    maintenance, name = admin_url(url)
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(url: str, *args: str) -> tuple[float, str]:
    """Run a manage.py command against the benchmark database; return its wall-clock seconds and output."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
                            capture_output=True, check=False)
    seconds = time.monotonic() - started
    if result.returncode:
        print(result.stdout, result.stderr, file=sys.stderr)
        sys.exit(f"manage.py {' '.join(args)} failed with exit code {result.returncode}")
    return seconds, result.stdout


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        counts = {}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            counts[table] = connection.execute(query).fetchone()[0]
    return {table: count for table, count in counts.items() if count and table != "django_migrations"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/seed.py measures PostgreSQL: set DATABASE_URL=postgres://...")

    recreate_database(url)
    migrate, _ = manage(url, "migrate", "--verbosity", "0")
    print(f"migrate: {migrate:.1f} s\n")
    first, output = manage(url, "seed_demo", "--scale", options.scale)
    print(output)
    counts = row_counts(url)
    print("second run (must add nothing):")
    second, output = manage(url, "seed_demo", "--scale", options.scale)
    print(output.split("\n\n")[0])  # the progress lines, not the login table again
    counts_again = row_counts(url)

    print(f"\nseed_demo --scale {options.scale} on PostgreSQL")
    print(f"  first run:  {first:7.1f} s")
    print(f"  second run: {second:7.1f} s")
    print(f"\n  {'table':<32} {'rows':>9}")
    for table, count in counts.items():
        changed = "" if counts_again.get(table) == count else f"  CHANGED to {counts_again.get(table)}"
        print(f"  {table:<32} {count:>9,}{changed}")
    if counts != counts_again:
        sys.exit("the second run changed the row counts: seed_demo is not idempotent")
    print("\n  second run left every count unchanged")


if __name__ == "__main__":
    main()
