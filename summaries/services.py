"""Recomputing the region-day summaries from the source rows: set-based SQL, idempotent upserts, never increments.

`summaries_recompute` is one statement whatever the number of regions and days: a GROUP BY per source (expected
assignments, filed reports, reports per enterprise, problems) by leaf region and day, a roll-up to every ancestor
through the materialized paths, and `INSERT ... ON CONFLICT (region_id, day) DO UPDATE`. The same SQL runs on
PostgreSQL and on SQLite (3.38+); only the way a list of days or ids reaches the database differs.
"""

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from branches.models import BranchVisit
from enterprises.models import Enterprise
from officers.models import Assignment
from problems.models import Problem
from regions.choices import RegionLevel
from regions.models import Region
from reports.models import DailyReport, ReportExemption

from . import staleness
from .measures import CATEGORY_COLUMN, INDUSTRY_COLUMN, MEASURES, Source, measures_of
from .models import RegionDaySummary, StaleRegionDays, SummaryVerification
from .verification import KEPT_MISMATCHES, summaries_verify

logger = logging.getLogger(__name__)

# Stale marks are forgotten in statements of this many ids, and read this many at a time (a bulk load on SQLite
# leaves a mark per row).
FORGET_BATCH = 1000
MARKS_PER_PASS = 50_000
# More distinct region sets than this among the stale days are recomputed as one union.
MAX_RECOMPUTE_GROUPS = 8
# Days per statement when rebuilding a range. Each statement scans the reports once per source, so a whole
# campaign in one statement is about twice as fast as month by month (3 million reports: ~12 s against ~22 s).
REBUILD_CHUNK_DAYS = 120


@dataclass(frozen=True)
class _Sql:
    text: str
    params: list


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _list_param(vendor: str, values: Sequence, cast: str) -> tuple[str, object]:
    """A whole list as one parameter: a PostgreSQL array, or a JSON array that SQLite's json_each unpacks."""
    if vendor == "postgresql":
        return f"SELECT unnest(%s::{cast}[]) AS value", list(values)
    return "SELECT value FROM json_each(%s)", json.dumps([str(v) if isinstance(v, date) else v for v in values])


def _local_date(column: str) -> tuple[str, list]:
    """SQL for the local (TIME_ZONE) date of an aware datetime column, as Django's TruncDate writes it."""
    sql, params = connection.ops.datetime_cast_date_sql(column, (), timezone.get_current_timezone_name())
    return sql, list(params)


def _leaf_columns(source: Source, names: list[str]) -> str:
    own = {m.name for m in measures_of(source)}
    return ", ".join(name if name in own else f"0 AS {name}" for name in names)


def _leaf_sums(source: Source, rows: str, keys: str = "region_id, day") -> str:
    """The sums of a source's measures per leaf region and day (`keys`, which may add a column of the rows, like the
    enterprise's industry); `rows` has a `{shared}` test on the enterprise.

    Measures that combine per enterprise with MAX need a GROUP BY per enterprise and day first, the costly step. An
    enterprise with a single assignment has at most one row a day (one expected assignment, one officer's report: a
    report's officer is the one its assignment stations there), so those are summed straight in a branch of their
    own, and only the enterprises with several assignments take the per-enterprise step.
    """
    measures = measures_of(source)
    sums = ", ".join(f"SUM({m.value}) AS {m.name}" for m in measures)
    if all(m.per_enterprise == "SUM" for m in measures):
        return f"SELECT {keys}, {sums} FROM {rows.format(shared='IS NOT NULL')} GROUP BY {keys}"
    shared = "(SELECT enterprise_id FROM shared)"
    per_enterprise = ", ".join(f"{m.per_enterprise}({m.value}) AS {m.name}" for m in measures)
    summed = ", ".join(f"SUM({m.name}) AS {m.name}" for m in measures)
    return f"""
    SELECT {keys}, {sums}
    FROM {rows.format(shared=f"NOT IN {shared}")} GROUP BY {keys}
    UNION ALL
    SELECT {keys}, {summed} FROM (
        SELECT {keys}, {per_enterprise}
        FROM {rows.format(shared=f"IN {shared}")} GROUP BY {keys}, enterprise_id
    ) AS enterprise_days GROUP BY {keys}"""


