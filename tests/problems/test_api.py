"""The API: the ledger and its actions at /api/v1/problems/, a department's queue, the officer's own problems;
scoped like the pages, refusals as field-level JSON in the request's language, fixed query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from problems.choices import ProblemStatus
from problems.models import Problem
from problems.services import problem_assign, problem_resolve

TODAY = timezone.localdate()
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json", **ZH)


@pytest.fixture
def problem(raise_problem):
    return raise_problem(description="芙蓉区企业申请税费减免")


def test_ledger_is_scoped_like_the_pages(problem, raise_problem, roster, furong_office, tianxin_office,
                                         changsha_office, client):
    tianxin = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer, description="天心区的问题")
    client.force_login(furong_office)
    assert [row["id"] for row in client.get("/api/v1/problems/").json()["results"]] == [problem.pk]
    client.force_login(changsha_office)
    assert {row["id"] for row in client.get("/api/v1/problems/").json()["results"]} == {problem.pk, tianxin.pk}
    client.force_login(tianxin_office)
    assert client.get(f"/api/v1/problems/{problem.pk}/").status_code == 404
    assert post(client, f"/api/v1/problems/{problem.pk}/escalate/", {"reason": "x"}).status_code == 404


def test_office_dispatches_through_the_api(problem, furong_office, departments, client):
    client.force_login(furong_office)
    response = post(client, f"/api/v1/problems/{problem.pk}/assign/",
                    {"department": departments.furong_tax.pk, "co_departments": [departments.furong_health.pk]})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "assigned" and data["department_name"] == "芙蓉区税务局"
    assert data["co_departments"] == [departments.furong_health.pk]
    assert [e["action"] for e in data["events"]] == ["raised", "assigned"]
    assert set(data["allowed_actions"]) == {"assigned", "resolved", "escalated", "deadline_changed"}


def test_a_department_the_office_cannot_see_reads_as_missing(problem, furong_office, departments, client):
    client.force_login(furong_office)
    response = post(client, f"/api/v1/problems/{problem.pk}/assign/", {"department": departments.tianxin_tax.pk})
    assert response.status_code == 400
    assert "不存在" in response.json()["department"][0]
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.REPORTED


def test_service_refusals_are_field_level_json_in_chinese(problem, furong_office, departments, client):
    client.force_login(furong_office)
    response = post(client, f"/api/v1/problems/{problem.pk}/assign/", {
        "department": departments.furong_tax.pk, "deadline": (TODAY - timedelta(days=3)).isoformat()})
    assert response.status_code == 400 and "过去" in response.json()["deadline"][0]
    response = post(client, f"/api/v1/problems/{problem.pk}/confirm/")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    response = post(client, f"/api/v1/problems/{problem.pk}/escalate/", {"reason": ""})
    assert response.status_code == 400 and "reason" in response.json()
    response = post(client, f"/api/v1/problems/{problem.pk}/set_deadline/", {"deadline": "tomorrow"})
    assert response.status_code == 400 and "deadline" in response.json()
    response = client.post(f"/api/v1/problems/{problem.pk}/escalate/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert Problem.objects.get(pk=problem.pk).events.count() == 1


def test_escalation_through_the_api_up_to_the_province(problem, furong_office, changsha_office, province_office,
                                                       client):
    client.force_login(furong_office)
    assert post(client, f"/api/v1/problems/{problem.pk}/escalate/",
                {"reason": "区级无法协调"}).json()["handling_region_name"] == "长沙市"
    client.force_login(changsha_office)
    assert post(client, f"/api/v1/problems/{problem.pk}/escalate/",
                {"reason": "市级无法协调"}).json()["handling_level"] == "province"
    client.force_login(province_office)
    response = post(client, f"/api/v1/problems/{problem.pk}/escalate/", {"reason": "再升级"})
    assert response.status_code == 400
    assert "最高" in response.json()["non_field_errors"][0]


def test_department_queue_and_its_actions(problem, raise_problem, furong_office, departments, tax_staff,
                                          health_staff, client):
    problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                   co_departments=[departments.furong_health])
    other = problem_assign(actor=furong_office, problem=raise_problem(category="epidemic_supplies"),
                           department=departments.furong_health)
    client.force_login(tax_staff)
    rows = client.get("/api/v1/problems/queue/").json()["results"]
    assert [row["id"] for row in rows] == [problem.pk]
    assert client.get(f"/api/v1/problems/{other.pk}/").status_code == 404
    assert post(client, f"/api/v1/problems/{problem.pk}/start/").json()["status"] == "in_progress"
    response = post(client, f"/api/v1/problems/{problem.pk}/resolve/", {"resolution": "已为企业办理减免"})
    assert response.json()["status"] == "resolved"
    client.force_login(health_staff)
    assert {row["id"] for row in client.get("/api/v1/problems/queue/?status=resolved").json()["results"]} == {
        problem.pk}
    response = post(client, f"/api/v1/problems/{other.pk}/decline/", {})
    assert response.status_code == 400 and "reason" in response.json()
    assert post(client, f"/api/v1/problems/{other.pk}/decline/", {"reason": "请交工信局"}).status_code == 200
    assert client.get(f"/api/v1/problems/{other.pk}/").status_code == 404  # back with the office


def test_officer_confirms_and_reopens_through_my_problems(problem, raise_problem, furong_office, departments,
                                                          tax_staff, roster, client):
    problem_resolve(actor=tax_staff, problem=problem_assign(actor=furong_office, problem=problem,
                                                            department=departments.furong_tax), resolution="已办结")
    tianxin = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer)
    client.force_login(roster.officer.user)
    rows = client.get("/api/v1/my/problems/").json()["results"]
    assert [row["id"] for row in rows] == [problem.pk] and rows[0]["status"] == "resolved"
    assert client.get(f"/api/v1/my/problems/{tianxin.pk}/").status_code == 404
    assert client.get(f"/api/v1/my/problems/{problem.pk}/").json()["allowed_actions"] == ["confirmed", "reopened"]
    response = post(client, f"/api/v1/problems/{problem.pk}/reopen/", {"reason": "减免未到账"})
    assert response.json()["status"] == "reopened"
    client.force_login(furong_office)
    assert client.get("/api/v1/my/problems/").json()["results"] == []
    assert client.get(f"/api/v1/my/problems/{problem.pk}/").status_code == 404


def test_api_refusal_in_english_when_the_client_asks(problem, officer_user, client):
    client.force_login(officer_user)
    response = client.post(f"/api/v1/problems/{problem.pk}/confirm/", {}, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "cannot be done" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize(("url", "user_fixture"), [
    ("/api/v1/problems/", "changsha_office"),
    ("/api/v1/problems/queue/", "tax_staff"),
    ("/api/v1/my/problems/", "officer_user"),
])
def test_api_lists_keep_a_fixed_query_count(url, user_fixture, request, raise_problem, furong_office, departments,
                                            client, django_assert_max_num_queries):
    def make(count):
        for _ in range(count):
            problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax,
                           co_departments=[departments.furong_health])

    make(2)
    client.force_login(request.getfixturevalue(user_fixture))
    with django_assert_max_num_queries(8) as few:
        assert len(client.get(url).json()["results"]) == 2
    make(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()["results"]) == 22


def test_api_detail_query_count_does_not_grow_with_history(problem, furong_office, tax_staff, departments, client,
                                                           django_assert_max_num_queries):
    from problems.services import problem_decline

    client.force_login(furong_office)
    with django_assert_max_num_queries(10) as short:
        client.get(f"/api/v1/problems/{problem.pk}/")
    for _ in range(5):
        problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                       co_departments=[departments.furong_health])
        problem_decline(actor=tax_staff, problem=problem, reason="非本部门职责")
    with django_assert_max_num_queries(len(short.captured_queries)):
        assert len(client.get(f"/api/v1/problems/{problem.pk}/").json()["events"]) == 11


def test_every_problem_endpoint_is_in_the_openapi_schema(furong_office, client):
    client.force_login(furong_office)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in ("/api/v1/problems/", "/api/v1/problems/{id}/", "/api/v1/problems/queue/", "/api/v1/my/problems/",
                 "/api/v1/my/problems/{id}/"):
        assert "get" in paths[path], path
    for action in ("assign", "escalate", "resolve", "decline", "start", "confirm", "reopen", "set_deadline"):
        assert "post" in paths[f"/api/v1/problems/{{id}}/{action}/"], action
    assert "post" in paths["/api/v1/problems/assign_many/"]


def test_office_dispatches_several_problems_through_the_api(raise_problem, furong_office, departments, client):
    first, second = raise_problem(), raise_problem(category="labour")
    stale = raise_problem()
    seen = stale.version
    problem_assign(actor=furong_office, problem=stale, department=departments.furong_health)
    deadline = (TODAY + timedelta(days=6)).isoformat()
    client.force_login(furong_office)
    response = post(client, "/api/v1/problems/assign_many/", {
        "problems": [{"id": first.pk}, {"id": second.pk, "version": second.version},
                     {"id": stale.pk, "version": seen}],
        "department": departments.furong_tax.pk, "deadline": deadline})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [row["id"] for row in data["assigned"]] == [first.pk, second.pk]
    assert {row["department_name"] for row in data["assigned"]} == {"芙蓉区税务局"}
    assert {row["deadline"] for row in data["assigned"]} == {deadline}
    assert [row["id"] for row in data["refused"]] == [stale.pk]
    assert data["refused"][0]["version"] == Problem.objects.get(pk=stale.pk).version
    assert "修改" in data["refused"][0]["errors"][0]
    assert Problem.objects.get(pk=stale.pk).department == departments.furong_health


def test_a_bulk_dispatch_through_the_api_sees_only_the_users_problems(raise_problem, roster, furong_office,
                                                                      tianxin_office, departments, client):
    mine = raise_problem()
    client.force_login(tianxin_office)
    response = post(client, "/api/v1/problems/assign_many/", {
        "problems": [{"id": mine.pk}], "department": departments.tianxin_tax.pk})
    assert response.status_code == 400
    assert "不存在" in str(response.json()["problems"])
    client.force_login(furong_office)
    for payload in ({"problems": [], "department": departments.furong_tax.pk},
                    {"problems": [{"id": mine.pk}], "department": departments.tianxin_tax.pk},
                    {"problems": [{"id": mine.pk}]}):
        assert post(client, "/api/v1/problems/assign_many/", payload).status_code == 400, payload
    assert Problem.objects.get(pk=mine.pk).status == ProblemStatus.REPORTED


def test_the_api_ledger_leaves_the_closed_problems_out_unless_asked(raise_problem, furong_office, departments,
                                                                    client):
    open_one = raise_problem()
    closed = problem_resolve(actor=furong_office, problem=raise_problem(), resolution="已协调")
    client.force_login(furong_office)
    assert [row["id"] for row in client.get("/api/v1/problems/").json()["results"]] == [open_one.pk]
    rows = client.get("/api/v1/problems/", {"state": "all"}).json()["results"]
    assert [row["id"] for row in rows] == [open_one.pk, closed.pk]
    assert client.get(f"/api/v1/problems/{closed.pk}/").status_code == 200  # still there, by its id
