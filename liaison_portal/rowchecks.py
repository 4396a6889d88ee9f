"""Batch-first checks for set-based writes: every row through the rules its one-row service applies, then one write.

A seeder or a bulk action plans thousands of rows and writes them with bulk_create, executemany or one INSERT ...
SELECT. `rows_check` validates each planned row the way the service's `full_clean()` does (field validators,
choices, the model's clean()) and runs the service's own per-row rule when one is given; relations built from ids
the caller has just read are trusted (re-checking each one costs a query per row). `rows_breaking_validators` is
the set-based counterpart for rows written by SQL: one query for the rows that break a field's bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length

SHOWN_ERRORS = 5


def _relations(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if field.is_relation]


def rows_check(rows: Iterable[models.Model], *, rule: Callable[[models.Model], None] | None = None,
               trust_relations: bool = True) -> int:
    """Validate every row (not the first of a batch); raise one ValidationError naming the first bad rows.

    `rule(row)` is the service's per-row rule (it raises ValidationError). Unique keys and constraints are left to
    the database (the writers skip rows whose natural key is taken). Returns how many rows were checked.
    """
    bad: list[str] = []
    count = 0
    exclude: list[str] | None = None
    for count, row in enumerate(rows, start=1):  # noqa: B007 (count is the result)
        if exclude is None:
            exclude = _relations(type(row)) if trust_relations else []
        try:
            row.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            if rule is not None:
                rule(row)
        except ValidationError as error:
            bad.append(f"{type(row).__name__} #{count} ({row}): {'; '.join(error.messages)}")
            if len(bad) >= SHOWN_ERRORS:
                break
    if bad:
        raise ValidationError(bad)
    return count


def rows_breaking_validators(queryset: models.QuerySet) -> models.QuerySet:
    """The rows of `queryset` that break a field's min/max value or max length: the same validators full_clean
    runs, asked of the database in one query (for rows an INSERT ... SELECT wrote)."""
    conditions = []
    for field in queryset.model._meta.concrete_fields:
        if field.is_relation:
            continue
        for validator in field.validators:
            if isinstance(validator, MaxValueValidator):
                conditions.append(models.Q(**{f"{field.attname}__gt": validator.limit_value}))
            elif isinstance(validator, MinValueValidator):
                conditions.append(models.Q(**{f"{field.attname}__lt": validator.limit_value}))
            elif isinstance(validator, MaxLengthValidator) and isinstance(field, models.CharField | models.TextField):
                alias = f"_length_{field.attname}"
                queryset = queryset.alias(**{alias: Length(field.attname)})
                conditions.append(models.Q(**{f"{alias}__gt": validator.limit_value}))
        if field.choices and not field.blank:
            conditions.append(~models.Q(**{f"{field.attname}__in": [value for value, _ in field.flatchoices]}))
    if not conditions:
        return queryset.none()
    return queryset.filter(reduce(or_, conditions))


def ensure_no_rows_break_validators(queryset: models.QuerySet) -> None:
    bad = list(rows_breaking_validators(queryset).values_list("pk", flat=True)[:SHOWN_ERRORS])
    if bad:
        raise ValidationError(f"{queryset.model.__name__} rows {bad} break their fields' validators")
