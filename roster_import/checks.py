"""From spreadsheet rows to the roster services' rows, and from the services' errors back to row and column.

This module holds no roster rule: it reads cells (required columns, dates, yes/no, choices by their Chinese or
English label, codes to regions, usernames and credit codes to the rows they name) and hands every row to
`enterprises_upsert`, `officers_upsert` or `assignments_upsert`, which check each row with the same rules as the
pages and the API. A dry run calls them with `dry_run=True`; the import calls them again to write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from enterprises import batch
from enterprises.batch import BatchResult, chunked
from enterprises.choices import EnterpriseKind, Industry, SizeClass
from enterprises.models import Enterprise
from enterprises.services import EnterpriseRow, enterprises_upsert
from enterprises.validators import normalize_credit_code
from officers.models import Officer
from officers.services import AssignmentRow, OfficerRow, assignments_upsert, officers_upsert
from regions.models import Region

from .choices import RosterKind
from .columns import COLUMNS

# The preview keeps this many problems; the count of all of them is kept too.
PROBLEMS_SHOWN = 1000
PROGRESS_EVERY = 1000

# A service's field -> the file's column, where they differ.
COLUMN_OF = {
    RosterKind.ENTERPRISES: {"region": "region_code"},
    RosterKind.OFFICERS: {"backing_unit_region": "backing_unit_region_code"},
    RosterKind.ASSIGNMENTS: {"officer": "username", "enterprise": "credit_code",
                             "managing_region": "managing_region_code"},
}


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class CheckResult:
    """What a file would do (or did): the counts of its rows' fates, or the problems that stop it."""

    kind: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {batch.NEW: 0, batch.CHANGED: 0, batch.UNCHANGED: 0})
    total_rows: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict:
        """The dry run's preview as the job keeps it (JSON)."""
        return {
            "roster_kind": self.kind,
            "rows": self.total_rows,
            **self.counts,
            "problem_count": len(self.problems),
            "problems": [problem.as_dict() for problem in self.problems[:PROBLEMS_SHOWN]],
        }


