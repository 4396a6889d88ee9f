"""A joint Party branch of 芙蓉区 covering the roster's two 芙蓉区 enterprises, with a secretary and the officer."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from branches.choices import MemberRole
from branches.services import branch_create, member_add
from tests import factories


@dataclass
class BranchWorld:
    branch: object
    department: object
    secretary: object
    secretary_user: object
    officer_member: object
    tianxin_branch: object


@pytest.fixture
def branch_world(regions, roster, furong_office) -> BranchWorld:
    department = factories.make_department(regions.furong, "芙蓉区工业和信息化局", kind="industry")
    branch = branch_create(actor=furong_office, name="芙蓉区工信局联合党支部", region=regions.furong,
                           department=department,
                           enterprises=[roster.furong_enterprise, roster.furong_enterprise_2])
    joined = timezone.localdate() - timedelta(days=60)
    secretary_user = factories.make_user("secretary-zhou", full_name="周建国")
    secretary = member_add(actor=furong_office, branch=branch, role=MemberRole.SECRETARY, name="周建国",
                           phone="13907310001", user=secretary_user, joined_on=joined)
    officer_member = member_add(actor=furong_office, branch=branch, role=MemberRole.LIAISON_OFFICER,
                                officer=roster.officer, joined_on=joined)
    tianxin_office = factories.make_office_user("tianxin-branch-office", regions.tianxin)
    tianxin_department = factories.make_department(regions.tianxin, "天心区商务局", kind="commerce")
    tianxin_branch = branch_create(actor=tianxin_office, name="天心区商务局联合党支部", region=regions.tianxin,
                                   department=tianxin_department, enterprises=[roster.tianxin_enterprise])
    return BranchWorld(branch=branch, department=department, secretary=secretary, secretary_user=secretary_user,
                       officer_member=officer_member, tianxin_branch=tianxin_branch)
