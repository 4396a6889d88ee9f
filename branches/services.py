"""Writes on joint Party branches: create a branch, cover enterprises, add and retire members, keep the resource and
demand lists, log visits, and put a demand or a visit's issue in the problem ledger (through problems.services).

Offices that manage the branch's organising region (or above) run the branch; members log their own visits.
Refusals are ValidationErrors with translatable messages; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from officers.models import Assignment, Officer
from problems.models import Problem
from problems.services import problem_raise
from regions.models import Department, Region
from regions.scoping import can_manage, ensure_can_manage, ensure_manages_region

from .choices import DemandStatus, MemberRole
from .models import Branch, BranchDemand, BranchEnterprise, BranchMember, BranchResource, BranchVisit


def _ensure_manager(actor, branch: Branch) -> None:
    """The liaison office of the branch's organising region, one above it, or an administrator."""
    ensure_can_manage(actor, branch, _("Only the liaison office that organises this branch (%(office)s) may do "
                                       "this.") % {"office": branch.region.name})


def _active_membership(user, branch: Branch, day: date) -> BranchMember | None:
    if user is None or not user.is_authenticated:
        return None
    return next((m for m in branch.members.filter(user=user) if m.is_member_on(day)), None)


def _ensure_enterprise_in_region(region: Region, enterprise: Enterprise) -> None:
    if not region.contains(enterprise.region):
        raise ValidationError({"enterprises": _("%(enterprise)s lies outside %(office)s.")
                               % {"enterprise": enterprise.name, "office": region.name}})


# Branches -------------------------------------------------------------------------------------------------------


@transaction.atomic
def branch_create(*, actor, name: str, region: Region, department: Department,
                  enterprises: Iterable[Enterprise] = ()) -> Branch:
    """A branch organised by `region`'s liaison office, pairing `department` with the enterprises' Party groups."""
    ensure_manages_region(actor=actor, region=region,
                          message=_("You may only create branches for a region your office manages."))
    if department is None or not (region.contains(department.region) or department.region.contains(region)):
        raise ValidationError({"department": _("Choose a department of %(office)s or of a region above or below it.")
                               % {"office": region.name}})
    name = (name or "").strip()
    if Branch.objects.filter(region=region, name=name).exists():
        raise ValidationError({"name": _("%(office)s already has a branch named “%(name)s”.")
                               % {"office": region.name, "name": name}})
    branch = Branch(name=name, region=region, department=department)
    branch.full_clean()
    branch.save()
    for enterprise in enterprises:
        _cover(branch, enterprise)
    return branch


def _cover(branch: Branch, enterprise: Enterprise) -> BranchEnterprise:
    _ensure_enterprise_in_region(branch.region, enterprise)
    if BranchEnterprise.objects.filter(branch=branch, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("This branch already covers %(enterprise)s.")
                               % {"enterprise": enterprise.name}})
    return BranchEnterprise.objects.create(branch=branch, enterprise=enterprise)


@transaction.atomic
def branch_add_enterprise(*, actor, branch: Branch, enterprise: Enterprise) -> BranchEnterprise:
    """Cover one more enterprise (of the organising region's subtree) with this branch."""
    _ensure_manager(actor, branch)
    return _cover(branch, enterprise)


# Members --------------------------------------------------------------------------------------------------------


@transaction.atomic
def member_add(*, actor, branch: Branch, role: str, name: str = "", phone: str = "", user=None,
               officer: Officer | None = None, joined_on: date | None = None) -> BranchMember:
    """Add a person to the branch. A liaison officer comes with their roster record and login; a person may be
    added only once (by login, by officer, or by name and phone), and a branch has one sitting secretary."""
    _ensure_manager(actor, branch)
    if officer is not None:
        name = name or officer.name
        phone = phone or officer.phone
        user = user or officer.user
    name, phone = (name or "").strip(), (phone or "").strip()
    joined_on = joined_on or timezone.localdate()
    existing = branch.members.all()
    if (user is not None and existing.filter(user=user).exists()) or \
            (officer is not None and existing.filter(officer=officer).exists()) or \
            existing.filter(name=name, phone=phone).exists():
        raise ValidationError({"name": _("%(name)s is already a member of this branch.") % {"name": name}})
    if role == MemberRole.SECRETARY and existing.filter(role=MemberRole.SECRETARY, left_on__isnull=True).exists():
        raise ValidationError({"role": _("This branch already has a secretary; retire the present one first.")})
    member = BranchMember(branch=branch, role=role, name=name, phone=phone, user=user, officer=officer,
                          joined_on=joined_on)
    member.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as clash:
        # Two offices added the same person at once: the constraint answers as the check above does.
        raise ValidationError({"name": _("%(name)s is already a member of this branch.") % {"name": name}}) from clash
    return member


@transaction.atomic
def member_leave(*, actor, member: BranchMember, left_on: date | None = None) -> BranchMember:
    """Retire a member from `left_on` (today); their visits stay, their quota stops after that day."""
    _ensure_manager(actor, member.branch)
    left_on = left_on or timezone.localdate()
    if member.left_on is not None:
        raise ValidationError({"left_on": _("%(name)s has already left this branch.") % {"name": member.name}})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member


# Resource and demand lists ----------------------------------------------------------------------------------------


def _ensure_manager_or_member(actor, branch: Branch) -> None:
    if can_manage(actor, branch) or _active_membership(actor, branch, timezone.localdate()) is not None:
        return
    raise ValidationError(_("Only the branch's members or the liaison office that organises it may do this."))


def _ensure_covered(branch: Branch, enterprise: Enterprise) -> None:
    if not BranchEnterprise.objects.filter(branch=branch, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("%(enterprise)s is not one of this branch's enterprises.")
                               % {"enterprise": enterprise.name}})