class _Cells:
    """The problems found while reading cells, by row and column key (a service's error on a column that already
    has one is not repeated)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.labels = {column.key: str(column.label) for column in COLUMNS[kind]}
        self.found: dict[tuple[int, str], str] = {}

    def problem(self, row: int, key: str, message: str) -> None:
        self.found.setdefault((row, key), str(message))

    def required(self, number: int, row: dict, keys: Iterable[str]) -> bool:
        missing = [key for key in keys if not row.get(key)]
        for key in missing:
            self.problem(number, key, _("This field is required."))
        return not missing

    def add_service_errors(self, outcome: BatchResult) -> None:
        renamed = COLUMN_OF[self.kind]
        for error in outcome.errors:
            message = error.message
            if error.code == batch.OUTSIDE_REACH and error.params.get("region"):
                message = _("%(region)s is outside your office's reach.") % {"region": error.params["region"]}
            self.problem(error.row, renamed.get(error.field, error.field), message)

    def problems(self) -> list[Problem]:
        return [Problem(row=row, column=self.labels.get(key, ""), message=message)
                for (row, key), message in sorted(self.found.items(), key=lambda item: item[0][0])]


def _choice(value: str, choices) -> str | None:
    """A choice from its value or its label in Chinese or English; None when it is not one of them."""
    from django.utils import translation

    wanted = value.strip().lower()
    for choice in choices:
        names = {choice.value.lower(), str(choice.label).lower()}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(choice.label).lower())
        if wanted in names:
            return choice.value
    return None


YES = {"是", "yes", "y", "true", "1", "重点"}
NO = {"否", "no", "n", "false", "0", ""}

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _regions_by_code(codes: Iterable[str]) -> dict[str, Region]:
    regions = {}
    for chunk in chunked({code for code in codes if code}):
        regions.update({region.code: region for region in Region.objects.filter(code__in=chunk)})
    return regions


def _region(cells: _Cells, number: int, key: str, code: str, regions: dict[str, Region]) -> Region | None:
    region = regions.get(code)
    if region is None:
        cells.problem(number, key, _("Unknown region code %(code)s.") % {"code": code})
    return region


def check_rows(*, actor, kind: str, rows: Iterable[tuple[int, dict]], write: bool = False,
               progress: Callable[[int], None] | None = None) -> CheckResult:
    """Read every row (reporting progress) and hand the file to its roster service: a dry run, or with `write` the
    import (which writes only when no row has a problem)."""
    collected = []
    for count, numbered in enumerate(rows, start=1):
        collected.append(numbered)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    cells = _Cells(kind)
    service_rows = {RosterKind.ENTERPRISES: _enterprise_rows, RosterKind.OFFICERS: _officer_rows,
                    RosterKind.ASSIGNMENTS: _assignment_rows}[kind](cells, collected)
    service = {RosterKind.ENTERPRISES: enterprises_upsert, RosterKind.OFFICERS: officers_upsert,
               RosterKind.ASSIGNMENTS: assignments_upsert}[kind]
    # A cell that cannot be read stops the import too: the service then only checks, to list every problem.
    outcome = service(actor=actor, rows=service_rows, dry_run=not write or bool(cells.found))
    cells.add_service_errors(outcome)
    return CheckResult(kind=kind, problems=cells.problems(), counts=outcome.counts, total_rows=len(collected),
                       written=outcome.written)


# --- enterprises ---------------------------------------------------------------------------------------------------

ENTERPRISE_TEXT = ("address", "contact_name", "contact_phone")
ENTERPRISE_CHOICES = (("kind", EnterpriseKind, EnterpriseKind.ENTERPRISE), ("industry", Industry, Industry.OTHER),
                      ("size_class", SizeClass, SizeClass.SMALL_MICRO))


def _enterprise_rows(cells: _Cells, rows: list[tuple[int, dict]]) -> list[EnterpriseRow]:
    regions = _regions_by_code(row.get("region_code", "") for _n, row in rows)
    service_rows = []
    for number, row in rows:
        if not cells.required(number, row, ("credit_code", "name", "region_code")):
            continue
        region = _region(cells, number, "region_code", row["region_code"], regions)
        # The file is the truth for its columns: an empty cell in a column it has sets the model's default.
        values = {key: row[key] for key in ENTERPRISE_TEXT if key in row}
        for key, choices, default in ENTERPRISE_CHOICES:
            if key in row:
                value = _choice(row[key], choices) if row[key] else str(default)
                if value is None:
                    cells.problem(number, key, _("Unknown value %(value)s; use one of: %(choices)s.")
                                  % {"value": row[key], "choices": "、".join(str(c.label) for c in choices)})
                else:
                    values[key] = value
        if "is_key" in row:
            answer = row["is_key"].strip().lower()
            if answer not in YES | NO:
                cells.problem(number, "is_key", _("Write yes or no."))
            values["is_key"] = answer in YES
        service_rows.append(EnterpriseRow(region=region, name=row["name"], credit_code=row["credit_code"],
                                          values=values, number=number))
    return service_rows


# --- officers ------------------------------------------------------------------------------------------------------

def _officer_rows(cells: _Cells, rows: list[tuple[int, dict]]) -> list[OfficerRow]:
    regions = _regions_by_code(row.get("backing_unit_region_code", "") for _n, row in rows)
    service_rows = []
    for number, row in rows:
        if not cells.required(number, row, ("username", "name", "phone", "backing_unit",
                                            "backing_unit_region_code")):
            continue
        region = _region(cells, number, "backing_unit_region_code", row["backing_unit_region_code"], regions)
        service_rows.append(OfficerRow(username=row["username"], name=row["name"], phone=row["phone"],
                                       unit_region=region, unit_name=row["backing_unit"],
                                       title=row["title"] if "title" in row else None, number=number))
    return service_rows


# --- assignments ---------------------------------------------------------------------------------------------------

def _assignment_rows(cells: _Cells, rows: list[tuple[int, dict]]) -> list[AssignmentRow]:
    officers = {}
    for chunk in chunked({row.get("username", "") for _n, row in rows} - {""}):
        officers.update({officer.user.username: officer for officer in Officer.objects.filter(
            user__username__in=chunk).select_related("user")})
    enterprises = {}
    for chunk in chunked({normalize_credit_code(row.get("credit_code", "")) for _n, row in rows} - {""}):
        enterprises.update({e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=chunk)})
    regions = _regions_by_code(row.get("managing_region_code", "") for _n, row in rows)
    service_rows = []
    for number, row in rows:
        if not cells.required(number, row, ("username", "credit_code", "start_date")):
            continue
        officer = officers.get(row["username"])
        if officer is None:
            cells.problem(number, "username", _("No officer has the username %(username)s.")
                          % {"username": row["username"]})
        enterprise = enterprises.get(normalize_credit_code(row["credit_code"]))
        if enterprise is None:
            cells.problem(number, "credit_code", _("This enterprise does not exist or is outside your office's "
                                                   "reach."))
        start = parse_date(row["start_date"])
        end = parse_date(row["end_date"]) if row.get("end_date") else None
        for key, value, parsed in (("start_date", row["start_date"], start), ("end_date", row.get("end_date"), end)):
            if value and parsed is None:
                cells.problem(number, key, _("Not a date: %(value)s (write it as 2020-02-10).") % {"value": value})
        managing = None
        if row.get("managing_region_code"):
            managing = _region(cells, number, "managing_region_code", row["managing_region_code"], regions)
        if officer is None or enterprise is None or start is None:
            continue
        service_rows.append(AssignmentRow(officer=officer, enterprise=enterprise, start_date=start, end_date=end,
                                          managing_region=managing, number=number))
    return service_rows
