"""The meetings' cast: a joint Party branch in 芙蓉区 covering the roster's 芙蓉区 enterprise, one in 天心区, and a
helper that records a meeting through the service.

Branches are written with the ORM here: the branches app's services are its own business, and these tests only need
a branch to exist (region, department, covered enterprises, one member with a login).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from branches.choices import MemberRole
from branches.models import Branch, BranchEnterprise, BranchMember
from meetings.choices import AttendeeKind
from meetings.services import AttendeeInput, ItemInput, attendee_for_officer, meeting_record
from tests import factories


@dataclass
class Branches:
    furong: Branch
    tianxin: Branch
    furong_member: object


def make_branch(region, name: str, enterprises=(), department=None) -> Branch:
    department = department or factories.make_department(region, f"{region.name}商务局{factories.next_number()}",
                                                          kind="commerce")
    branch = Branch.objects.create(name=name, region=region, department=department)
    for enterprise in enterprises:
        BranchEnterprise.objects.create(branch=branch, enterprise=enterprise)
    return branch


@pytest.fixture
def branches(regions, roster) -> Branches:
    furong = make_branch(regions.furong, "芙蓉区商务局精密机械联合党支部", [roster.furong_enterprise])
    tianxin = make_branch(regions.tianxin, "天心区电子科技联合党支部", [roster.tianxin_enterprise])
    member = factories.make_user("branch-cadre", full_name="周建华")
    BranchMember.objects.create(branch=furong, role=MemberRole.CADRE, name="周建华", user=member,
                                joined_on=timezone.localdate() - timedelta(days=30))
    return Branches(furong=furong, tianxin=tianxin, furong_member=member)


@pytest.fixture
def record(roster, furong_office):
    """Record a meeting of 芙蓉区's enterprise (or of a branch), attended by its officer, with one item."""

    def _record(*, actor=None, held_on: date | None = None, enterprise=None, branch=None, attendees=None,
                items=None, risk_points="防疫物资储备不足，食堂未分餐"):
        if enterprise is None and branch is None:
            enterprise = roster.furong_enterprise
        held_on = held_on or timezone.localdate()
        if attendees is None:
            attendees = [attendee_for_officer(roster.officer),
                         AttendeeInput(kind=AttendeeKind.ENTERPRISE_HEAD, name="刘志强")]
        if items is None:
            items = [ItemInput(description="食堂实行分餐制，错峰就餐", owner_name="刘志强",
                               due_on=held_on + timedelta(days=3))]
        return meeting_record(actor=actor or furong_office, held_on=held_on, enterprise=enterprise, branch=branch,
                              risk_points=risk_points, weak_links="返岗员工健康台账不全", attendees=attendees,
                              items=items)

    return _record