@transaction.atomic
def resource_add(*, actor, branch: Branch, title: str, description: str = "", provider: str = "",
                 contact: str = "") -> BranchResource:
    """Add an item to the department resource list (部门资源清单)."""
    _ensure_manager_or_member(actor, branch)
    resource = BranchResource(branch=branch, title=(title or "").strip(), description=(description or "").strip(),
                              provider=(provider or "").strip(), contact=(contact or "").strip(), created_by=actor)
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def demand_add(*, actor, branch: Branch, enterprise: Enterprise, title: str, description: str = "") -> BranchDemand:
    """Add an item to the enterprise demand list (企业需求清单) for one of the branch's enterprises."""
    _ensure_manager_or_member(actor, branch)
    _ensure_covered(branch, enterprise)
    demand = BranchDemand(branch=branch, enterprise=enterprise, title=(title or "").strip(),
                          description=(description or "").strip(), created_by=actor)
    demand.full_clean()
    demand.save()
    return demand


def _lock_demand(demand: BranchDemand) -> BranchDemand:
    return BranchDemand.objects.select_for_update().select_related("branch__region", "enterprise__region") \
        .get(pk=demand.pk)


def _ensure_open(demand: BranchDemand) -> None:
    if demand.status != DemandStatus.OPEN:
        raise ValidationError(_("This demand is already “%(status)s”.") % {"status": demand.get_status_display()})


@transaction.atomic
def demand_match(*, actor, demand: BranchDemand, resource: BranchResource) -> BranchDemand:
    """Meet an open demand with an item of the same branch's resource list."""
    demand = _lock_demand(demand)
    _ensure_manager_or_member(actor, demand.branch)
    _ensure_open(demand)
    if resource.branch_id != demand.branch_id:
        raise ValidationError({"resource": _("Choose a resource of this branch's own list.")})
    demand.resource, demand.status, demand.handled_at = resource, DemandStatus.MATCHED, timezone.now()
    demand.save(update_fields=["resource", "status", "handled_at"])
    return demand


def _raising_officer(actor, enterprise: Enterprise, day: date) -> Officer:
    """The officer who will follow the problem up: the actor when stationed there, else one stationed there."""
    stationed = Assignment.objects.active_on(day).filter(enterprise=enterprise).select_related("officer__user")
    officers = [assignment.officer for assignment in stationed.order_by("start_date", "id")]
    own = next((officer for officer in officers if officer.user_id == getattr(actor, "pk", None)), None)
    if own is not None:
        return own
    if not officers:
        raise ValidationError(_("No officer is stationed in %(enterprise)s today, and a problem in the ledger needs "
                                "one to follow it up.") % {"enterprise": enterprise.name})
    return officers[0]


def _raise(*, actor, enterprise: Enterprise, category: str, description: str, token: str) -> Problem:
    today = timezone.localdate()
    officer = _raising_officer(actor, enterprise, today)
    return problem_raise(actor=actor, officer=officer, enterprise=enterprise, category=category,
                         description=description, raised_on=today, client_token=token)


@transaction.atomic
def demand_raise_problem(*, actor, demand: BranchDemand, category: str, description: str = "") -> BranchDemand:
    """Put an open demand in the problem ledger (问题台账) through `problem_raise`; the demand keeps the problem.

    The ledger's rules decide who may raise (the stationed officer or the enterprise's liaison office).
    """
    demand = _lock_demand(demand)
    _ensure_open(demand)
    text = (description or "").strip() or f"{demand.title}\n{demand.description}".strip()
    problem = _raise(actor=actor, enterprise=demand.enterprise, category=category, description=text,
                     token=f"branch-demand:{demand.pk}")
    demand.problem, demand.status, demand.handled_at = problem, DemandStatus.IN_LEDGER, timezone.now()
    demand.save(update_fields=["problem", "status", "handled_at"])
    return demand


# Visits ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_log(*, actor, member: BranchMember, enterprise: Enterprise, visited_on: date, checked: str,
              issues_found: str = "") -> BranchVisit:
    """Log a member's visit to one of the branch's enterprises on a day they were a member (today or before).

    The member logs their own visits; the organising office may log one for them. Marks the enterprise's
    region-day stale for the summaries in the same transaction.
    """
    branch = member.branch
    if actor is None or (actor.pk != member.user_id and not can_manage(actor, branch)):
        raise ValidationError(_("Only the member, or the liaison office that organises the branch, may log this "
                                "member's visits."))
    if visited_on is None:
        raise ValidationError({"visited_on": _("Please give the day of the visit.")})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be dated in the future.")})
    if not member.is_member_on(visited_on):
        raise ValidationError({"visited_on": _("%(name)s was not a member of this branch on %(day)s.")
                               % {"name": member.name, "day": visited_on.isoformat()}})
    _ensure_covered(branch, enterprise)
    visit = BranchVisit(branch=branch, member=member, enterprise=enterprise, visited_on=visited_on,
                        checked=(checked or "").strip(), issues_found=(issues_found or "").strip(), created_by=actor)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_raise_problem(*, actor, visit: BranchVisit, category: str, description: str = "") -> BranchVisit:
    """Put the issues a visit found in the problem ledger through `problem_raise`; the visit keeps the problem."""
    visit = BranchVisit.objects.select_for_update().select_related("enterprise__region").get(pk=visit.pk)
    if visit.problem_id is not None:
        raise ValidationError(_("The issues of this visit are already in the problem ledger."))
    text = (description or "").strip() or visit.issues_found
    if not text:
        raise ValidationError({"description": _("Please write a few words: this field is required.")})
    problem = _raise(actor=actor, enterprise=visit.enterprise, category=category, description=text,
                     token=f"branch-visit:{visit.pk}")
    visit.problem = problem
    visit.save(update_fields=["problem"])
    return visit
