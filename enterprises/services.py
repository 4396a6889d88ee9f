"""Writes on the roster of enterprises and key projects: batch-first, every row checked by the same rules.

`enterprises_upsert` takes many rows (the roster import, the demo); `enterprise_create` and `enterprise_update`
(the API, the admin, the tests' factories) are the same service with one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Region
from regions.scoping import scope_for

from . import batch
from .batch import BatchResult, RowErrors, chunked
from .models import Enterprise
from .signals import enterprises_moved
from .validators import normalize_credit_code

ENTERPRISE_FIELDS = (
    "kind", "name", "credit_code", "region", "industry", "size_class",
    "is_key", "address", "contact_name", "contact_phone",
)
# The fields a row may leave out: an existing enterprise keeps its value, a new one gets the model's default.
OPTIONAL_FIELDS = ("kind", "industry", "size_class", "is_key", "address", "contact_name", "contact_phone")


@dataclass
class EnterpriseRow:
    """One enterprise to register or change. Without `enterprise`, an existing one is found by its credit code
    (a key project without a code: by region and name)."""

    region: Region | None
    name: str
    credit_code: str | None = None
    values: dict = field(default_factory=dict)  # any of OPTIONAL_FIELDS
    enterprise: Enterprise | None = None
    number: int | None = None  # the caller's row number for errors; default: position + 1


def _existing(rows: list[EnterpriseRow]) -> tuple[dict[str, Enterprise], dict[tuple[int, str], Enterprise]]:
    codes = {row.credit_code for row in rows if row.credit_code}
    by_code: dict[str, Enterprise] = {}
    for chunk in chunked(codes):
        by_code.update({e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=chunk)
                        .select_related("region")})
    names = {(row.region.pk, row.name) for row in rows if not row.credit_code and row.region is not None}
    by_name: dict[tuple[int, str], Enterprise] = {}
    for chunk in chunked(names):
        found = Enterprise.objects.filter(credit_code__isnull=True, region_id__in={r for r, _n in chunk},
                                          name__in={n for _r, n in chunk}).select_related("region")
        by_name.update({(e.region_id, e.name): e for e in found})
    return by_code, by_name


def enterprise_row_check(*, errors: RowErrors, scope, enterprise: Enterprise, current: Enterprise | None,
                         region: Region | None) -> None:
    """The rules of one enterprise that need no query: the offices' reach (before and after), the credit code's
    format and the fields' limits and choices (the model's own validation, without its per-row queries)."""
    if current is not None and not scope.manages_region(current.region):
        if current.credit_code and current.credit_code == enterprise.credit_code:
            errors.add("credit_code", _("This credit code belongs to an enterprise outside your office's reach."))
        else:
            errors.reach("region", current.region)
    if region is None or not scope.manages_region(region):
        errors.reach("region", region)
    try:
        enterprise.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors.add_validation_error(error)


@transaction.atomic
def enterprises_upsert(*, actor, rows: list[EnterpriseRow], dry_run: bool = False,
                       create_only: bool = False) -> BatchResult:
    """Register or change many enterprises in regions the actor's office manages, all or none.

    Every row is checked (`enterprise_row_check`, duplicates in the batch and in the database); with any error, or
    with `dry_run`, nothing is written. New rows are inserted and changed rows updated in batches; unchanged rows
    are not touched. `create_only` refuses rows that match an existing enterprise (the one-row create).
    """
    scope = scope_for(actor)
    for row in rows:
        unknown = set(row.values) - set(OPTIONAL_FIELDS)
        if unknown:
            raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
        row.credit_code = normalize_credit_code(row.credit_code) or None
        row.name = (row.name or "").strip()
    by_code, by_name = _existing(rows)
    result = BatchResult()
    errors = RowErrors(result)
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[int, str], int] = {}
    new, changed = [], []
    moved: dict[int, int] = {}
    for position, row in enumerate(rows):
        number = row.number or position + 1
        errors.start(number)
        current = row.enterprise
        if current is None:
            current = by_code.get(row.credit_code) if row.credit_code else by_name.get(
                (row.region.pk if row.region else None, row.name))
            if current is not None and create_only:
                errors.add("credit_code" if row.credit_code else "name",
                           _("An enterprise with this credit code is already registered.") if row.credit_code
                           else _("A key project of this name is already registered in this region."))
        elif row.credit_code and by_code.get(row.credit_code, current).pk != current.pk:
            errors.add("credit_code", _("An enterprise with this credit code is already registered."))
        if row.credit_code:
            if row.credit_code in seen_codes:
                errors.add("credit_code", _("The same credit code is already on row %(row)d of this file.")
                           % {"row": seen_codes[row.credit_code]})
            else:
                seen_codes[row.credit_code] = number
        elif row.region is not None:
            key = (row.region.pk, row.name)
            if key in seen_names:
                errors.add("name", _("The same key project is already on row %(row)d of this file.")
                           % {"row": seen_names[key]})
            else:
                seen_names[key] = number
        values = {"name": row.name, "credit_code": row.credit_code, "region_id": row.region.pk if row.region else None,
                  **row.values}
        enterprise = Enterprise() if current is None else Enterprise(**{
            f.attname: getattr(current, f.attname) for f in Enterprise._meta.concrete_fields})
        for key, value in values.items():
            setattr(enterprise, key, value)
        if row.region is not None:
            enterprise.region = row.region
        enterprise_row_check(errors=errors, scope=scope, enterprise=enterprise, current=current, region=row.region)
        if not errors.finish():
            result.objects.append(None)
            continue
        outcome = batch.fate(current, values)
        result.counts[outcome] += 1
        if outcome == batch.NEW:
            new.append(enterprise)
        elif outcome == batch.CHANGED:
            enterprise._state.adding = False
            changed.append(enterprise)
            result.touch(current.region_id)
            if current.region_id != enterprise.region_id:
                moved[enterprise.pk] = enterprise.region_id
        if outcome != batch.UNCHANGED:
            result.touch(enterprise.region_id)
        result.objects.append(enterprise if outcome != batch.UNCHANGED else current)
    if result.errors or dry_run:
        return result
    for chunk in chunked(new, batch.BATCH_SIZE):
        Enterprise.objects.bulk_create(chunk)
    for chunk in chunked(changed, batch.BATCH_SIZE):
        Enterprise.objects.bulk_update(chunk, list(ENTERPRISE_FIELDS))
    batch.written_rows_in_scope(scope=scope, queryset=Enterprise.objects, path_lookup="region__path",
                                pks=[e.pk for e in new + changed])
    if moved:
        enterprises_moved.send(sender=Enterprise, moved=moved)
    result.written = True
    return result


def _one(result: BatchResult) -> Enterprise:
    result.raise_errors()
    return result.objects[0]


def enterprise_create(*, actor, region: Region, name: str, credit_code: str | None = None, **fields) -> Enterprise:
    """Register an enterprise or key project in a region the actor's office manages."""
    return _one(enterprises_upsert(actor=actor, create_only=True, rows=[
        EnterpriseRow(region=region, name=name, credit_code=credit_code, values=fields)]))


def enterprise_update(*, actor, enterprise: Enterprise, **changes) -> Enterprise:
    """Change an enterprise's roster fields; moving it needs both regions to be the actor's."""
    unknown = set(changes) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    row = EnterpriseRow(region=changes.pop("region", enterprise.region), name=changes.pop("name", enterprise.name),
                        credit_code=changes.pop("credit_code", enterprise.credit_code), values=changes,
                        enterprise=enterprise)
    updated = _one(enterprises_upsert(actor=actor, rows=[row]))
    for f in Enterprise._meta.concrete_fields:
        setattr(enterprise, f.attname, getattr(updated, f.attname))
    enterprise.region = row.region
    return enterprise
