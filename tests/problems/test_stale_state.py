"""Problem actions carry the state the user saw: a stale one is refused (a page message naming who changed the
problem and when; 409 on the API), nothing is written, and a fresh one still works."""

import re

import pytest
from django.utils import timezone

from problems import services
from problems.choices import ProblemStatus
from problems.models import Problem, ProblemEvent
from tests import factories

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def problem(raise_problem):
    return raise_problem(description="芙蓉区企业申请税费减免")


@pytest.fixture
def colleague(regions):
    """A second hand in the same office: the one who got there first."""
    return factories.make_office_user("furong-office-2", regions.furong)


def snapshot(problem: Problem) -> tuple:
    problem.refresh_from_db()
    return problem.version, problem.status, problem.department_id, problem.deadline, problem.events.count()


def seen_version(response) -> int:
    versions = set(re.findall(r'name="version" value="(\d+)"', response.content.decode()))
    assert len(versions) == 1, versions
    return int(versions.pop())


def test_every_change_moves_the_version_on(problem, furong_office, departments, tax_staff):
    assert problem.version == 1
    services.problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                            expected_version=1)
    services.problem_start(actor=tax_staff, problem=problem, expected_version=2)
    services.problem_resolve(actor=tax_staff, problem=problem, resolution="已协调办理", expected_version=3)
    problem.refresh_from_db()
    assert (problem.version, problem.status) == (4, ProblemStatus.RESOLVED)


def _to_resolved(problem, office, departments, staff):
    services.problem_assign(actor=office, problem=problem, department=departments.furong_tax)
    services.problem_resolve(actor=staff, problem=problem, resolution="已协调办理")


@pytest.mark.parametrize("action", ["dispatch", "decline", "resolve", "confirm", "reopen"])
def test_a_stale_action_is_refused_and_writes_nothing(action, problem, furong_office, colleague, departments,
                                                      tax_staff, officer_user):
    if action in ("decline", "resolve"):
        services.problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax)
    if action in ("confirm", "reopen"):
        _to_resolved(problem, furong_office, departments, tax_staff)
    problem.refresh_from_db()
    seen = problem.version
    # Someone else changes it meanwhile: a change the user did not see.
    if action == "dispatch":
        services.problem_escalate(actor=colleague, problem=problem, reason="需市级协调")
        changed_by = "furong-office-2"
    elif action in ("decline", "resolve"):
        services.problem_set_deadline(actor=colleague, problem=problem, deadline=timezone.localdate())
        changed_by = "furong-office-2"
    else:  # reopened from the phone and resolved again: a confirmation from the old page would close it unseen
        services.problem_reopen(actor=officer_user, problem=problem, reason="仍未解决")
        services.problem_resolve(actor=tax_staff, problem=problem, resolution="再次办理")
        changed_by = "furong-tax-clerk"
    before = snapshot(problem)
    calls = {
        "dispatch": lambda: services.problem_assign(actor=furong_office, problem=problem,
                                                    department=departments.furong_tax, expected_version=seen),
        "decline": lambda: services.problem_decline(actor=tax_staff, problem=problem, reason="非本部门职责",
                                                    expected_version=seen),
        "resolve": lambda: services.problem_resolve(actor=tax_staff, problem=problem, resolution="已办",
                                                    expected_version=seen),
        "confirm": lambda: services.problem_confirm(actor=officer_user, problem=problem, expected_version=seen),
        "reopen": lambda: services.problem_reopen(actor=officer_user, problem=problem, reason="仍未解决",
                                                  expected_version=seen),
    }
    with pytest.raises(services.ProblemChanged) as refused:
        calls[action]()
    assert changed_by in refused.value.message
    assert snapshot(problem) == before


def test_the_page_names_who_changed_it_and_when(problem, furong_office, colleague, departments, client):
    client.force_login(furong_office)
    seen = seen_version(client.get(f"/problems/{problem.pk}/"))
    services.problem_assign(actor=colleague, problem=problem, department=departments.furong_health)
    event = ProblemEvent.objects.filter(problem=problem).latest("at")
    before = snapshot(problem)

    response = client.post(f"/problems/{problem.pk}/assign/", {
        "department": departments.furong_tax.pk, "deadline": "", "version": seen}, follow=True)
    assert response.redirect_chain[-1][0] == f"/problems/{problem.pk}/"
    shown = [str(message) for message in response.context["messages"]]
    assert any("furong-office-2" in message and timezone.localtime(event.at).strftime("%H:%M") in message
               for message in shown), shown
    assert snapshot(problem) == before
    assert Problem.objects.get(pk=problem.pk).department == departments.furong_health

    fresh = seen_version(response)  # the page now shows the current state: acting on it works
    assert fresh == before[0]
    response = client.post(f"/problems/{problem.pk}/escalate/", {"reason": "需市级协调", "version": fresh},
                           follow=True)
    assert Problem.objects.get(pk=problem.pk).handling_region.name == "长沙市"


def test_every_action_form_carries_the_version(problem, furong_office, tax_staff, departments, officer_user,
                                               client):
    client.force_login(furong_office)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert page.count("<form method=\"post\"") == page.count('name="version" value="1"')
    services.problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax)
    client.force_login(tax_staff)
    queue = client.get("/problems/queue/").content.decode()
    assert 'name="version" value="2"' in queue
    services.problem_resolve(actor=tax_staff, problem=problem, resolution="已办")
    client.force_login(officer_user)
    mine = client.get("/problems/mine/").content.decode()
    assert 'name="version" value="3"' in mine


def test_the_api_answers_409_with_who_and_when(problem, furong_office, colleague, departments, client):
    client.force_login(furong_office)
    seen = client.get(f"/api/v1/problems/{problem.pk}/").json()["version"]
    services.problem_assign(actor=colleague, problem=problem, department=departments.furong_health)
    before = snapshot(problem)
    response = client.post(f"/api/v1/problems/{problem.pk}/assign/",
                           {"department": departments.furong_tax.pk, "version": seen},
                           content_type="application/json", **ZH)
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["version"] == before[0] and body["status"] == ProblemStatus.ASSIGNED
    assert body["changed_by"] == "furong-office-2" and body["changed_at"] and body["action"] == "assigned"
    assert "furong-office-2" in body["detail"]
    assert snapshot(problem) == before

    fresh = client.post(f"/api/v1/problems/{problem.pk}/assign/",
                        {"department": departments.furong_tax.pk, "version": body["version"]},
                        content_type="application/json", **ZH)
    assert fresh.status_code == 200 and fresh.json()["department"] == departments.furong_tax.pk
    assert fresh.json()["version"] == body["version"] + 1


def test_the_api_without_a_version_acts_on_the_current_state(problem, furong_office, departments, client):
    client.force_login(furong_office)
    response = client.post(f"/api/v1/problems/{problem.pk}/assign/", {"department": departments.furong_tax.pk},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
