"""Writes on officers, assignments and task forces: the roster rules live here.

The roster writes are batch-first: `backing_units_upsert`, `officers_upsert` and `assignments_upsert` take many rows
(the roster import, the demo) and check each with the same rules; `backing_unit_create`, `officer_create`,
`assignment_create` and `assignment_end` (the API, recalls, the tests' factories) are those services with one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises import batch
from enterprises.batch import BatchResult, RowErrors, chunked
from enterprises.models import Enterprise
from regions.choices import PostKind
from regions.models import Region
from regions.scoping import can_manage, ensure_manages_region, scope_for
from regions.services import posts_bulk_grant

from .choices import AssignmentEndReason, OfficerStatus, RestKind
from .models import (
    Allowance,
    Assignment,
    BackingUnit,
    HealthCheck,
    InsurancePolicy,
    Officer,
    RestPeriod,
    TaskForce,
)


def _one(result: BatchResult):
    result.raise_errors()
    return result.objects[0]


def _required() -> str:
    return _("This field is required.")


# Backing units -----------------------------------------------------------------------------------------------------

@dataclass
class BackingUnitRow:
    """One backing unit, found by region and name; with `unit`, that unit renamed or moved to them."""

    region: Region | None
    name: str
    unit: BackingUnit | None = None
    number: int | None = None


@transaction.atomic
def backing_units_upsert(*, actor, rows: list[BackingUnitRow], dry_run: bool = False,
                         create_only: bool = False) -> BatchResult:
    """Register many backing units in regions the actor's office manages; one that exists already is unchanged."""
    scope = scope_for(actor)
    for row in rows:
        row.name = (row.name or "").strip()
    existing: dict[tuple[int, str], BackingUnit] = {}
    for chunk in chunked({(row.region.pk, row.name) for row in rows if row.region is not None}):
        existing.update({(u.region_id, u.name): u for u in BackingUnit.objects.filter(
            region_id__in={r for r, _n in chunk}, name__in={n for _r, n in chunk}).select_related("region")})
    result = BatchResult()
    errors = RowErrors(result)
    seen: dict[tuple[int, str], int] = {}
    new, changed = [], []
    for position, row in enumerate(rows):
        number = row.number or position + 1
        errors.start(number)
        if row.unit is not None and not scope.manages_region(row.unit.region):
            errors.reach("region", row.unit.region)
        if row.region is None or not scope.manages_region(row.region):
            errors.reach("region", row.region)
        key = (row.region.pk if row.region else None, row.name)
        current = existing.get(key)
        if current is not None and (create_only or (row.unit is not None and current.pk != row.unit.pk)):
            errors.add("name", _("%(region)s already has a backing unit named %(name)s.")
                       % {"region": row.region.name, "name": row.name})
        if key in seen:
            errors.add("name", _("The same backing unit is already on row %(row)d of this file.") % {"row": seen[key]})
        seen.setdefault(key, number)
        current = row.unit or current
        unit = BackingUnit(pk=current.pk if current else None, region=row.region, name=row.name)
        try:
            unit.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.add_validation_error(error)
        if not errors.finish():
            result.objects.append(None)
            continue
        outcome = batch.fate(current, {"region_id": unit.region_id, "name": unit.name})
        result.counts[outcome] += 1
        if outcome == batch.NEW:
            new.append(unit)
        elif outcome == batch.CHANGED:
            unit._state.adding = False
            changed.append(unit)
        result.objects.append(unit if outcome != batch.UNCHANGED else current)
    if result.errors or dry_run:
        return result
    for chunk in chunked(new, batch.BATCH_SIZE):
        BackingUnit.objects.bulk_create(chunk)
    for chunk in chunked(changed, batch.BATCH_SIZE):
        BackingUnit.objects.bulk_update(chunk, ["region", "name"])
    batch.written_rows_in_scope(scope=scope, queryset=BackingUnit.objects, path_lookup="region__path",
                                pks=[u.pk for u in new + changed])
    result.written = True
    return result


