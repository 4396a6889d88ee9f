"""Recomputing the region-day summaries from the source rows: set-based SQL, idempotent upserts, never increments.

`summaries_recompute` is one statement whatever the number of regions and days: one GROUP BY per source (expected
assignments with their reports, reports per enterprise, problems) by leaf region and day, a roll-up to every
ancestor through the materialized paths, and `INSERT ... ON CONFLICT (region_id, day) DO UPDATE`. It runs on
PostgreSQL and on SQLite (3.35+); only the way a list of days or ids reaches the database differs.
"""

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from enterprises.models import Enterprise
from officers.models import Assignment
from problems.models import Problem
from regions.choices import RegionLevel
from regions.models import DirtyRegionDay, Region
from reports.models import DailyReport, ReportExemption

from .measures import CATEGORY_COLUMN, MEASURES, Source, measures_of
from .models import RegionDaySummary

logger = logging.getLogger(__name__)

# Dirty marks are forgotten in statements of this many rows (far more than one refresh usually reads).
FORGET_BATCH = 1000


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


def _aggregates(source: Source, wrap: str = "{}") -> str:
    return ",\n           ".join(f"{wrap.format(m.expression)} AS {m.name}" for m in measures_of(source))


def recompute_sql(*, days: Sequence[date], region_ids: Sequence[int] | None, computed_at: datetime) -> _Sql:
    """The one statement that recomputes `days` for every region, or for the ancestor chains of `region_ids`."""
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
        targets = (f"SELECT DISTINCT a.id, a.path FROM {regions} a JOIN {regions} r ON r.path LIKE a.path || '%%' "
                   f"WHERE r.id IN ({ids_sql})")
        params.append(ids_param)

    resolved_on, resolved_params = _local_date("p.resolved_at")
    escalated_on, escalated_params = _local_date("p.escalated_at")
    params += resolved_params + escalated_params
    above = ", ".join(f"'{level}'" for level in (RegionLevel.CITY, RegionLevel.PROVINCE))

    names = [m.name for m in MEASURES]

    def leaf_select(source: Source, table: str) -> str:
        own = {m.name for m in measures_of(source)}
        columns = ", ".join(name if name in own else f"0 AS {name}" for name in names)
        return f"SELECT region_id, day, {columns} FROM {table}"

    if vendor == "postgresql":
        category_object, empty_object = "jsonb_object_agg(category, n)", "'{}'::jsonb"
    else:
        category_object, empty_object = "json_group_object(category, n)", "'{}'"

    columns = ", ".join(["region_id", "day", *names, CATEGORY_COLUMN, "computed_at"])
    rolled = ",\n           ".join(f"COALESCE(ro.{name}, 0)" for name in names)
    updates = ", ".join(f"{name} = excluded.{name}" for name in [*names, CATEGORY_COLUMN, "computed_at"])
    params.append(computed_at if vendor == "postgresql" else connection.ops.adapt_datetimefield_value(computed_at))

    text = f"""
WITH RECURSIVE
days(day) AS (SELECT {day_cast} FROM ({days_sql}) AS listed),
targets(id, path) AS ({targets}),
tree(ancestor_id, region_id) AS (
    SELECT t.id, r.id FROM targets t JOIN {regions} r ON r.path LIKE t.path || '%%'
),
expected_rows AS (
    SELECT e.region_id, d.day, a.enterprise_id,
           CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS has_report,
           CASE WHEN r.is_late THEN 1 ELSE 0 END AS report_is_late
    FROM {_table(Assignment)} a
    JOIN {_table(Enterprise)} e ON e.id = a.enterprise_id
    JOIN days d ON a.start_date <= d.day AND (a.end_date IS NULL OR a.end_date >= d.day)
    LEFT JOIN {_table(DailyReport)} r
           ON r.officer_id = a.officer_id AND r.enterprise_id = a.enterprise_id AND r.day = d.day
    WHERE NOT EXISTS (SELECT 1 FROM {_table(ReportExemption)} xe WHERE xe.enterprise_id = a.enterprise_id
                      AND xe.start_date <= d.day AND xe.end_date >= d.day)
      AND NOT EXISTS (SELECT 1 FROM {_table(ReportExemption)} xo WHERE xo.officer_id = a.officer_id
                      AND xo.start_date <= d.day AND xo.end_date >= d.day)
),
expected_leaf AS (
    SELECT x.region_id, x.day,
           {_aggregates(Source.EXPECTED)}
    FROM expected_rows x GROUP BY x.region_id, x.day
),
report_enterprises AS (
    SELECT r.region_id, r.day,
           {_aggregates(Source.REPORTS)}
    FROM {_table(DailyReport)} r JOIN days d ON d.day = r.day
    GROUP BY r.region_id, r.day, r.enterprise_id
),
report_leaf AS (
    SELECT region_id, day,
           {", ".join(f"SUM({m.name}) AS {m.name}" for m in measures_of(Source.REPORTS))}
    FROM report_enterprises GROUP BY region_id, day
),
problem_facts AS (
    SELECT e.region_id, p.category, p.raised_on, p.deadline,
           {resolved_on} AS resolved_on, {escalated_on} AS escalated_on,
           CASE WHEN h.level IN ({above}) THEN 1 ELSE 0 END AS handled_above
    FROM {_table(Problem)} p
    JOIN {_table(Enterprise)} e ON e.id = p.enterprise_id
    JOIN {regions} h ON h.id = p.handling_region_id
    WHERE p.raised_on <= (SELECT MAX(day) FROM days)
),
problem_days AS (
    SELECT f.*, d.day, CASE WHEN f.resolved_on IS NULL OR f.resolved_on > d.day THEN 1 ELSE 0 END AS is_open
    FROM problem_facts f JOIN days d ON f.raised_on <= d.day
),
problem_leaf AS (
    SELECT p.region_id, p.day,
           {_aggregates(Source.PROBLEMS)}
    FROM problem_days p GROUP BY p.region_id, p.day
),
leaf AS (
    {leaf_select(Source.EXPECTED, "expected_leaf")}
    UNION ALL {leaf_select(Source.REPORTS, "report_leaf")}
    UNION ALL {leaf_select(Source.PROBLEMS, "problem_leaf")}
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
)
INSERT INTO {_table(RegionDaySummary)} ({columns})
SELECT t.id, d.day,
           {rolled},
           COALESCE(c.by_category, {empty_object}), %s
FROM targets t CROSS JOIN days d
LEFT JOIN rolled ro ON ro.region_id = t.id AND ro.day = d.day
LEFT JOIN categories c ON c.region_id = t.id AND c.day = d.day
WHERE 1 = 1
ORDER BY t.id, d.day
ON CONFLICT (region_id, day) DO UPDATE SET {updates}
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


def _forget_dirty(marks: list[tuple[int, datetime]]) -> None:
    """Delete the dirty marks read before the recompute, unless they were marked again since (`marked_at` moved)."""
    table = _table(DirtyRegionDay)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(marks), FORGET_BATCH):
            batch = marks[start:start + FORGET_BATCH]
            values = ", ".join(["(%s, %s)"] * len(batch))
            params = [value for pk, marked_at in batch for value in (pk, adapt(marked_at))]
            cursor.execute(f"DELETE FROM {table} WHERE (id, marked_at) IN (VALUES {values})", params)


def summaries_refresh_dirty(*, also_days: Iterable[date] = ()) -> int:
    """Recompute every (region, day) marked dirty (the ancestor chains of its regions), then forget those marks.

    `also_days` are recomputed for every region (the beat's today, the nightly close of yesterday). A mark made
    while this runs survives for the next run. At most four statements. Returns how many marks were handled.
    """
    marks = list(DirtyRegionDay.objects.values_list("pk", "region_id", "day", "marked_at"))
    whole_days = set(also_days)
    summaries_recompute(days=whole_days)
    chain_days = {day for _, _, day, _ in marks} - whole_days
    if chain_days:
        summaries_recompute(days=chain_days, region_ids={region_id for _, region_id, day, _ in marks
                                                         if day in chain_days})
    if marks:
        _forget_dirty([(pk, marked_at) for pk, _, _, marked_at in marks])
    return len(marks)
