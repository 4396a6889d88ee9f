"""Writes on officers, assignments and task forces: the roster rules live here."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from enterprises.services import ensure_manages_region
from regions.choices import PostKind
from regions.models import Region
from regions.services import post_grant

from .choices import AssignmentEndReason, OfficerStatus
from .models import Assignment, BackingUnit, Officer, TaskForce


@transaction.atomic
def backing_unit_create(*, actor, region: Region, name: str) -> BackingUnit:
    ensure_manages_region(actor=actor, region=region)
    unit = BackingUnit(region=region, name=name.strip())
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
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
    ensure_manages_region(actor=actor, region=backing_unit.region)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = user_model(username=username, full_name=name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    officer = Officer(user=user, name=name.strip(), phone=phone.strip(), backing_unit=backing_unit, title=title)
    officer.full_clean()
    officer.save()
    post_grant(user=user, kind=PostKind.OFFICER)
    return officer


def _ensure_no_overlap(*, officer: Officer, enterprise: Enterprise, start_date: date, end_date: date | None,
                       exclude_pk=None) -> None:
    overlapping = Assignment.objects.filter(officer=officer, enterprise=enterprise).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if end_date is not None:
        overlapping = overlapping.filter(start_date__lte=end_date)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if overlapping.exists():
        raise ValidationError(
            {"start_date": _("%(officer)s is already stationed in %(enterprise)s during these dates.")
             % {"officer": officer.name, "enterprise": enterprise.name}}
        )


@transaction.atomic
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
    ensure_manages_region(actor=actor, region=managing_region)
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("This enterprise does not exist or is outside your office's reach.")})
    if not managing_region.contains(officer.backing_unit.region):
        raise ValidationError(
            {"managing_region": _("%(officer)s was not dispatched by %(office)s, so that office cannot station them.")
             % {"officer": officer.name, "office": managing_region.name}}
        )
    if not managing_region.contains(enterprise.region):
        raise ValidationError(
            {"enterprise": _("%(enterprise)s lies outside %(office)s, so that office cannot station officers there.")
             % {"enterprise": enterprise.name, "office": managing_region.name}}
        )
    # Lock the officer row so two concurrent assignments of one officer cannot both pass the overlap check.
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    if officer.status != OfficerStatus.ACTIVE:
        raise ValidationError(
            {"officer": _("%(officer)s is not active and cannot be stationed.") % {"officer": officer.name}}
        )
    if task_force is not None and task_force.enterprise_id != enterprise.pk:
        raise ValidationError({"task_force": _("The task force belongs to another enterprise.")})
    _ensure_no_overlap(officer=officer, enterprise=enterprise, start_date=start_date, end_date=end_date)
    assignment = Assignment(
        officer=officer,
        enterprise=enterprise,
        managing_region=managing_region,
        commanding_region=enterprise.region,
        start_date=start_date,
        end_date=end_date,
        task_force=task_force,
        replaces=replaces,
        created_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_end(*, actor, assignment: Assignment, end_date: date, reason: str, note: str = "") -> Assignment:
    """End an assignment on a date, keeping it as history."""
    ensure_manages_region(actor=actor, region=assignment.managing_region)
    if end_date < assignment.start_date:
        raise ValidationError({"end_date": _("An assignment cannot end before it starts.")})
    if assignment.end_date is not None and assignment.end_date < end_date:
        raise ValidationError({"end_date": _("This assignment has already ended.")})
    assignment.end_date = end_date
    assignment.end_reason = reason
    assignment.end_note = note
    assignment.full_clean()
    assignment.save(update_fields=["end_date", "end_reason", "end_note"])
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
