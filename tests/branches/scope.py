"""The branches' share of tests/test_scope_everywhere.py: the rows its detail URLs name and its list markers."""

from datetime import timedelta

from django.utils import timezone

from branches.choices import MemberRole
from branches.services import branch_create, demand_add, member_add, resource_add, visit_log
from regions.models import Department
from tests import factories

FURONG_BRANCH = "芙蓉区工信局驻企联合党支部"
TIANXIN_BRANCH = "天心区工信局驻企联合党支部"

DETAIL_URLS = {
    "branch-detail": "/branches/{branch}/",
    "branch-compliance": "/branches/{branch}/compliance/",
    "branch-cover": "/branches/{branch}/enterprises/add/",
    "branch-member-add": "/branches/{branch}/members/add/",
    "branch-resource-add": "/branches/{branch}/resources/add/",
    "branch-demand-add": "/branches/{branch}/demands/add/",
    "branch-visit-log": "/branches/members/{branch_member}/visit/",
    "branch-demand": "/branches/demands/{branch_demand}/",
    "branch-visit": "/branches/visits/{branch_visit}/",
    "branch-api-detail": "/api/v1/branches/{branch}/",
    "branch-visit-api-detail": "/api/v1/branch-visits/{branch_visit}/",
    "admin-branch": "/admin/branches/branch/{branch}/change/",
    "admin-branch-member": "/admin/branches/branchmember/{branch_member}/change/",
    "admin-branch-visit": "/admin/branches/branchvisit/{branch_visit}/change/",
    "admin-branch-demand": "/admin/branches/branchdemand/{branch_demand}/change/",
    "admin-branch-resource": "/admin/branches/branchresource/{branch_resource}/change/",
}
LIST_URLS = {
    "branch-list": "/branches/",
    "branch-uncovered": "/branches/uncovered/",
    "branch-region-compliance": "/branches/compliance/",
    "branch-visit-list": "/branches/visits/",
    "branch-api-list": "/api/v1/branches/",
    "branch-visit-api-list": "/api/v1/branch-visits/",
    "admin-branches": "/admin/branches/branch/",
}
UNSCOPED = {
    "branches:new": "offers only the office's own regions, departments and enterprises; tests/branches/test_views.py",
    "branches:mine": "the signed-in member's own; tests/branches/test_views.py (progress, another's form is a 404)",
    "branches:member-leave": "POST only; tests/branches/test_views.py (404 for the sibling county, nothing changed)",
}
COVERED_NAMES = {
    "branches:list", "branches:uncovered", "branches:region-compliance", "branches:detail", "branches:compliance",
    "branches:cover", "branches:member-add", "branches:resource-add", "branches:demand-add", "branches:visit-log",
    "branches:demand", "branches:visit", "branches:visits", "api:branch-list", "api:branch-detail",
    "api:branch-visit-list", "api:branch-visit-detail",
}


def _branch(region, name, enterprise, officer):
    actor = factories.system_actor()
    # The region's first department (芙蓉区's is the scoping fixture's own), so that no list gains a department.
    department = Department.objects.filter(region=region).order_by("id").first() or factories.make_department(region)
    branch = branch_create(actor=actor, name=name, region=region, department=department, enterprises=[enterprise])
    member = member_add(actor=actor, branch=branch, role=MemberRole.LIAISON_OFFICER, officer=officer,
                        joined_on=timezone.localdate() - timedelta(days=30))
    visit = visit_log(actor=officer.user, member=member, enterprise=enterprise, visited_on=timezone.localdate(),
                      checked=f"{region.name}走访")
    return branch, member, visit


def furong_world(regions, roster) -> dict:
    """The 芙蓉区 branch (covering the first 芙蓉区 enterprise only), its officer member, a visit and a demand."""
    branch, member, visit = _branch(regions.furong, FURONG_BRANCH, roster.furong_enterprise, roster.officer)
    demand = demand_add(actor=factories.system_actor(), branch=branch, enterprise=roster.furong_enterprise,
                        title="芙蓉区企业需求")
    resource = resource_add(actor=factories.system_actor(), branch=branch, title="芙蓉区部门资源")
    return {"branch": branch.pk, "branch_member": member.pk, "branch_visit": visit.pk, "branch_demand": demand.pk,
            "branch_resource": resource.pk}


def list_markers(name: str, roster, furong_marker: str, tianxin_marker: str) -> tuple[str, str]:
    """Make the 天心区 rows of list `name` and return the (furong, tianxin) markers to look for."""
    if name not in LIST_URLS:
        return furong_marker, tianxin_marker
    if name == "branch-uncovered":
        # 天心区's stationed enterprise has no branch; of 芙蓉区's two, the second has none.
        return roster.furong_enterprise_2.name, roster.tianxin_enterprise.name
    _branch(roster.tianxin_enterprise.region, TIANXIN_BRANCH, roster.tianxin_enterprise, roster.tianxin_officer)
    if name == "branch-region-compliance":
        return "芙蓉区", "天心区"
    if name in ("branch-list", "branch-api-list", "admin-branches"):
        return FURONG_BRANCH, TIANXIN_BRANCH
    return furong_marker, tianxin_marker
