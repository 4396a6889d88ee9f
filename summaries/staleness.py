"""Stale region-days are marked by the database itself: triggers on every table a summary counts.

Whatever writes a report, an assignment, an exemption, a problem, a visit, an enterprise's region or industry, or
a region's place in the tree (a service, the admin, a bulk import, the demo seeder, a raw SQL statement, a data
migration) marks the (region, first day, last day) ranges whose figures it may change, in the same transaction as
the write. Nothing in Python has to remember to mark, so no writer can forget. The refresh
(`summaries.services.summaries_refresh_dirty`) expands the ranges to days, recomputes the regions' ancestor
chains for them and deletes exactly the marks it read.

PostgreSQL gets statement-level triggers with transition tables (a bulk insert of 5,000 reports writes a handful
of marks, not 5,000); SQLite, which has no statement-level triggers, gets row-level ones. Both run the same
SELECTs: each mark below is written once, with `{rows}` standing for the changed rows.

A range that starts at MIN_DAY means "from the first summarised day"; one that ends at MAX_DAY "until today".
"""

from dataclasses import dataclass
from datetime import date

MARKS_TABLE = "summaries_staleregiondays"
MIN_DAY = date(1, 1, 1)
MAX_DAY = date(9999, 12, 31)


@dataclass(frozen=True)
class Watched:
    """A table whose rows feed the summaries: the columns the marks read, and the marks of a changed row set.

    `marks` use `{rows}` (the inserted, deleted, or old and new updated rows); `update_marks`, when given, replace
    them for updates and compare `{old}` with `{new}` (for tables where most updates change no figure).
    """

    table: str
    columns: tuple[str, ...]
    marks: tuple[str, ...] = ()
    update_marks: tuple[str, ...] | None = None
    on_insert: bool = True
    on_delete: bool = True


# The reports of an (officer, enterprise) pair within a range, through the reports' unique index.
_REPORT_REGIONS = """SELECT DISTINCT d.region_id AS region_id, {first} AS first_day, {last} AS last_day
    FROM {rows} R JOIN officers_assignment a ON {pair}
    JOIN reports_dailyreport d ON d.officer_id = a.officer_id AND d.enterprise_id = a.enterprise_id
     AND d.day >= R.start_date AND d.day <= {last}"""

WATCHED = (
    Watched(
        # A report counts in its enterprise's region (summaries.services), not in the copy it keeps from filing.
        "reports_dailyreport", ("enterprise_id", "day"),
        marks=("""SELECT e.region_id AS region_id, R.day AS first_day, R.day AS last_day
                  FROM {rows} R JOIN enterprises_enterprise e ON e.id = R.enterprise_id""",),
    ),
    Watched(
        "reports_reportexemption", ("enterprise_id", "officer_id", "start_date", "end_date"),
        marks=(
            # Expected reports sit in the enterprise's region...
            """SELECT e.region_id AS region_id, R.start_date AS first_day, R.end_date AS last_day
               FROM {rows} R JOIN enterprises_enterprise e ON e.id = R.enterprise_id""",
            """SELECT e.region_id AS region_id, R.start_date AS first_day, R.end_date AS last_day
               FROM {rows} R JOIN officers_assignment a ON a.officer_id = R.officer_id
               JOIN enterprises_enterprise e ON e.id = a.enterprise_id
               WHERE a.start_date <= R.end_date AND (a.end_date IS NULL OR a.end_date >= R.start_date)""",
            # ...and filed ones in the region the report was filed in (an enterprise may have moved since).
            _REPORT_REGIONS.format(rows="{rows}", first="R.start_date", last="R.end_date",
                                   pair="a.enterprise_id = R.enterprise_id"),
            _REPORT_REGIONS.format(rows="{rows}", first="R.start_date", last="R.end_date",
                                   pair="a.officer_id = R.officer_id"),
        ),
    ),
    Watched(
        "officers_assignment", ("officer_id", "enterprise_id", "start_date", "end_date"),
        marks=(
            """SELECT e.region_id AS region_id, R.start_date AS first_day,
                      COALESCE(R.end_date, {max_day}) AS last_day
               FROM {rows} R JOIN enterprises_enterprise e ON e.id = R.enterprise_id""",
            _REPORT_REGIONS.format(rows="{rows}", first="R.start_date", last="COALESCE(R.end_date, {max_day})",
                                   pair="a.officer_id = R.officer_id AND a.enterprise_id = R.enterprise_id"),
        ),
    ),
    Watched(
        # A problem's figures of every day since it was raised follow its current state (see measures.py).
        "problems_problem", ("enterprise_id", "raised_on"),
        marks=("""SELECT e.region_id AS region_id, R.raised_on AS first_day, {max_day} AS last_day
                  FROM {rows} R JOIN enterprises_enterprise e ON e.id = R.enterprise_id""",),
    ),
    Watched(
        "branches_branchvisit", ("enterprise_id", "visited_on"),
        marks=("""SELECT e.region_id AS region_id, R.visited_on AS first_day, R.visited_on AS last_day
                  FROM {rows} R JOIN enterprises_enterprise e ON e.id = R.enterprise_id""",),
    ),
    Watched(
        # An enterprise moved to another region, or given another industry, changes every day of both regions.
        "enterprises_enterprise", ("id", "region_id", "industry"),
        on_insert=False, on_delete=False,
        update_marks=tuple(
            f"""SELECT {side}.region_id AS region_id, {{min_day}} AS first_day, {{max_day}} AS last_day
                FROM {{old}} o JOIN {{new}} n ON n.id = o.id
                WHERE o.region_id {{distinct}} n.region_id OR o.industry {{distinct}} n.industry"""
            for side in ("o", "n")
        ),
    ),
    Watched(
        # A region moved in the tree: its old ancestors (through the old parent) lose its figures, the new gain them.
        "regions_region", ("id", "parent_id", "path"),
        on_insert=False, on_delete=False,
        update_marks=(
            """SELECT o.parent_id AS region_id, {min_day} AS first_day, {max_day} AS last_day
               FROM {old} o JOIN {new} n ON n.id = o.id WHERE o.path {distinct} n.path""",
            """SELECT n.id AS region_id, {min_day} AS first_day, {max_day} AS last_day
               FROM {old} o JOIN {new} n ON n.id = o.id WHERE o.path {distinct} n.path""",
        ),
    ),
)