def summary_columns() -> list[str]:
    """The columns a recomputed row fills, in the order of the recompute's SELECT."""
    return ["region_id", "day", *(m.name for m in MEASURES), CATEGORY_COLUMN, INDUSTRY_COLUMN, "computed_at"]


def recompute_sql(*, days: Sequence[date], region_ids: Sequence[int] | None, computed_at: datetime,
                  chains: bool = True, write: bool = True) -> _Sql:
    """The one statement that recomputes `days` for every region, or for the ancestor chains of `region_ids`.

    `chains=False` computes exactly the regions given; `write=False` only selects the rows (the benchmark's direct
    aggregate over the raw rows, and its bulk_create comparison).
    """
    vendor = connection.vendor
    params: list = []
    days_sql, days_param = _list_param(vendor, days, "date")
    day_cast = "CAST(value AS date)" if vendor == "postgresql" else "date(value)"
    params.append(days_param)

    regions = _table(Region)
    if region_ids is None:
        targets = f"SELECT id, path FROM {regions}"
    else:
        ids_sql, ids_param = _list_param(vendor, region_ids, "bigint")
        if chains:
            targets = (f"SELECT DISTINCT a.id, a.path FROM {regions} a "
                       f"JOIN {regions} r ON r.path LIKE a.path || '%%' WHERE r.id IN ({ids_sql})")
        else:
            targets = f"SELECT id, path FROM {regions} WHERE id IN ({ids_sql})"
        params.append(ids_param)

    # The first and last day as plain values let the planner use the reports' day index for a short range.
    first, last = min(days), max(days)
    reports, assignments, enterprises = _table(DailyReport), _table(Assignment), _table(Enterprise)
    not_exempt = """NOT EXISTS (SELECT 1 FROM exempt_days xe
                        WHERE xe.enterprise_id = a.enterprise_id AND xe.day = d.day)
          AND NOT EXISTS (SELECT 1 FROM exempt_days xo WHERE xo.officer_id = a.officer_id AND xo.day = d.day)"""
    expected_rows = f"""(
        SELECT e.region_id, d.day, a.enterprise_id, a.officer_id
        FROM {assignments} a
        JOIN {enterprises} e ON e.id = a.enterprise_id
        JOIN days d ON a.start_date <= d.day AND (a.end_date IS NULL OR a.end_date >= d.day)
        WHERE a.enterprise_id {{shared}} AND {not_exempt}
    ) AS x"""
    # The first and last day as plain values let the planner use the reports' day index for a short range.
    in_days = "r.day >= %s AND r.day <= %s AND r.day IN (SELECT day FROM days)"
    # One scan of the reports gives every report-based measure: the enterprise's industry (for the open positions
    # by industry) and `filed`, 1 for each expected assignment the report answers (looked up from the reports'
    # side, so the big table is only ever scanned, never hashed).
    # A report counts where its enterprise is now, as its expected assignment does (the report's own region is a
    # copy from filing time: an enterprise moved since must not leave more reports than expected behind).
    report_rows = f"""(
        SELECT r.*, e.region_id AS home_region_id, e.industry,
               CASE WHEN a.id IS NOT NULL AND xe.day IS NULL AND xo.day IS NULL THEN 1 ELSE 0 END AS filed
        FROM {reports} r
        JOIN {enterprises} e ON e.id = r.enterprise_id
        LEFT JOIN {assignments} a ON a.officer_id = r.officer_id AND a.enterprise_id = r.enterprise_id
                                 AND a.start_date <= r.day AND (a.end_date IS NULL OR a.end_date >= r.day)
        LEFT JOIN exempt_enterprise_days xe ON xe.enterprise_id = r.enterprise_id AND xe.day = r.day
        LEFT JOIN exempt_officer_days xo ON xo.officer_id = r.officer_id AND xo.day = r.day
        WHERE {in_days} AND r.enterprise_id {{shared}}
    ) AS r"""
    first, last = min(days), max(days)
    params += [first, last] * 2  # the reports' two branches

    # Visits per enterprise and day, so that a visited enterprise counts once however many members came.
    visit_rows = f"""(
        SELECT e.region_id, v.visited_on AS day, v.enterprise_id, COUNT(*) AS visits
        FROM {_table(BranchVisit)} v
        JOIN {enterprises} e ON e.id = v.enterprise_id
        WHERE v.visited_on >= %s AND v.visited_on <= %s AND v.visited_on IN (SELECT day FROM days)
          AND v.enterprise_id {{shared}}
        GROUP BY e.region_id, v.visited_on, v.enterprise_id
    ) AS v"""
    params += [first, last]

    resolved_on, resolved_params = _local_date("p.resolved_at")
    escalated_on, escalated_params = _local_date("p.escalated_at")
    params += resolved_params + escalated_params
    above = ", ".join(f"'{level}'" for level in (RegionLevel.CITY, RegionLevel.PROVINCE))

    names = [m.name for m in MEASURES if m.source != Source.DERIVED]
    if vendor == "postgresql":
        category_object, industry_object = "jsonb_object_agg(category, n)", "jsonb_object_agg(industry, n)"
        empty_object = "'{}'::jsonb"
    else:
        category_object, industry_object = "json_group_object(category, n)", "json_group_object(industry, n)"
        empty_object = "'{}'"

    columns = ", ".join(summary_columns())
    summed = {name: f"COALESCE(ro.{name}, 0)" for name in names}
    rolled = ",\n           ".join(
        re.sub(r"\b\w+\b", lambda word: summed.get(word[0], word[0]), m.value) if m.source == Source.DERIVED
        else summed[m.name]
        for m in MEASURES
    )
    updates = ", ".join(f"{name} = excluded.{name}"
                        for name in [*(m.name for m in MEASURES), CATEGORY_COLUMN, INDUSTRY_COLUMN, "computed_at"])
    params.append(computed_at if vendor == "postgresql" else connection.ops.adapt_datetimefield_value(computed_at))

    text = f"""
WITH RECURSIVE
days(day) AS (SELECT {day_cast} FROM ({days_sql}) AS listed),
targets(id, path) AS ({targets}),
tree(ancestor_id, region_id) AS (
    SELECT t.id, r.id FROM targets t JOIN {regions} r ON r.path LIKE t.path || '%%'
),
shared(enterprise_id) AS (
    SELECT enterprise_id FROM {assignments} GROUP BY enterprise_id HAVING COUNT(*) > 1
),
exempt_days(enterprise_id, officer_id, day) AS (
    SELECT x.enterprise_id, x.officer_id, d.day
    FROM {_table(ReportExemption)} x JOIN days d ON x.start_date <= d.day AND x.end_date >= d.day
),
exempt_enterprise_days(enterprise_id, day) AS (
    SELECT DISTINCT enterprise_id, day FROM exempt_days WHERE enterprise_id IS NOT NULL
),
exempt_officer_days(officer_id, day) AS (
    SELECT DISTINCT officer_id, day FROM exempt_days WHERE officer_id IS NOT NULL
),
expected_leaf AS ({_leaf_sums(Source.EXPECTED, expected_rows)}
),
report_leaf AS ({_leaf_sums(Source.REPORTS, report_rows, keys="home_region_id, day, industry")}
),
visit_leaf AS ({_leaf_sums(Source.VISITS, visit_rows)}
),
problem_facts AS (
    SELECT e.region_id, p.category, p.raised_on, p.deadline,
           {resolved_on} AS resolved_on, {escalated_on} AS escalated_on,
           CASE WHEN h.level IN ({above}) THEN 1 ELSE 0 END AS handled_above
    FROM {_table(Problem)} p
    JOIN {enterprises} e ON e.id = p.enterprise_id
    JOIN {regions} h ON h.id = p.handling_region_id
    WHERE p.raised_on <= (SELECT MAX(day) FROM days)
),
problem_leaf AS (
    SELECT p.region_id, p.day,
           {", ".join(f"SUM({m.value}) AS {m.name}" for m in measures_of(Source.PROBLEMS))}
    FROM (
        SELECT f.*, d.day, CASE WHEN f.resolved_on IS NULL OR f.resolved_on > d.day THEN 1 ELSE 0 END AS is_open
        FROM problem_facts f JOIN days d ON f.raised_on <= d.day
    ) AS p GROUP BY p.region_id, p.day
),
leaf AS (
    SELECT region_id, day, {_leaf_columns(Source.EXPECTED, names)} FROM expected_leaf
    UNION ALL SELECT home_region_id, day, {_leaf_columns(Source.REPORTS, names)} FROM report_leaf
    UNION ALL SELECT region_id, day, {_leaf_columns(Source.PROBLEMS, names)} FROM problem_leaf
    UNION ALL SELECT region_id, day, {_leaf_columns(Source.VISITS, names)} FROM visit_leaf
),
rolled AS (
    SELECT tr.ancestor_id AS region_id, l.day,
           {", ".join(f"SUM(l.{name}) AS {name}" for name in names)}
    FROM leaf l JOIN tree tr ON tr.region_id = l.region_id
    GROUP BY tr.ancestor_id, l.day
),
category_counts AS (
    SELECT tr.ancestor_id AS region_id, f.raised_on AS day, f.category, COUNT(*) AS n
    FROM problem_facts f JOIN days d ON d.day = f.raised_on JOIN tree tr ON tr.region_id = f.region_id
    GROUP BY tr.ancestor_id, f.raised_on, f.category
),
categories AS (
    SELECT region_id, day, {category_object} AS by_category FROM category_counts GROUP BY region_id, day
),
industry_counts AS (
    SELECT tr.ancestor_id AS region_id, l.day, l.industry, SUM(l.open_positions) AS n
    FROM report_leaf l JOIN tree tr ON tr.region_id = l.home_region_id
    WHERE l.open_positions > 0
    GROUP BY tr.ancestor_id, l.day, l.industry
),
industries AS (
    SELECT region_id, day, {industry_object} AS by_industry FROM industry_counts GROUP BY region_id, day
)
{f"INSERT INTO {_table(RegionDaySummary)} ({columns})" if write else ""}
SELECT t.id, d.day,
           {rolled},
           COALESCE(c.by_category, {empty_object}), COALESCE(i.by_industry, {empty_object}), %s
FROM targets t CROSS JOIN days d
LEFT JOIN rolled ro ON ro.region_id = t.id AND ro.day = d.day
LEFT JOIN categories c ON c.region_id = t.id AND c.day = d.day
LEFT JOIN industries i ON i.region_id = t.id AND i.day = d.day
WHERE 1 = 1
ORDER BY t.id, d.day
{f"ON CONFLICT (region_id, day) DO UPDATE SET {updates}" if write else ""}
"""
    return _Sql(text, params)