def backing_unit_create(*, actor, region: Region, name: str) -> BackingUnit:
    return _one(backing_units_upsert(actor=actor, rows=[BackingUnitRow(region=region, name=name)], create_only=True))


# Officers ----------------------------------------------------------------------------------------------------------

@dataclass
class OfficerRow:
    """One officer (and their login) to put on the roster or change, found by username. The backing unit is given
    as an instance, or by its region and name (the import)."""

    username: str
    name: str
    phone: str
    backing_unit: BackingUnit | None = None
    unit_region: Region | None = None
    unit_name: str = ""
    title: str | None = None  # None: an existing officer keeps theirs, a new one has none
    status: str | None = None  # None: an existing officer keeps theirs, a new one is active
    number: int | None = None


def _officer_lookups(rows: list[OfficerRow]):
    user_model = get_user_model()
    users = {}
    for chunk in chunked({row.username for row in rows if row.username}):
        users.update({user.username: user for user in user_model.objects.filter(username__in=chunk)})
    officers = {}
    for chunk in chunked([user.pk for user in users.values()]):
        officers.update({officer.user_id: officer for officer in Officer.objects.filter(user_id__in=chunk)
                         .select_related("backing_unit__region")})
    units = {}
    wanted = {(row.unit_region.pk, row.unit_name) for row in rows if row.backing_unit is None and row.unit_region}
    for chunk in chunked(wanted):
        units.update({(u.region_id, u.name): u for u in BackingUnit.objects.filter(
            region_id__in={r for r, _n in chunk}, name__in={n for _r, n in chunk}).select_related("region")})
    return users, officers, units


def officer_row_check(*, errors: RowErrors, scope, row: OfficerRow, user, current: Officer | None,
                      unit: BackingUnit | None, create_only: bool) -> None:
    """The rules of one officer that need no query: the username (format, taken), the office's reach over the
    officer and over the backing unit, the unit existing, and the model's own field validation."""
    username_field = get_user_model()._meta.get_field("username")
    try:
        username_field.clean(row.username, None)
    except ValidationError as error:
        errors.add("username", error.messages[0])
    if user is not None and (current is None or create_only):
        errors.add("username", _("This username is already taken."))
    if current is not None and not scope.manages_region(current.backing_unit.region):
        errors.add("username", _("This officer is managed outside your office's reach."))
    if row.backing_unit is not None:
        if not scope.manages_region(row.backing_unit.region):
            errors.reach("backing_unit", row.backing_unit.region)
    elif row.unit_region is None or not scope.manages_region(row.unit_region):
        errors.reach("backing_unit_region", row.unit_region)
    elif unit is None:
        errors.add("backing_unit", _("%(region)s has no backing unit named %(name)s.")
                   % {"region": row.unit_region.name, "name": row.unit_name})