def _name(watched: Watched, event: str) -> str:
    return f"summaries_mark_{watched.table}_{event}"


def _union(selects: list[str]) -> str:
    return "\nUNION\n".join(selects)


def _insert(vendor: str, selects: list[str]) -> str:
    now = "clock_timestamp()" if vendor == "postgresql" else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    return (f"INSERT INTO {MARKS_TABLE} (region_id, first_day, last_day, marked_at)\n"
            f"SELECT DISTINCT region_id, first_day, last_day, {now} FROM (\n{_union(selects)}\n) AS marks\n"
            f"WHERE region_id IS NOT NULL")


def _literals(vendor: str) -> dict[str, str]:
    if vendor == "postgresql":
        return {"min_day": f"DATE '{MIN_DAY:%Y-%m-%d}'", "max_day": f"DATE '{MAX_DAY:%Y-%m-%d}'",
                "distinct": "IS DISTINCT FROM"}
    return {"min_day": f"'{MIN_DAY.isoformat()}'", "max_day": f"'{MAX_DAY.isoformat()}'", "distinct": "IS NOT"}


def _sqlite_row(watched: Watched, which: str) -> str:
    """SQLite's row-level triggers have NEW and OLD, not tables: a one-row derived table stands in for them."""
    return "(SELECT " + ", ".join(f"{which}.{column} AS {column}" for column in watched.columns) + ")"


def _events(watched: Watched) -> list[tuple[str, list[str]]]:
    """(event, the marks' SELECTs with `{rows}`/`{old}`/`{new}` still to fill) for each event the table needs."""
    events = []
    if watched.on_insert:
        events.append(("insert", [m.replace("{rows}", "{new}") for m in watched.marks]))
    if watched.update_marks is not None:
        events.append(("update", list(watched.update_marks)))
    else:
        events.append(("update", [m.replace("{rows}", side) for side in ("{old}", "{new}") for m in watched.marks]))
    if watched.on_delete:
        events.append(("delete", [m.replace("{rows}", "{old}") for m in watched.marks]))
    return events


def install_statements(vendor: str) -> list[str]:
    """The statements that (re)create every trigger on `vendor` ("postgresql" or "sqlite")."""
    literals = _literals(vendor)
    statements = drop_statements(vendor)
    for watched in WATCHED:
        for event, selects in _events(watched):
            name = _name(watched, event)
            if vendor == "postgresql":
                filled = [s.format(old="old_rows", new="new_rows", **literals) for s in selects]
                tables = {"insert": "NEW TABLE AS new_rows", "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                          "delete": "OLD TABLE AS old_rows"}[event]
                statements.append(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                                  f"{_insert(vendor, filled)};\nRETURN NULL;\nEND\n$$")
                statements.append(f"CREATE TRIGGER {name} AFTER {event.upper()} ON {watched.table} "
                                  f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
            else:
                rows = {"old": _sqlite_row(watched, "OLD"), "new": _sqlite_row(watched, "NEW")}
                filled = [s.format(**rows, **literals) for s in selects]
                statements.append(f"CREATE TRIGGER {name} AFTER {event.upper()} ON {watched.table} FOR EACH ROW\n"
                                  f"BEGIN\n{_insert(vendor, filled)};\nEND")
    return statements


def drop_statements(vendor: str) -> list[str]:
    statements = []
    for watched in WATCHED:
        for event in ("insert", "update", "delete"):
            name = _name(watched, event)
            if vendor == "postgresql":
                statements.append(f"DROP TRIGGER IF EXISTS {name} ON {watched.table}")
                statements.append(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def triggers_install(schema_editor) -> None:
    """Migration step: (re)create the triggers on the migrating database."""
    for statement in install_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def triggers_drop(schema_editor) -> None:
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
