"""Benchmark: the region-day summaries at province scale on PostgreSQL, each figure next to a direct aggregate.

Seeds `seed_demo --scale province --report-days 90` (about 3 million reports and 30,000 problems) into a fresh
database (default postgres://postgres@127.0.0.1:5432/liaison_bench, as bench/seed.py; `--reuse` keeps a database
that is already seeded), then prints, each beside the same figures computed straight from the raw rows:

- the time to rebuild every summary from scratch (target under 20 s);
- the time to refresh one day for the whole province (target under 1 s);
- the province dashboard's read of summary rows, one day's child rows and the 90-day trend, p50/p95 over repeated
  runs (target p95 under 50 ms).

    .venv/bin/python bench/aggregate.py [--reuse] [--report-days 90] [--repeat 200]
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from seed import DEFAULT_URL, manage, recreate_database  # noqa: E402  (bench/seed.py, beside this file)

TARGETS = {"rebuild": 20.0, "refresh": 1.0, "read_p95": 0.050}


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def line(label: str, seconds: float, direct: float, target: float | None = None) -> str:
    verdict = "" if target is None else ("  target met" if seconds < target else "  TARGET MISSED")
    return (f"  {label:<44} {seconds * 1000:10.1f} ms   direct {direct * 1000:10.1f} ms   "
            f"ratio {direct / seconds if seconds else float('inf'):8.1f}x{verdict}")


def seed(url: str, report_days: int) -> None:
    recreate_database(url)
    seconds, _ = manage(url, "migrate", "--verbosity", "0")
    print(f"migrate: {seconds:.1f} s")
    seconds, output = manage(url, "seed_demo", "--scale", "province", "--report-days", str(report_days))
    print(output.split("\n\n")[0])
    print(f"seed_demo --scale province --report-days {report_days}: {seconds:.1f} s\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the database if it is already seeded")
    parser.add_argument("--report-days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=200, help="dashboard reads to time")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/aggregate.py measures PostgreSQL: set DATABASE_URL=postgres://...")

    if not options.reuse or not _is_seeded(url):
        seed(url, options.report_days)
    else:
        manage(url, "migrate", "--verbosity", "0")  # a reused database may predate a migration

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison_portal.settings")
    import django

    django.setup()
    _measure(options.repeat)


def _is_seeded(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            return connection.execute("SELECT count(*) FROM reports_dailyreport").fetchone()[0] > 1_000_000
    except psycopg.Error:
        return False


def _measure(repeat: int) -> None:
    from django.db import connection
    from django.db.models import Max, Min
    from django.utils import timezone

    from officers.models import Assignment
    from problems.models import Problem
    from regions.models import Region
    from reports.models import DailyReport
    from summaries.models import RegionDaySummary
    from summaries.selectors import summary_children, summary_trend
    from summaries.services import recompute_sql, summaries_rebuild, summaries_recompute

    def direct(days, region_ids=None):
        """The same figures straight from the raw rows (one set-based SELECT, nothing written)."""
        statement = recompute_sql(days=days, region_ids=region_ids, computed_at=timezone.now(), chains=False,
                                  write=False)
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            return cursor.fetchall()

    span = DailyReport.objects.aggregate(first=Min("day"), last=Max("day"))
    start, end = Assignment.objects.aggregate(first=Min("start_date"))["first"], span["last"]
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    province = Region.objects.get(depth=0)
    cities = list(Region.objects.filter(parent=province).values_list("id", flat=True))
    day = end - timedelta(days=1)  # yesterday: a complete day
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}: "
          f"{DailyReport.objects.count():,} reports, {Problem.objects.count():,} problems, "
          f"{Assignment.objects.count():,} assignments, {Region.objects.count()} regions, "
          f"{len(days)} days ({start} to {end})\n")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # a freshly loaded table: set hint bits once, as a steady state has them

    RegionDaySummary.objects.all().delete()
    rebuild, _ = timed(summaries_rebuild, start=start, end=end)
    rows = RegionDaySummary.objects.count()
    direct_all, _ = timed(direct, days)
    RegionDaySummary.objects.all().delete()
    one_statement, _ = timed(summaries_recompute, days=days)
    again, _ = timed(summaries_recompute, days=days)
    bulk = _bulk_create_rebuild(days, direct)

    refreshes = [timed(summaries_recompute, days=[day])[0] for _ in range(5)]
    direct_day = [timed(direct, [day])[0] for _ in range(5)]

    def dashboard_read():
        children = list(summary_children(region=province, day=day, fetched_by=None))
        trend = list(summary_trend(region=province, start=day - timedelta(days=89), end=day, fetched_by=None))
        return children, trend

    def dashboard_direct():
        return direct([day], cities), direct([day - timedelta(days=n) for n in range(90)], [province.pk])

    children, trend = dashboard_read()
    assert len(children) == len(cities) and trend, "the summaries are missing rows"
    reads = [timed(dashboard_read)[0] for _ in range(repeat)]
    direct_reads = [timed(dashboard_direct)[0] for _ in range(5)]

    print(f"Summaries: {rows:,} rows ({len(days)} days x {Region.objects.count()} regions)")
    print(line("rebuild everything (summaries_rebuild)", rebuild, direct_all, TARGETS["rebuild"]))
    print(line("rebuild everything, one summaries_recompute", one_statement, direct_all, TARGETS["rebuild"]))
    print(line("rebuild everything again (rows exist: updates)", again, direct_all, TARGETS["rebuild"]))
    print(line("rebuild via SELECT + bulk_create(update_conflicts)", bulk, direct_all))
    print(line(f"refresh one day, whole province ({day}), median", statistics.median(refreshes),
               statistics.median(direct_day), TARGETS["refresh"]))
    print(line(f"dashboard read p50 ({len(children)} cities + {len(trend)}-day trend)", percentile(reads, 0.5),
               percentile(direct_reads, 0.5)))
    print(line(f"dashboard read p95 over {repeat} reads", percentile(reads, 0.95), percentile(direct_reads, 0.95),
               TARGETS["read_p95"]))
    print("\n  direct = the same figures computed from the raw rows by one set-based SELECT (nothing written);")
    print("  ratio = direct / summaries (above 1: the summaries are faster)")


def _bulk_create_rebuild(days, direct) -> float:
    """The alternative the design weighed: run the aggregate as a SELECT and upsert its rows with bulk_create."""
    from django.utils import timezone

    from summaries.models import RegionDaySummary
    from summaries.services import summary_columns

    names = summary_columns()
    started = time.perf_counter()
    rows = []
    now = timezone.now()
    for values in direct(days):
        row = RegionDaySummary(**dict(zip(names, values, strict=True)))
        row.computed_at = now
        for column in names:  # a raw cursor hands jsonb over as text
            if isinstance(getattr(row, column), str):
                setattr(row, column, json.loads(getattr(row, column)))
        rows.append(row)
    RegionDaySummary.objects.bulk_create(rows, batch_size=5000, update_conflicts=True, unique_fields=["region", "day"],
                                         update_fields=names[2:])
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
