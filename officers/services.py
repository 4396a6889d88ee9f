"""Writes on officers, assignments and task forces: the roster rules live here."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from enterprises.services import ensure_manages_region
from regions.choices import PostKind
from regions.models import Region
from regions.scoping import scope_for
from regions.services import post_grant

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


def periods_overlap(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Two stationing periods (an open end runs forever) share at least one day."""
    return (other_end is None or other_end >= start) and (end is None or other_start <= end)


def overlap_message(*, officer: Officer, enterprise: Enterprise) -> str:
    return _("%(officer)s is already stationed in %(enterprise)s during these dates.") % {
        "officer": officer.name, "enterprise": enterprise.name}


def assignment_reach_errors(*, officer: Officer, enterprise: Enterprise, managing_region: Region) -> dict[str, str]:
    """The stationing rules that need no query (dual management): the managing office dispatched the officer and
    the enterprise lies within its reach. Shared by assignment_create and the roster import's set-based check."""
    if not managing_region.contains(officer.backing_unit.region):
        return {"managing_region": _("%(officer)s was not dispatched by %(office)s, so that office cannot station "
                                     "them.") % {"officer": officer.name, "office": managing_region.name}}
    if not managing_region.contains(enterprise.region):
        return {"enterprise": _("%(enterprise)s lies outside %(office)s, so that office cannot station officers "
                                "there.") % {"enterprise": enterprise.name, "office": managing_region.name}}
    return {}


def officer_users_bulk_create(*, people: list[tuple[str, str]]) -> dict[str, object]:
    """Logins for many new officers at once: (username, full name) pairs, unusable passwords (no hashing per row),
    and each user's officer post. Returns the users by username. The caller checked the usernames are free."""
    from regions.services import posts_bulk_grant

    user_model = get_user_model()
    users = []
    for username, full_name in people:
        user = user_model(username=username, full_name=full_name)
        user.set_unusable_password()
        users.append(user)
    user_model.objects.bulk_create(users, batch_size=1000)
    created = {user.username: user for user in user_model.objects.filter(username__in=[u for u, _n in people])}
    posts_bulk_grant(users=list(created.values()), kind=PostKind.OFFICER)
    return created


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
        raise ValidationError({"start_date": overlap_message(officer=officer, enterprise=enterprise)})


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
    reach_errors = assignment_reach_errors(officer=officer, enterprise=enterprise, managing_region=managing_region)
    if reach_errors:
        raise ValidationError(reach_errors)
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


# Officer care -----------------------------------------------------------------------------------------------------
# Insurance, allowances, rest and the health check after the posting: the offices that manage the officer record
# them; the officer may claim an allowance and record rest taken themselves.


def cares_for(*, actor, officer: Officer) -> bool:
    """Whether the actor's office manages the officer's backing unit or one of their postings (keeps care records)."""
    scope = scope_for(actor)
    if scope.manages_region(officer.backing_unit.region):
        return True
    managing = Region.objects.filter(managed_assignments__officer=officer).distinct()
    return any(scope.manages_region(region) for region in managing)


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
