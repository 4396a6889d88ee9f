"""The branch pages: scoped (the sibling county gets 404), the refusals shown with nothing saved, phone progress,
and query counts that do not grow with rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from branches.choices import MemberRole
from branches.models import Branch, BranchMember, BranchVisit
from branches.services import branch_create, demand_add, member_add, resource_add, visit_log
from tests import factories


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_office_sees_its_branches_and_the_uncovered_count(branch_world, regions, roster, furong_office, client):
    factories.make_assignment(factories.make_officer(regions.furong),
                              factories.make_enterprise(regions.furong, "芙蓉待覆盖公司"))
    client.force_login(furong_office)
    body = _page(client, "/branches/")
    assert "芙蓉区工信局联合党支部" in body and "天心区商务局联合党支部" not in body
    assert "1 家驻企企业未覆盖支部" in body
    assert "芙蓉待覆盖公司" in _page(client, "/branches/uncovered/")


@pytest.mark.parametrize("path", ["", "compliance/", "enterprises/add/", "members/add/", "resources/add/",
                                  "demands/add/"])
def test_sibling_county_gets_404_for_a_furong_branch(path, branch_world, tianxin_office, changsha_office, client):
    url = f"/branches/{branch_world.branch.pk}/{path}"
    client.force_login(tianxin_office)
    response = client.get(url)
    assert response.status_code == 404
    assert "芙蓉" not in response.content.decode()
    client.force_login(changsha_office)
    assert client.get(url).status_code == 200


def test_sibling_county_gets_404_for_furong_members_visits_and_demands(branch_world, roster, tianxin_office, client):
    visit = visit_log(actor=roster.officer.user, member=branch_world.officer_member,
                      enterprise=roster.furong_enterprise, visited_on=timezone.localdate(), checked="走访")
    demand = demand_add(actor=roster.officer.user, branch=branch_world.branch, enterprise=roster.furong_enterprise,
                        title="需求")
    client.force_login(tianxin_office)
    for url in (f"/branches/visits/{visit.pk}/", f"/branches/demands/{demand.pk}/",
                f"/branches/members/{branch_world.officer_member.pk}/visit/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/branches/members/{branch_world.officer_member.pk}/leave/")
    assert response.status_code == 404
    assert BranchMember.objects.get(pk=branch_world.officer_member.pk).left_on is None


def test_office_creates_a_branch_and_adds_a_member(regions, roster, furong_office, client):
    department = factories.make_department(regions.furong, "芙蓉区商务局", kind="commerce")
    client.force_login(furong_office)
    response = client.post("/branches/new/", {"name": "芙蓉区商务局联合党支部", "region": regions.furong.pk,
                                              "department": department.pk,
                                              "enterprises": [roster.furong_enterprise.pk]})
    branch = Branch.objects.get(name="芙蓉区商务局联合党支部")
    assert response.status_code == 302 and response.url == f"/branches/{branch.pk}/"
    client.post(f"/branches/{branch.pk}/members/add/", {"role": MemberRole.LIAISON_OFFICER,
                                                        "officer": roster.officer.pk})
    assert branch.members.get().user == roster.officer.user


def test_a_member_added_twice_shows_the_message_and_saves_nothing(branch_world, roster, furong_office, client):
    client.force_login(furong_office)
    before = BranchMember.objects.count()
    response = client.post(f"/branches/{branch_world.branch.pk}/members/add/",
                           {"role": MemberRole.LIAISON_OFFICER, "officer": roster.officer.pk})
    assert response.status_code == 200
    assert f"{roster.officer.name} 已是本支部成员，不能重复添加" in response.content.decode()
    assert BranchMember.objects.count() == before


def test_a_visit_dated_in_the_future_shows_the_message_and_saves_nothing(branch_world, roster, client):
    client.force_login(roster.officer.user)
    response = client.post(f"/branches/members/{branch_world.officer_member.pk}/visit/", {
        "enterprise": roster.furong_enterprise.pk, "checked": "未来走访",
        "visited_on": (timezone.localdate() + timedelta(days=2)).isoformat()})
    assert response.status_code == 200
    assert "走访日期不能晚于今天" in response.content.decode()
    assert not BranchVisit.objects.exists()


def test_a_visit_to_an_enterprise_outside_the_branch_shows_the_message(branch_world, roster, client):
    client.force_login(roster.officer.user)
    response = client.post(f"/branches/members/{branch_world.officer_member.pk}/visit/", {
        "enterprise": roster.tianxin_enterprise.pk, "checked": "走错企业",
        "visited_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "请选择本支部覆盖的企业" in response.content.decode()
    assert not BranchVisit.objects.exists()


def test_another_members_visit_form_is_a_404(branch_world, roster, client):
    client.force_login(roster.officer.user)
    assert client.get(f"/branches/members/{branch_world.secretary.pk}/visit/").status_code == 404


def test_member_logs_a_visit_and_sees_the_weeks_progress(branch_world, roster, client):
    client.force_login(roster.officer.user)
    body = _page(client, "/branches/mine/")
    assert "本周：0 / " in body
    required = int(body.split("本周：0 / ")[1].split(" ")[0])
    response = client.post(f"/branches/members/{branch_world.officer_member.pk}/visit/", {
        "enterprise": roster.furong_enterprise.pk, "checked": "检查复工防疫",
        "visited_on": timezone.localdate().isoformat()})
    assert response.status_code == 302 and response.url == "/branches/mine/"
    body = _page(client, "/branches/mine/")
    assert f"本周：1 / {required} 次走访" in body and "走访已登记" in body


def test_the_member_sees_the_branch_but_not_anothers(branch_world, roster, client):
    client.force_login(roster.officer.user)
    assert "登记走访" in _page(client, f"/branches/{branch_world.branch.pk}/")
    assert client.get(f"/branches/{branch_world.tianxin_branch.pk}/").status_code == 404
    assert client.get("/branches/uncovered/").status_code == 404


def test_demand_into_the_ledger_from_its_page(branch_world, roster, furong_office, client):
    demand = demand_add(actor=roster.officer.user, branch=branch_world.branch, enterprise=roster.furong_enterprise,
                        title="缺少口罩", description="口罩库存仅够两天")
    client.force_login(furong_office)
    response = client.post(f"/branches/demands/{demand.pk}/", {"action": "raise", "category": "epidemic_supplies"})
    assert response.status_code == 302
    body = _page(client, f"/branches/demands/{demand.pk}/")
    demand.refresh_from_db()
    assert "已转入问题台账" in body and "待交办" in body  # the problem's own status, straight from the ledger
    assert f"/problems/{demand.problem_id}/" in body


def test_region_compliance_by_child_region(branch_world, roster, changsha_office, client):
    visit_log(actor=roster.officer.user, member=branch_world.officer_member, enterprise=roster.furong_enterprise,
              visited_on=timezone.localdate(), checked="走访")
    client.force_login(changsha_office)
    body = _page(client, "/branches/compliance/")
    assert "芙蓉区" in body and "天心区" in body
    client.force_login(factories.make_office_user("furong-viewer", roster.furong_enterprise.region))
    body = _page(client, "/branches/compliance/")
    assert "天心区" not in body
    assert client.get(f"/branches/compliance/?region={roster.tianxin_enterprise.region_id}").status_code == 404


def _grow(branch_world, roster, furong_office, regions, n: int) -> None:
    """n more branches, each with a member, a resource, a demand and visits; n more rows on the first branch."""
    for i in range(n):
        department = factories.make_department(regions.furong)
        branch = branch_create(actor=furong_office, name=f"增补支部{i}", region=regions.furong,
                               department=department, enterprises=[roster.furong_enterprise])
        member_add(actor=furong_office, branch=branch, role=MemberRole.CADRE, name=f"干部{i}")
        officer = factories.make_officer(regions.furong)
        factories.make_assignment(officer, roster.furong_enterprise)
        member = member_add(actor=furong_office, branch=branch_world.branch, role=MemberRole.LIAISON_OFFICER,
                            officer=officer, joined_on=timezone.localdate() - timedelta(days=30))
        resource_add(actor=furong_office, branch=branch_world.branch, title=f"资源{i}")
        demand_add(actor=furong_office, branch=branch_world.branch, enterprise=roster.furong_enterprise,
                   title=f"需求{i}")
        visit_log(actor=officer.user, member=member, enterprise=roster.furong_enterprise,
                  visited_on=timezone.localdate(), checked="走访")


@pytest.mark.parametrize("rows", [2, 20])
def test_branch_list_and_detail_query_counts_do_not_grow(rows, branch_world, roster, regions, furong_office, client,
                                                         django_assert_max_num_queries):
    _grow(branch_world, roster, furong_office, regions, rows)
    client.force_login(furong_office)
    with django_assert_max_num_queries(9):
        _page(client, "/branches/")
    with django_assert_max_num_queries(14):
        _page(client, f"/branches/{branch_world.branch.pk}/")
    with django_assert_max_num_queries(10):
        _page(client, f"/branches/{branch_world.branch.pk}/compliance/")
    with django_assert_max_num_queries(9):
        _page(client, "/branches/compliance/")
    client.force_login(roster.officer.user)
    with django_assert_max_num_queries(9):
        _page(client, "/branches/mine/")
