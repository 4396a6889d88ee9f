"""The branch forms: a rejected one is summarised on top with links, and nothing is saved."""

from branches.models import Branch, BranchVisit
from tests.form_summary import error_summary


def test_an_empty_new_branch_is_summarised_with_a_link_to_each_field(furong_office, roster, client):
    client.force_login(furong_office)
    response = client.post("/branches/new/", {"name": "", "region": "", "department": ""})
    summary = error_summary(response.content.decode())
    assert summary.links == ["id_name", "id_region", "id_department"]
    assert not Branch.objects.exists()


def test_a_visit_without_what_was_checked_is_summarised(branch_world, roster, client):
    client.force_login(roster.officer.user)
    response = client.post(f"/branches/members/{branch_world.officer_member.pk}/visit/",
                           {"enterprise": roster.furong_enterprise.pk, "checked": "", "visited_on": "明天"})
    summary = error_summary(response.content.decode())
    assert summary.links == ["id_visited_on", "id_checked"]
    assert not BranchVisit.objects.exists()


def test_a_refused_visit_names_the_reason_in_the_summary(branch_world, roster, client):
    # The service's refusal (a visit outside the branch) reaches the summary like a field's error.
    client.force_login(roster.officer.user)
    response = client.post(f"/branches/members/{branch_world.officer_member.pk}/visit/", {
        "enterprise": roster.tianxin_enterprise.pk, "checked": "走错企业", "visited_on": "2026-01-05"})
    summary = error_summary(response.content.decode())
    assert "id_enterprise" in summary.links
    assert not BranchVisit.objects.exists()


def test_a_demand_raised_without_a_category_is_summarised(branch_world, roster, furong_office, client):
    from branches.services import demand_add

    demand = demand_add(actor=roster.officer.user, branch=branch_world.branch, enterprise=roster.furong_enterprise,
                        title="缺少口罩", description="口罩库存仅够两天")
    client.force_login(furong_office)
    response = client.post(f"/branches/demands/{demand.pk}/", {"action": "raise", "category": ""})
    summary = error_summary(response.content.decode())
    assert summary.links == ["id_category"]
    demand.refresh_from_db()
    assert demand.problem_id is None
