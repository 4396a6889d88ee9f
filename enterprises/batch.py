"""What a batch-first roster service answers: every bad row with its field and reason, the counts, what it touched.

The roster services (enterprises, backing units, officers, assignments) take many rows and check each one with the
same rules whatever the caller (a form or the API sends one row, the import and the demo thousands); the one-row
services are the batch services with one row, and turn the row's errors back into a ValidationError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regions import scoping

# Rows written per INSERT/UPDATE statement, and keys per IN (...) query (SQLite allows a few thousand parameters).
BATCH_SIZE = 1000
CHUNK = 2000

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
OUTSIDE_REACH = "outside_reach"


def chunked(values: Iterable, size: int | None = None) -> Iterator[list]:
    values = list(values)
    size = size or CHUNK
    for start in range(0, len(values), size):
        yield values[start:start + size]


def outside_reach_message() -> str:
    return str(scoping.OUTSIDE_REACH)


@dataclass
class RowError:
    """One problem of one row: its number (the caller's, e.g. the spreadsheet row), the field and the reason."""

    row: int
    field: str
    message: str
    code: str = ""
    params: dict = field(default_factory=dict)


@dataclass
class BatchResult:
    """The outcome of a batch: per-row errors (nothing is written when there is one), the instance of each row
    (None for a row with errors), the counts, and the regions (with the earliest day) whose figures may change."""

    errors: list[RowError] = field(default_factory=list)
    objects: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {NEW: 0, CHANGED: 0, UNCHANGED: 0})
    region_ids: set[int] = field(default_factory=set)
    since: date | None = None
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def touch(self, region_id: int | None, day: date | None = None) -> None:
        if region_id is not None:
            self.region_ids.add(region_id)
        if day is not None and (self.since is None or day < self.since):
            self.since = day

    def raise_errors(self) -> None:
        """For the one-row services: the row's errors as a ValidationError keyed by field."""
        if self.errors:
            by_field: dict[str, list[str]] = {}
            for error in self.errors:
                by_field.setdefault(error.field, []).append(error.message)
            raise ValidationError(by_field)


class RowErrors:
    """Collects the errors of the row being checked (one message per field: the first rule that fails)."""

    def __init__(self, result: BatchResult):
        self.result = result
        self.number = 0
        self.fields: dict[str, RowError] = {}

    def start(self, number: int) -> None:
        self.number = number
        self.fields = {}

    def add(self, field_name: str, message: str, *, code: str = "", **params) -> None:
        if field_name not in self.fields:
            self.fields[field_name] = RowError(self.number, field_name, str(message), code, params)

    def add_validation_error(self, error: ValidationError, *, rename: dict[str, str] | None = None) -> None:
        for field_name, messages in error.message_dict.items():
            self.add((rename or {}).get(field_name, field_name), messages[0])

    def reach(self, field_name: str, region) -> None:
        """The one reach message; the import names the region instead (the user typed its code)."""
        self.add(field_name, outside_reach_message(), code=OUTSIDE_REACH, region=region.name if region else "")

    def finish(self) -> bool:
        """Keep the row's errors; True when it has none."""
        self.result.errors.extend(self.fields.values())
        return not self.fields


def fate(current, values: dict) -> str:
    """New, changed or unchanged: `values` are attribute values (foreign keys as `<name>_id`)."""
    if current is None:
        return NEW
    return UNCHANGED if all(getattr(current, key) == value for key, value in values.items()) else CHANGED


def written_rows_in_scope(*, scope, queryset, path_lookup: str, pks: list[int]) -> None:
    """After writing, every written row must lie in a region the actor manages (NetBox-style); else roll back."""
    if scope.everything or not pks:
        return
    for chunk in chunked(pks):
        paths = set(queryset.filter(pk__in=chunk).values_list(path_lookup, flat=True))
        if not all(scope.manages_path(path) for path in paths):
            raise ValidationError(_("The import would write rows outside your office's reach; nothing was "
                                    "imported."))