def summaries_recompute(*, days: Iterable[date], region_ids: Iterable[int] | None = None) -> None:
    """Recompute the summaries of `days` for every region, or only for the ancestor chains of `region_ids`.

    One SQL statement; rows are written in region and day order, so two runs at once wait rather than deadlock.
    """
    days = sorted(set(days))
    ids = None if region_ids is None else sorted(set(region_ids))
    if not days or ids == []:
        return
    statement = recompute_sql(days=days, region_ids=ids, computed_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)


def summaries_rebuild(*, start: date, end: date) -> int:
    """Recompute every region for every day from `start` to `end`; returns how many days."""
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    for first in range(0, len(days), REBUILD_CHUNK_DAYS):
        summaries_recompute(days=days[first:first + REBUILD_CHUNK_DAYS])
    return len(days)


def _stale_marks(limit: int) -> list[tuple[int, int, date, date]]:
    """(id, region id, first day, last day) of the oldest `limit` marks, read straight from the table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, region_id, first_day, last_day FROM {_table(StaleRegionDays)} "
                       f"ORDER BY id LIMIT %s", [limit])
        return [(pk, region_id, _as_date(first), _as_date(last)) for pk, region_id, first, last in cursor.fetchall()]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _forget_marks(ids: list[int]) -> None:
    """Delete exactly the marks that were read: a mark written meanwhile, even for the same range, survives."""
    table = _table(StaleRegionDays)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), FORGET_BATCH):
            batch = ids[start:start + FORGET_BATCH]
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(batch))})", batch)


def stale_days_by_region(marks: Iterable[tuple[int, int, date, date]], *, today: date) -> dict[date, set[int]]:
    """{day: region ids} the marks ask for: an open start means the first summarised day, an open end today."""
    first_summarised = None
    days: dict[date, set[int]] = {}
    for _, region_id, first, last in marks:
        if first == staleness.MIN_DAY:
            if first_summarised is None:
                first_summarised = RegionDaySummary.objects.order_by("day").values_list("day", flat=True).first()
            first = first_summarised or today
        last = min(last, today)
        for offset in range((last - first).days + 1):
            days.setdefault(first + timedelta(days=offset), set()).add(region_id)
    return days


def _recompute_grouped(days: dict[date, set[int]]) -> None:
    """One statement per distinct set of regions (a burst of reports in a few counties is one or two statements);
    when the sets are many, one statement for the union, which recomputes a little more but in one pass."""
    by_regions: dict[frozenset[int], list[date]] = {}
    for day, region_ids in days.items():
        by_regions.setdefault(frozenset(region_ids), []).append(day)
    if len(by_regions) > MAX_RECOMPUTE_GROUPS:
        by_regions = {frozenset().union(*by_regions): list(days)}
    for region_ids, group_days in by_regions.items():
        for first in range(0, len(group_days), REBUILD_CHUNK_DAYS):
            summaries_recompute(days=sorted(group_days)[first:first + REBUILD_CHUNK_DAYS], region_ids=region_ids)


def summaries_refresh_dirty(*, also_days: Iterable[date] = ()) -> int:
    """Recompute every region-day the triggers marked stale (the ancestor chains of its regions), then forget
    exactly those marks.

    `also_days` are recomputed for every region (the beat's today, the nightly close of yesterday). A mark made
    while this runs survives for the next run. Returns how many marks were handled.
    """
    today = timezone.localdate()
    whole_days = set(also_days)
    summaries_recompute(days=whole_days)
    handled = 0
    while True:
        marks = _stale_marks(MARKS_PER_PASS)
        if not marks:
            return handled
        days = stale_days_by_region(marks, today=today)
        _recompute_grouped({day: ids for day, ids in days.items() if day not in whole_days})
        _forget_marks([pk for pk, *_ in marks])
        handled += len(marks)
        if len(marks) < MARKS_PER_PASS:
            return handled


def summaries_verify_record(*, since: date | None = None, region: Region | None = None,
                            keep_all: bool = False) -> SummaryVerification:
    """Recount the summaries from the raw rows (summaries.verification) and keep the result for the health page.

    The stored row keeps the first KEPT_MISMATCHES lines; with `keep_all` the returned object also carries every
    line in `all_mismatches` (the command prints them)."""
    started_at = timezone.now()
    verification = summaries_verify(since=since, region=region)
    lines = [str(m) for m in verification.mismatches]
    record = SummaryVerification.objects.create(
        started_at=started_at, finished_at=timezone.now(), since=since, region=region,
        region_days_checked=verification.region_days_checked, mismatch_count=len(lines),
        mismatches=lines[:KEPT_MISMATCHES],
    )
    if keep_all:
        record.all_mismatches = lines
    return record
