"""The dry run's rules, checked for a whole file at once with set-based queries (a handful per file, not per row).

Each rule is the services' own: the credit code's validator, `scope_for(actor).manages_region` (what
`ensure_manages_region` asks), the officer's "username taken" rule, and officers/services' stationing rules
(`assignment_reach_errors`, `periods_overlap`). A row with no problem becomes a clean row of model values for the
import-export resource; every problem names its row, its column and the reason in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enterprises.choices import EnterpriseKind, Industry, SizeClass
from enterprises.models import Enterprise
from enterprises.validators import normalize_credit_code, validate_credit_code
from officers.choices import OfficerStatus
from officers.models import Assignment, BackingUnit, Officer
from officers.services import assignment_reach_errors, overlap_message, periods_overlap
from regions.models import Region
from regions.scoping import scope_for

from .choices import RosterKind
from .columns import COLUMNS

# Queries with a list of keys go in chunks of this size (SQLite allows a few thousand parameters at most).
CHUNK = 2000
# The preview keeps this many problems; the count of all of them is kept too.
PROBLEMS_SHOWN = 1000
PROGRESS_EVERY = 1000

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class CheckResult:
    """What a file would do: clean rows (model values) and their fate, or the problems that stop it."""

    kind: str
    clean_rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {NEW: 0, CHANGED: 0, UNCHANGED: 0})
    total_rows: int = 0

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


def chunked(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _labels(kind: str) -> dict[str, str]:
    return {column.key: str(column.label) for column in COLUMNS[kind]}


class _Rows:
    """Collects a file's problems row by row, with the column's label as the user saw it."""

    def __init__(self, kind: str, result: CheckResult):
        self.labels = _labels(kind)
        self.result = result
        self.row_problems: list[Problem] = []

    def start(self) -> None:
        self.row_problems = []

    def problem(self, row: int, key: str, message: str) -> None:
        self.row_problems.append(Problem(row=row, column=self.labels.get(key, ""), message=str(message)))

    def finish(self, clean: dict | None, fate: str | None) -> None:
        if self.row_problems:
            self.result.problems.extend(self.row_problems)
        elif clean is not None and fate is not None:
            self.result.clean_rows.append(clean)
            self.result.counts[fate] += 1

    def required(self, number: int, row: dict, keys: Iterable[str]) -> bool:
        missing = [key for key in keys if not row.get(key)]
        for key in missing:
            self.problem(number, key, _("This field is required."))
        return not missing


def _outside_scope() -> str:
    return _("This region does not exist or is outside your office's reach.")


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


def check_rows(*, actor, kind: str, rows: Iterable[tuple[int, dict]],
               progress: Callable[[int], None] | None = None) -> CheckResult:
    """Read every row (reporting progress) and check the file as a whole; nothing is written."""
    collected = []
    for count, numbered in enumerate(rows, start=1):
        collected.append(numbered)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    checker = {RosterKind.ENTERPRISES: _check_enterprises, RosterKind.OFFICERS: _check_officers,
               RosterKind.ASSIGNMENTS: _check_assignments}[kind]
    result = CheckResult(kind=kind, total_rows=len(collected))
    checker(actor=actor, rows=collected, result=result)
    result.problems.sort(key=lambda problem: problem.row)
    return result


# --- enterprises ---------------------------------------------------------------------------------------------------

ENTERPRISE_TEXT = ("name", "address", "contact_name", "contact_phone")
ENTERPRISE_LIMITS = {"name": 128, "address": 255, "contact_name": 64, "contact_phone": 20}


def _check_enterprises(*, actor, rows: list[tuple[int, dict]], result: CheckResult) -> None:
    scope = scope_for(actor)
    regions = _regions_by_code(row.get("region_code", "") for _n, row in rows)
    codes = {normalize_credit_code(row.get("credit_code", "")) for _n, row in rows}
    existing: dict[str, Enterprise] = {}
    for chunk in chunked(code for code in codes if code):
        existing.update({e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=chunk)
                         .select_related("region")})
    seen: dict[str, int] = {}
    collector = _Rows(RosterKind.ENTERPRISES, result)
    for number, row in rows:
        collector.start()
        clean = _enterprise_row(number, row, collector=collector, scope=scope, regions=regions, seen=seen)
        fate = None
        if clean is not None and not collector.row_problems:
            current = existing.get(clean["credit_code"])
            if current is not None and not scope.manages_region(current.region):
                collector.problem(number, "credit_code", _("This credit code belongs to an enterprise outside "
                                                          "your office's reach."))
            fate = _fate(current, clean)
        collector.finish(clean, fate)


def _enterprise_row(number, row, *, collector, scope, regions, seen) -> dict | None:
    if not collector.required(number, row, ("credit_code", "name", "region_code")):
        return None
    code = normalize_credit_code(row["credit_code"])
    try:
        validate_credit_code(code)
    except ValidationError as error:
        collector.problem(number, "credit_code", error.messages[0])
    if code in seen:
        collector.problem(number, "credit_code", _("The same credit code is already on row %(row)d of this file.")
                          % {"row": seen[code]})
    else:
        seen[code] = number
    region = regions.get(row["region_code"])
    if region is None:
        collector.problem(number, "region_code", _("Unknown region code %(code)s.") % {"code": row["region_code"]})
    elif not scope.manages_region(region):
        collector.problem(number, "region_code", _("%(region)s is outside your office's reach.")
                          % {"region": region.name})
    clean = {"credit_code": code, "region": region.pk if region else None}
    for key in ENTERPRISE_TEXT:
        if key in row:
            clean[key] = row[key]
            if len(row[key]) > ENTERPRISE_LIMITS[key]:
                collector.problem(number, key, _("At most %(max)d characters.") % {"max": ENTERPRISE_LIMITS[key]})
    # An empty cell in a column the file has sets the model's default: the file is the truth for its columns.
    for key, choices, default in (("kind", EnterpriseKind, EnterpriseKind.ENTERPRISE),
                                  ("industry", Industry, Industry.OTHER),
                                  ("size_class", SizeClass, SizeClass.SMALL_MICRO)):
        if key in row:
            value = _choice(row[key], choices) if row[key] else str(default)
            if value is None:
                collector.problem(number, key, _("Unknown value %(value)s; use one of: %(choices)s.")
                                  % {"value": row[key], "choices": "、".join(str(c.label) for c in choices)})
            clean[key] = value
    if "is_key" in row:
        answer = row["is_key"].strip().lower()
        if answer not in YES | NO:
            collector.problem(number, "is_key", _("Write yes or no."))
        clean["is_key"] = answer in YES
    return clean


def _fate(current, clean: dict) -> str:
    if current is None:
        return NEW
    for key, value in clean.items():
        attribute = f"{key}_id" if key in ("region", "backing_unit", "user", "managing_region",
                                          "commanding_region", "officer", "enterprise") else key
        if getattr(current, attribute) != value:
            return CHANGED
    return UNCHANGED


# --- officers ------------------------------------------------------------------------------------------------------

OFFICER_LIMITS = {"name": 64, "phone": 20, "title": 64}


def _check_officers(*, actor, rows: list[tuple[int, dict]], result: CheckResult) -> None:
    scope = scope_for(actor)
    user_model = get_user_model()
    usernames = {row.get("username", "") for _n, row in rows}
    users = {}
    for chunk in chunked(name for name in usernames if name):
        users.update({user.username: user for user in user_model.objects.filter(username__in=chunk)})
    officers = {}
    for chunk in chunked([user.pk for user in users.values()]):
        officers.update({officer.user_id: officer for officer in Officer.objects.filter(user_id__in=chunk)
                         .select_related("backing_unit__region")})
    regions = _regions_by_code(row.get("backing_unit_region_code", "") for _n, row in rows)
    names = {row.get("backing_unit", "") for _n, row in rows}
    units = {}
    region_ids = [region.pk for region in regions.values()]
    for chunk in chunked(name for name in names if name):
        for unit in BackingUnit.objects.filter(region_id__in=region_ids, name__in=chunk).select_related("region"):
            units[(unit.region.code, unit.name)] = unit
    seen: dict[str, int] = {}
    phones: dict[str, int] = {}
    collector = _Rows(RosterKind.OFFICERS, result)
    for number, row in rows:
        collector.start()
        if not collector.required(number, row, ("username", "name", "phone", "backing_unit",
                                                "backing_unit_region_code")):
            collector.finish(None, None)
            continue
        username = row["username"]
        try:
            user_model.username_validator(username)
            if len(username) > 150:
                raise ValidationError(_("At most %(max)d characters.") % {"max": 150})
        except ValidationError as error:
            collector.problem(number, "username", error.messages[0])
        if username in seen:
            collector.problem(number, "username", _("The same username is already on row %(row)d of this file.")
                              % {"row": seen[username]})
        else:
            seen[username] = number
        if row["phone"] in phones:
            collector.problem(number, "phone", _("The same phone number is already on row %(row)d of this file.")
                              % {"row": phones[row["phone"]]})
        else:
            phones[row["phone"]] = number
        for key, limit in OFFICER_LIMITS.items():
            if len(row.get(key, "")) > limit:
                collector.problem(number, key, _("At most %(max)d characters.") % {"max": limit})
        region = regions.get(row["backing_unit_region_code"])
        unit = units.get((row["backing_unit_region_code"], row["backing_unit"]))
        if region is None:
            collector.problem(number, "backing_unit_region_code", _("Unknown region code %(code)s.")
                              % {"code": row["backing_unit_region_code"]})
        elif not scope.manages_region(region):
            collector.problem(number, "backing_unit_region_code", _("%(region)s is outside your office's reach.")
                              % {"region": region.name})
        elif unit is None:
            collector.problem(number, "backing_unit", _("%(region)s has no backing unit named %(name)s.")
                              % {"region": region.name, "name": row["backing_unit"]})
        user = users.get(username)
        current = officers.get(user.pk) if user is not None else None
        if user is not None and current is None:
            collector.problem(number, "username", _("This username is already taken."))
        if current is not None and not scope.manages_region(current.backing_unit.region):
            collector.problem(number, "username", _("This officer is managed outside your office's reach."))
        clean = {"username": username, "name": row["name"], "phone": row["phone"],
                 "backing_unit": unit.pk if unit else None}
        if "title" in row:
            clean["title"] = row["title"]
        fate = None
        if not collector.row_problems:
            if current is not None:
                clean["user"] = current.user_id
            fate = _fate(current, {k: v for k, v in clean.items() if k != "username"})
        collector.finish(clean, fate)


# --- assignments ---------------------------------------------------------------------------------------------------

def _check_assignments(*, actor, rows: list[tuple[int, dict]], result: CheckResult) -> None:
    scope = scope_for(actor)
    officers = {}
    for chunk in chunked({row.get("username", "") for _n, row in rows} - {""}):
        officers.update({officer.user.username: officer for officer in Officer.objects.filter(
            user__username__in=chunk).select_related("user", "backing_unit__region")})
    enterprises = {}
    codes = {normalize_credit_code(row.get("credit_code", "")) for _n, row in rows} - {""}
    for chunk in chunked(codes):
        enterprises.update({e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=chunk)
                            .select_related("region")})
    visible = set(enterprises) if scope.everything else set()
    if not scope.everything:
        for chunk in chunked([e.pk for e in enterprises.values()]):
            visible.update(Enterprise.objects.visible_to(actor).filter(pk__in=chunk)
                           .values_list("credit_code", flat=True))
    regions = _regions_by_code(row.get("managing_region_code", "") for _n, row in rows)
    existing: dict[tuple[int, int], list[Assignment]] = {}
    for chunk in chunked([officer.pk for officer in officers.values()]):
        for assignment in Assignment.objects.filter(officer_id__in=chunk).only(
                "pk", "officer_id", "enterprise_id", "start_date", "end_date", "managing_region_id",
                "commanding_region_id"):
            existing.setdefault((assignment.officer_id, assignment.enterprise_id), []).append(assignment)
    in_file: dict[tuple[int, int], list[tuple[int, date, date | None]]] = {}
    collector = _Rows(RosterKind.ASSIGNMENTS, result)
    for number, row in rows:
        collector.start()
        if not collector.required(number, row, ("username", "credit_code", "start_date")):
            collector.finish(None, None)
            continue
        officer = officers.get(row["username"])
        code = normalize_credit_code(row["credit_code"])
        enterprise = enterprises.get(code) if code in visible else None
        if officer is None:
            collector.problem(number, "username", _("No officer has the username %(username)s.")
                              % {"username": row["username"]})
        if enterprise is None:
            collector.problem(number, "credit_code", _("This enterprise does not exist or is outside your "
                                                       "office's reach."))
        start = parse_date(row["start_date"])
        end = parse_date(row["end_date"]) if row.get("end_date") else None
        if start is None:
            collector.problem(number, "start_date", _("Not a date: %(value)s (write it as 2020-02-10).")
                              % {"value": row["start_date"]})
        if row.get("end_date") and end is None:
            collector.problem(number, "end_date", _("Not a date: %(value)s (write it as 2020-02-10).")
                              % {"value": row["end_date"]})
        if start and end and end < start:
            collector.problem(number, "end_date", _("An assignment cannot end before it starts."))
        managing = None
        if row.get("managing_region_code"):
            managing = regions.get(row["managing_region_code"])
            if managing is None:
                collector.problem(number, "managing_region_code", _("Unknown region code %(code)s.")
                                  % {"code": row["managing_region_code"]})
        elif enterprise is not None:
            managing = enterprise.region
        if managing is not None and not scope.manages_region(managing):
            collector.problem(number, "managing_region_code", _("%(region)s is outside your office's reach.")
                              % {"region": managing.name})
        if collector.row_problems or officer is None or enterprise is None or managing is None:
            collector.finish(None, None)
            continue
        for key, message in assignment_reach_errors(officer=officer, enterprise=enterprise,
                                                    managing_region=managing).items():
            collector.problem(number, "managing_region_code" if key == "managing_region" else "credit_code",
                              message)
        pair = (officer.pk, enterprise.pk)
        current = next((a for a in existing.get(pair, []) if a.start_date == start), None)
        if current is not None and current.end_date is not None and (end is None or end > current.end_date):
            collector.problem(number, "end_date", _("This assignment has already ended."))
        if current is None and officer.status != OfficerStatus.ACTIVE:
            collector.problem(number, "username", _("%(officer)s is not active and cannot be stationed.")
                              % {"officer": officer.name})
        for other in existing.get(pair, []):
            if other is not current and periods_overlap(start, end, other.start_date, other.end_date):
                collector.problem(number, "start_date", overlap_message(officer=officer, enterprise=enterprise))
                break
        for other_row, other_start, other_end in in_file.get(pair, []):
            if other_start == start:
                collector.problem(number, "start_date", _("The same assignment is already on row %(row)d of this "
                                                          "file.") % {"row": other_row})
                break
            if periods_overlap(start, end, other_start, other_end):
                collector.problem(number, "start_date", _("The dates overlap row %(row)d of this file (same "
                                                          "officer and enterprise).") % {"row": other_row})
                break
        in_file.setdefault(pair, []).append((number, start, end))
        clean = {"officer": officer.pk, "enterprise": enterprise.pk, "start_date": start, "end_date": end,
                 "managing_region": managing.pk, "commanding_region": enterprise.region_id}
        fate = None if collector.row_problems else _fate(current, clean)
        collector.finish(clean, fate)
