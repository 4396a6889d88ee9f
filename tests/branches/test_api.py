"""The branches API: branches read-only, visits listed and logged, scoped like the pages (404 outside)."""

from datetime import timedelta

from django.utils import timezone

from branches.models import BranchVisit
from branches.services import visit_log


def _visit_body(branch_world, enterprise, day=None, **extra):
    return {"member": branch_world.officer_member.pk, "enterprise": enterprise.pk,
            "visited_on": (day or timezone.localdate()).isoformat(), "checked": "检查复工情况", **extra}


def test_member_logs_a_visit_through_the_api_once_per_idempotency_key(branch_world, roster, client):
    client.force_login(roster.officer.user)
    body = _visit_body(branch_world, roster.furong_enterprise, issues_found="缺少防疫物资")
    first = client.post("/api/v1/branch-visits/", body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="visit-1")
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/branch-visits/", body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="visit-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert BranchVisit.objects.count() == 1
    rows = client.get("/api/v1/branch-visits/").json()["results"]
    assert [row["enterprise_name"] for row in rows] == [roster.furong_enterprise.name]


def test_api_refuses_a_future_visit_and_an_enterprise_outside_the_branch(branch_world, roster, client):
    client.force_login(roster.officer.user)
    future = client.post("/api/v1/branch-visits/",
                         _visit_body(branch_world, roster.furong_enterprise,
                                     day=timezone.localdate() + timedelta(days=1)),
                         content_type="application/json")
    assert future.status_code == 400 and future.json()["visited_on"] == ["走访日期不能晚于今天。"]
    outside = client.post("/api/v1/branch-visits/", _visit_body(branch_world, roster.tianxin_enterprise),
                          content_type="application/json")
    assert outside.status_code == 400 and "enterprise" in outside.json()
    assert roster.tianxin_enterprise.name not in outside.content.decode()
    assert not BranchVisit.objects.exists()


def test_api_is_scoped(branch_world, roster, tianxin_office, furong_office, client):
    visit = visit_log(actor=roster.officer.user, member=branch_world.officer_member,
                      enterprise=roster.furong_enterprise, visited_on=timezone.localdate(), checked="走访")
    client.force_login(tianxin_office)
    assert client.get(f"/api/v1/branches/{branch_world.branch.pk}/").status_code == 404
    assert client.get(f"/api/v1/branch-visits/{visit.pk}/").status_code == 404
    assert client.get("/api/v1/branch-visits/").json()["results"] == []
    names = [row["name"] for row in client.get("/api/v1/branches/").json()["results"]]
    assert names == ["天心区商务局联合党支部"]
    # A member outside the user's scope reads as "does not exist".
    response = client.post("/api/v1/branch-visits/", _visit_body(branch_world, roster.furong_enterprise),
                           content_type="application/json")
    assert response.status_code == 400 and "member" in response.json()
    client.force_login(furong_office)
    branch = client.get(f"/api/v1/branches/{branch_world.branch.pk}/").json()
    assert {m["name"] for m in branch["members"]} == {"周建国", roster.officer.name}


def test_another_members_visit_cannot_be_logged_by_the_api(branch_world, roster, client):
    client.force_login(branch_world.secretary_user)
    response = client.post("/api/v1/branch-visits/", _visit_body(branch_world, roster.furong_enterprise),
                           content_type="application/json")
    assert response.status_code == 404
    assert not BranchVisit.objects.exists()