@transaction.atomic
def officers_upsert(*, actor, rows: list[OfficerRow], dry_run: bool = False, create_only: bool = False,
                    password_hash: str | None = None) -> BatchResult:
    """Put many officers on the roster (each with a login and the officer post) or change them, all or none.

    New logins get `password_hash` (already hashed: the demo's one password) or an unusable password; nothing is
    hashed per row. Duplicates in the batch (username, phone) and in the database are errors of their row.
    """
    scope = scope_for(actor)
    for row in rows:
        row.username, row.name, row.phone = (row.username or "").strip(), (row.name or "").strip(), \
            (row.phone or "").strip()
        row.unit_name = (row.unit_name or "").strip()
    users, officers, units = _officer_lookups(rows)
    result = BatchResult()
    errors = RowErrors(result)
    seen: dict[str, int] = {}
    phones: dict[str, int] = {}
    new, changed = [], []
    for position, row in enumerate(rows):
        number = row.number or position + 1
        errors.start(number)
        if row.username in seen:
            errors.add("username", _("The same username is already on row %(row)d of this file.")
                       % {"row": seen[row.username]})
        seen.setdefault(row.username, number)
        if row.phone in phones:
            errors.add("phone", _("The same phone number is already on row %(row)d of this file.")
                       % {"row": phones[row.phone]})
        phones.setdefault(row.phone, number)
        user = users.get(row.username)
        current = officers.get(user.pk) if user is not None else None
        unit = row.backing_unit or (units.get((row.unit_region.pk, row.unit_name)) if row.unit_region else None)
        officer_row_check(errors=errors, scope=scope, row=row, user=user, current=current, unit=unit,
                          create_only=create_only)
        values = {"name": row.name, "phone": row.phone, "backing_unit_id": unit.pk if unit else None}
        if row.title is not None or current is None:
            values["title"] = (row.title or "").strip()
        if row.status is not None:
            values["status"] = row.status
        officer = Officer() if current is None else Officer(**{
            f.attname: getattr(current, f.attname) for f in Officer._meta.concrete_fields})
        for key, value in values.items():
            setattr(officer, key, value)
        try:
            officer.full_clean(exclude=["user", "backing_unit"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.add_validation_error(error)
        if not errors.finish():
            result.objects.append(None)
            continue
        outcome = batch.fate(current, values)
        result.counts[outcome] += 1
        officer.backing_unit = unit
        if outcome == batch.NEW:
            new.append((row, officer))
        elif outcome == batch.CHANGED:
            officer._state.adding = False
            officer.user = user
            changed.append(officer)
        if outcome != batch.UNCHANGED:
            result.touch(unit.region_id)
        result.objects.append(officer if outcome != batch.UNCHANGED else current)
    if result.errors or dry_run:
        return result
    _officer_users_create(new, password_hash=password_hash)
    for chunk in chunked([officer for _row, officer in new], batch.BATCH_SIZE):
        Officer.objects.bulk_create(chunk)
    for chunk in chunked(changed, batch.BATCH_SIZE):
        Officer.objects.bulk_update(chunk, ["name", "phone", "backing_unit", "title", "status"])
    batch.written_rows_in_scope(scope=scope, queryset=Officer.objects, path_lookup="backing_unit__region__path",
                                pks=[o.pk for _r, o in new] + [o.pk for o in changed])
    result.written = True
    return result


def _officer_users_create(new: list[tuple[OfficerRow, Officer]], *, password_hash: str | None) -> None:
    """The logins of new officers in a few statements, with the officer post each."""
    user_model = get_user_model()
    users = [user_model(username=row.username, full_name=row.name, phone=row.phone,
                        password=password_hash or make_password(None)) for row, _officer in new]
    for chunk in chunked(users, batch.BATCH_SIZE):
        user_model.objects.bulk_create(chunk)
    if users and users[0].pk is None:  # a backend that does not return ids from a bulk insert
        ids = {}
        for chunk in chunked([user.username for user in users]):
            ids.update(user_model.objects.filter(username__in=chunk).values_list("username", "id"))
        for user in users:
            user.pk = ids[user.username]
    for user, (_row, officer) in zip(users, new, strict=True):
        officer.user = user
    posts_bulk_grant(users=users, kind=PostKind.OFFICER)


def officer_create(
    *,
    actor,
    username: str,
    name: str,
    phone: str,
    backing_unit: BackingUnit,
    title: str = "",
    password: str | None = None,
) -> Officer:
    """Put a civil servant on the roster with a login and an officer post."""
    with transaction.atomic():
        officer = _one(officers_upsert(actor=actor, create_only=True, rows=[
            OfficerRow(username=username, name=name, phone=phone, backing_unit=backing_unit, title=title)]))
        if password:
            officer.user.set_password(password)
            officer.user.save(update_fields=["password"])
    return officer


# Assignments -------------------------------------------------------------------------------------------------------

def periods_overlap(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Two stationing periods (an open end runs forever) share at least one day."""
    return (other_end is None or other_end >= start) and (end is None or other_start <= end)


def overlap_message(*, officer: Officer, enterprise: Enterprise) -> str:
    return _("%(officer)s is already stationed in %(enterprise)s during these dates.") % {
        "officer": officer.name, "enterprise": enterprise.name}


def assignment_reach_errors(*, officer: Officer, enterprise: Enterprise, managing_region: Region) -> dict[str, str]:
    """The stationing rules of dual management: the managing office dispatched the officer and the enterprise lies
    within its reach."""
    if not managing_region.contains(officer.backing_unit.region):
        return {"managing_region": _("%(officer)s was not dispatched by %(office)s, so that office cannot station "
                                     "them.") % {"officer": officer.name, "office": managing_region.name}}
    if not managing_region.contains(enterprise.region):
        return {"enterprise": _("%(enterprise)s lies outside %(office)s, so that office cannot station officers "
                                "there.") % {"enterprise": enterprise.name, "office": managing_region.name}}
    return {}


def assignment_end_errors(*, current: Assignment, end_date: date | None) -> dict[str, str]:
    """Ending (or re-dating the end of) an assignment: never before it starts, never later than it already ended."""
    if end_date is not None and end_date < current.start_date:
        return {"end_date": _("An assignment cannot end before it starts.")}
    if current.end_date is not None and (end_date is None or end_date > current.end_date):
        return {"end_date": _("This assignment has already ended.")}
    return {}


@dataclass
class AssignmentRow:
    """One stationing. Without `assignment`, an existing one is found by officer, enterprise and start date; a row
    that matches one may end it (its end date), otherwise it is a new assignment."""

    officer: Officer | None
    enterprise: Enterprise | None
    start_date: date | None
    end_date: date | None = None
    managing_region: Region | None = None  # default: the enterprise's region (its county's office)
    task_force: TaskForce | None = None
    replaces: Assignment | None = None
    end_reason: str = ""
    end_note: str = ""
    assignment: Assignment | None = None
    number: int | None = None


def _assignment_lookups(*, actor, scope, rows: list[AssignmentRow], lock: bool):
    """Fresh officers (locked while writing, so two batches cannot both pass the overlap check), enterprises, the
    ones the actor sees, and the existing assignments of each (officer, enterprise)."""
    officer_ids = {row.officer.pk for row in rows if row.officer is not None}
    officers = {}
    for chunk in chunked(officer_ids):
        queryset = Officer.objects.filter(pk__in=chunk).select_related("backing_unit__region")
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        officers.update({officer.pk: officer for officer in queryset})
    enterprise_ids = {row.enterprise.pk for row in rows if row.enterprise is not None}
    enterprises, visible = {}, set()
    for chunk in chunked(enterprise_ids):
        enterprises.update({e.pk: e for e in Enterprise.objects.filter(pk__in=chunk).select_related("region")})
        if not scope.everything:
            visible.update(Enterprise.objects.visible_to(actor).filter(pk__in=chunk).values_list("pk", flat=True))
    if scope.everything:
        visible = set(enterprises)
    existing: dict[tuple[int, int], list[Assignment]] = {}
    for chunk in chunked(officers):
        for assignment in Assignment.objects.filter(officer_id__in=chunk):
            existing.setdefault((assignment.officer_id, assignment.enterprise_id), []).append(assignment)
    return officers, enterprises, visible, existing


ASSIGNMENT_FOREIGN_KEYS = ["officer", "enterprise", "managing_region", "commanding_region", "task_force", "replaces",
                           "created_by"]


@transaction.atomic
def assignments_upsert(*, actor, rows: list[AssignmentRow], dry_run: bool = False,
                       create_only: bool = False) -> BatchResult:
    """Station officers in enterprises (or end stationings) for managing offices the actor manages, all or none.

    Each row is checked against dual management's reach, the officer's status, the task force, its dates, and
    overlaps with the officer's other stationings in the same enterprise, in the database and in the batch.
    `create_only` (the one-row create) never matches an existing assignment: one with the same start overlaps.
    """
    scope = scope_for(actor)
    officers, enterprises, visible, existing = _assignment_lookups(actor=actor, scope=scope, rows=rows,
                                                                   lock=not dry_run)
    result = BatchResult()
    errors = RowErrors(result)
    in_batch: dict[tuple[int, int], list[tuple[int, date, date | None]]] = {}
    new, changed = [], []
    for position, row in enumerate(rows):
        number = row.number or position + 1
        errors.start(number)
        officer = officers.get(row.officer.pk) if row.officer is not None else None
        enterprise = enterprises.get(row.enterprise.pk) if row.enterprise is not None else None
        for key, value in (("officer", officer), ("enterprise", enterprise), ("start_date", row.start_date)):
            if value is None:
                errors.add(key, _required())
        if officer is None or enterprise is None or row.start_date is None:
            errors.finish()
            result.objects.append(None)
            continue
        pair = (officer.pk, enterprise.pk)
        current = None
        if row.assignment is not None:
            current = next((a for a in existing.get(pair, []) if a.pk == row.assignment.pk), None)
        elif not create_only:
            current = next((a for a in existing.get(pair, []) if a.start_date == row.start_date), None)
        managing = row.managing_region
        if managing is None:
            managing = current.managing_region if current is not None else enterprise.region
        if not scope.manages_region(managing):
            errors.reach("managing_region", managing)
        # Stationing rules apply to a new stationing or a new managing office; ending one only needs its office
        # (the officer may have moved to another backing unit since).
        if current is None or managing.pk != current.managing_region_id:
            if enterprise.pk not in visible:
                errors.add("enterprise", _("This enterprise does not exist or is outside your office's reach."))
            for key, message in assignment_reach_errors(officer=officer, enterprise=enterprise,
                                                        managing_region=managing).items():
                errors.add(key, message)
        if current is None:
            if officer.status != OfficerStatus.ACTIVE:
                errors.add("officer", _("%(officer)s is not active and cannot be stationed.")
                           % {"officer": officer.name})
            if row.task_force is not None and row.task_force.enterprise_id != enterprise.pk:
                errors.add("task_force", _("The task force belongs to another enterprise."))
            if row.end_date is not None and row.end_date < row.start_date:
                errors.add("end_date", _("An assignment cannot end before it starts."))
        else:
            for key, message in assignment_end_errors(current=current, end_date=row.end_date).items():
                errors.add(key, message)
        start, end = current.start_date if current else row.start_date, row.end_date
        for other in existing.get(pair, []):
            if (current is None or other.pk != current.pk) and periods_overlap(start, end, other.start_date,
                                                                              other.end_date):
                errors.add("start_date", overlap_message(officer=officer, enterprise=enterprise))
                break
        for other_row, other_start, other_end in in_batch.get(pair, []):
            if other_start == start:
                errors.add("start_date", _("The same assignment is already on row %(row)d of this file.")
                           % {"row": other_row})
                break
            if periods_overlap(start, end, other_start, other_end):
                errors.add("start_date", _("The dates overlap row %(row)d of this file (same officer and "
                                           "enterprise).") % {"row": other_row})
                break
        in_batch.setdefault(pair, []).append((number, start, end))
        values = {"end_date": end, "managing_region_id": managing.pk, "commanding_region_id": enterprise.region_id}
        if row.end_reason or row.assignment is not None:
            values.update(end_reason=row.end_reason, end_note=row.end_note)
        if current is None:
            assignment = Assignment(officer=officer, enterprise=enterprise, start_date=start,
                                    task_force=row.task_force, replaces=row.replaces, created_by=actor)
        else:
            assignment = Assignment(**{f.attname: getattr(current, f.attname)
                                       for f in Assignment._meta.concrete_fields})
            assignment.officer, assignment.enterprise = officer, enterprise
            assignment._state.adding = False
        for key, value in values.items():
            setattr(assignment, key, value)
        assignment.managing_region, assignment.commanding_region = managing, enterprise.region
        try:
            assignment.full_clean(exclude=ASSIGNMENT_FOREIGN_KEYS, validate_unique=False,
                                  validate_constraints=False)
        except ValidationError as error:
            errors.add_validation_error(error)
        if not errors.finish():
            result.objects.append(None)
            continue
        outcome = batch.fate(current, values)
        result.counts[outcome] += 1
        if outcome == batch.NEW:
            new.append(assignment)
            result.touch(managing.pk, start)
            result.touch(enterprise.region_id, start)
        elif outcome == batch.CHANGED:
            changed.append(assignment)
            for region_id in (current.managing_region_id, current.commanding_region_id, managing.pk,
                              enterprise.region_id):
                result.touch(region_id, min(d for d in (current.end_date, end, start) if d is not None))
        result.objects.append(assignment if outcome != batch.UNCHANGED else current)
    if result.errors or dry_run:
        return result
    for chunk in chunked(new, batch.BATCH_SIZE):
        Assignment.objects.bulk_create(chunk)
    for chunk in chunked(changed, batch.BATCH_SIZE):
        Assignment.objects.bulk_update(chunk, ["end_date", "end_reason", "end_note", "managing_region",
                                               "commanding_region"])
    batch.written_rows_in_scope(scope=scope, queryset=Assignment.objects, path_lookup="managing_region__path",
                                pks=[a.pk for a in new + changed])
    result.written = True
    return result


def assignment_create(
    *,
    actor,
    officer: Officer,
    enterprise: Enterprise,
    managing_region: Region,
    start_date: date,
    end_date: date | None = None,
    task_force: TaskForce | None = None,
    replaces: Assignment | None = None,
) -> Assignment:
    """Station an officer in an enterprise for the managing office that dispatches them.

    The enterprise must lie within the managing office's region (its reach), and the actor must manage that office.
    """
    if managing_region is None:
        raise ValidationError({"managing_region": _required()})
    return _one(assignments_upsert(actor=actor, create_only=True, rows=[AssignmentRow(
        officer=officer, enterprise=enterprise, managing_region=managing_region, start_date=start_date,
        end_date=end_date, task_force=task_force, replaces=replaces)]))


def assignment_end(*, actor, assignment: Assignment, end_date: date, reason: str, note: str = "") -> Assignment:
    """End an assignment on a date, keeping it as history."""
    ended = _one(assignments_upsert(actor=actor, rows=[AssignmentRow(
        officer=assignment.officer, enterprise=assignment.enterprise, start_date=assignment.start_date,
        end_date=end_date, managing_region=assignment.managing_region, end_reason=reason, end_note=note,
        assignment=assignment)]))
    assignment.end_date, assignment.end_reason, assignment.end_note = ended.end_date, ended.end_reason, ended.end_note
    return assignment


@transaction.atomic
def officer_recall(
    *, actor, officer: Officer, reason: str, replacements: dict[int, Officer] | None = None, on_date: date | None = None
) -> list[Assignment]:
    """Recall an officer: end every active assignment and station a replacement where one is named.

    `replacements` maps an enterprise id to the officer who takes over there. Nothing is deleted; the replacement
    assignment points at the one it replaces. Returns the replacement assignments.
    """
    on_date = on_date or timezone.localdate()
    replacements = replacements or {}
    active = list(Assignment.objects.active_on(on_date).filter(officer=officer).select_related("enterprise__region",
                                                                                                "managing_region"))
    created = []
    for assignment in active:
        assignment_end(actor=actor, assignment=assignment, end_date=on_date, reason=AssignmentEndReason.RECALLED,
                       note=reason)
        successor = replacements.get(assignment.enterprise_id)
        if successor is not None:
            created.append(
                assignment_create(
                    actor=actor,
                    officer=successor,
                    enterprise=assignment.enterprise,
                    managing_region=assignment.managing_region,
                    start_date=on_date,
                    task_force=assignment.task_force,
                    replaces=assignment,
                )
            )
    officer.status = OfficerStatus.RECALLED
    officer.save(update_fields=["status"])
    return created


@transaction.atomic
def task_force_create(*, actor, enterprise: Enterprise, region: Region, name: str, leader: Officer | None = None
                      ) -> TaskForce:
    ensure_manages_region(actor=actor, region=region)
    if not region.contains(enterprise.region):
        raise ValidationError({"enterprise": _("The enterprise lies outside the task force's office.")})
    task_force = TaskForce(enterprise=enterprise, region=region, name=name.strip(), leader=leader)
    task_force.full_clean()
    task_force.save()
    return task_force


# Officer care -----------------------------------------------------------------------------------------------------
# Insurance, allowances, rest and the health check after the posting: the offices that manage the officer record
# them; the officer may claim an allowance and record rest taken themselves.


def cares_for(*, actor, officer: Officer) -> bool:
    """Whether the actor's office manages the officer's backing unit or one of their postings (keeps care records)."""
    return actor is not None and can_manage(actor, officer)


def _ensure_cares_for(*, actor, officer: Officer) -> None:
    if not cares_for(actor=actor, officer=officer):
        raise ValidationError({"officer": _("This officer does not exist or is outside your office's reach.")})


def _ensure_self_or_cares_for(*, actor, officer: Officer) -> None:
    if actor is not None and officer.user_id == actor.pk:
        return
    _ensure_cares_for(actor=actor, officer=officer)


@transaction.atomic
def officer_insurance_record(
    *, actor, officer: Officer, insurer: str, policy_number: str, start_date: date, end_date: date
) -> InsurancePolicy:
    """Record the insurance policy that covers an officer while stationed."""
    _ensure_cares_for(actor=actor, officer=officer)
    insurer, policy_number = insurer.strip(), policy_number.strip()
    if end_date < start_date:
        raise ValidationError({"end_date": _("A policy cannot end before it starts.")})
    if InsurancePolicy.objects.filter(insurer=insurer, policy_number=policy_number).exists():
        raise ValidationError({"policy_number": _("Policy %(number)s of %(insurer)s is already recorded.")
                               % {"number": policy_number, "insurer": insurer}})
    policy = InsurancePolicy(officer=officer, insurer=insurer, policy_number=policy_number, start_date=start_date,
                             end_date=end_date, recorded_by=actor)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def allowance_claim(*, actor, officer: Officer, kind: str, month: date, amount_claimed: Decimal) -> Allowance:
    """Claim a month's meal or transport allowance for an officer (the officer or their office)."""
    _ensure_self_or_cares_for(actor=actor, officer=officer)
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError({"month": _("An allowance cannot be claimed for a month that has not begun.")})
    if amount_claimed is None or amount_claimed <= 0:
        raise ValidationError({"amount_claimed": _("The amount claimed must be more than zero.")})
    allowance = Allowance(officer=officer, kind=kind, month=month, amount_claimed=amount_claimed, claimed_by=actor)
    if Allowance.objects.filter(officer=officer, kind=kind, month=month).exists():
        raise ValidationError({"month": _("%(officer)s has already claimed the %(kind)s for %(month)s.")
                               % {"officer": officer.name, "kind": allowance.get_kind_display(),
                                  "month": f"{month:%Y-%m}"}})
    allowance.full_clean()
    allowance.save()
    return allowance


@transaction.atomic
def allowance_pay(*, actor, allowance: Allowance, amount_paid: Decimal, paid_on: date | None = None) -> Allowance:
    """Record the payment of a claimed allowance; at most the amount claimed, once."""
    paid_on = paid_on or timezone.localdate()
    # Lock the claim so two clerks cannot pay it twice.
    allowance = Allowance.objects.select_for_update().select_related("officer__backing_unit__region").get(
        pk=allowance.pk)
    _ensure_cares_for(actor=actor, officer=allowance.officer)
    if allowance.paid_on is not None:
        raise ValidationError({"amount_paid": _("This allowance was already paid on %(date)s.")
                               % {"date": f"{allowance.paid_on:%Y-%m-%d}"}})
    if amount_paid is None or amount_paid < 0:
        raise ValidationError({"amount_paid": _("The amount paid cannot be negative.")})
    if amount_paid > allowance.amount_claimed:
        raise ValidationError({"amount_paid": _("The amount paid (%(paid)s) is more than the %(claimed)s claimed.")
                               % {"paid": amount_paid, "claimed": allowance.amount_claimed}})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})
    if paid_on < allowance.month:
        raise ValidationError({"paid_on": _("A payment cannot be dated before the month it pays for.")})
    allowance.amount_paid = amount_paid
    allowance.paid_on = paid_on
    allowance.paid_by = actor
    allowance.full_clean()
    allowance.save(update_fields=["amount_paid", "paid_on", "paid_by"])
    return allowance


@transaction.atomic
def rest_period_record(
    *, actor, officer: Officer, start_date: date, end_date: date, kind: str = RestKind.REST, note: str = ""
) -> RestPeriod:
    """Record days an officer was off duty (rest or rotation); periods of one officer never overlap."""
    _ensure_self_or_cares_for(actor=actor, officer=officer)
    if end_date < start_date:
        raise ValidationError({"end_date": _("A rest period cannot end before it starts.")})
    # Lock the officer row so two concurrent records cannot both pass the overlap check.
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    clash = RestPeriod.objects.filter(officer=officer, start_date__lte=end_date, end_date__gte=start_date).first()
    if clash is not None:
        raise ValidationError({"start_date": _(
            "%(officer)s already has a rest period from %(start)s to %(end)s, which overlaps these dates."
        ) % {"officer": officer.name, "start": f"{clash.start_date:%Y-%m-%d}", "end": f"{clash.end_date:%Y-%m-%d}"}})
    rest = RestPeriod(officer=officer, kind=kind, start_date=start_date, end_date=end_date, note=note.strip(),
                      recorded_by=actor)
    rest.full_clean()
    rest.save()
    return rest


def posting_end(*, officer: Officer, day: date | None = None) -> date | None:
    """The day the officer's posting ended (the end of their last assignment), or None while still stationed."""
    day = day or timezone.localdate()
    assignments = Assignment.objects.filter(officer=officer)
    if assignments.filter(Q(end_date__isnull=True) | Q(end_date__gt=day)).exists():
        return None
    return assignments.aggregate(last=Max("end_date"))["last"]


@transaction.atomic
def health_check_record(*, actor, officer: Officer, done_on: date, result: str) -> HealthCheck:
    """Record the health check after an officer's posting ended; it clears the flag on the officer."""
    _ensure_cares_for(actor=actor, officer=officer)
    today = timezone.localdate()
    if not Assignment.objects.filter(officer=officer).exists():
        raise ValidationError({"officer": _("%(officer)s has never been stationed, so no health check is due.")
                               % {"officer": officer.name}})
    ended = posting_end(officer=officer, day=today)
    if ended is None:
        raise ValidationError({"done_on": _(
            "%(officer)s is still stationed: the health check is due when the posting ends."
        ) % {"officer": officer.name}})
    if done_on > today:
        raise ValidationError({"done_on": _("A health check cannot be dated in the future.")})
    if done_on < ended:
        raise ValidationError({"done_on": _(
            "The posting ended on %(date)s: a health check done before that day does not count."
        ) % {"date": f"{ended:%Y-%m-%d}"}})
    if not result.strip():
        raise ValidationError({"result": _("Write down the result of the health check.")})
    if HealthCheck.objects.filter(officer=officer, due_on=ended).exists():
        raise ValidationError({"done_on": _("The health check after this posting is already recorded.")})
    check = HealthCheck(officer=officer, due_on=ended, done_on=done_on, result=result.strip(), recorded_by=actor)
    check.full_clean()
    check.save()
    return check
