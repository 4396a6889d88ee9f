"""The pages: the office's ledger and a problem's page with dispatch, the department's queue, the officer's own
problems. Every action is a POST that redirects with a message; query counts do not grow with the rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from problems.choices import ProblemStatus
from problems.models import Problem
from problems.services import problem_assign, problem_resolve

TODAY = timezone.localdate()


def body(response) -> str:
    return response.content.decode()


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def many_problems(raise_problem, roster, furong_office, departments):
    """Rows enough for two pages in the ledger and the queue, plus one in the sibling county."""

    def _make(count):
        for number in range(count):
            problem = raise_problem(category=("tax_fees", "labour", "logistics")[number % 3],
                                    description=f"批量问题{number:02d}")
            if number % 2 == 0:
                problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                               co_departments=[departments.furong_health])

    return _make


# The ledger ------------------------------------------------------------------------------------------------------


def test_ledger_lists_the_offices_problems_with_filters(raise_problem, roster, furong_office, departments, client):
    tax = problem_assign(actor=furong_office, problem=raise_problem(description="申请税费减免"),
                         department=departments.furong_tax)
    raise_problem(category="labour", description="招工难，缺普工30人")
    raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer, description="天心区的问题")
    Problem.objects.filter(pk=tax.pk).update(deadline=TODAY - timedelta(days=1))
    client.force_login(furong_office)
    page = body(client.get("/problems/"))
    assert "申请税费减免" in page and "招工难" in page and "天心区的问题" not in page
    assert "已逾期" in page
    page = body(client.get("/problems/", {"category": "labour"}))
    assert "招工难" in page and "申请税费减免" not in page
    page = body(client.get("/problems/", {"overdue": "true"}))
    assert "申请税费减免" in page and "招工难" not in page
    page = body(client.get("/problems/", {"status": "reported", "q": "普工"}))
    assert "招工难" in page and "申请税费减免" not in page


def test_ledger_query_count_does_not_grow(many_problems, furong_office, client, django_assert_max_num_queries):
    many_problems(6)
    client.force_login(furong_office)
    with django_assert_max_num_queries(10) as small:
        client.get("/problems/")
    many_problems(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/problems/")
    assert response.context["page"].paginator.count == 36
    assert len(response.context["page"].object_list) == 25


# A problem's page -------------------------------------------------------------------------------------------


def test_office_sees_history_and_dispatches_to_its_own_departments(raise_problem, furong_office, departments,
                                                                   client, django_assert_max_num_queries):
    problem = raise_problem()
    client.force_login(furong_office)
    with django_assert_max_num_queries(14):
        response = client.get(f"/problems/{problem.pk}/")
    page = body(response)
    assert "芙蓉区税务局" in page and "天心区税务局" not in page  # the dispatch choices are the office's subtree
    assert response.context["assign_form"].initial["department"] == departments.furong_tax  # tax goes to tax
    response = client.post(f"/problems/{problem.pk}/assign/", {
        "department": departments.furong_tax.pk, "co_departments": [departments.furong_health.pk], "deadline": ""},
        follow=True)
    assert response.redirect_chain[-1][0] == f"/problems/{problem.pk}/"
    assert any("芙蓉区税务局" in m for m in messages_in(response))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ASSIGNED and problem.deadline is not None
    page = body(response)
    assert "交办" in page and "芙蓉区卫生健康局" in page


def test_detail_page_query_count_does_not_grow_with_history(raise_problem, furong_office, tax_staff, departments,
                                                            client, django_assert_max_num_queries):
    from problems.services import problem_decline

    problem = raise_problem()
    client.force_login(furong_office)
    with django_assert_max_num_queries(14) as short:
        client.get(f"/problems/{problem.pk}/")
    for _ in range(5):
        problem = problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                                 co_departments=[departments.furong_health])
        problem = problem_decline(actor=tax_staff, problem=problem, reason="非本部门职责")
    with django_assert_max_num_queries(len(short.captured_queries)):
        page = body(client.get(f"/problems/{problem.pk}/"))
    assert page.count("非本部门职责") == 5


def test_a_refused_action_shows_the_reason_and_changes_nothing(raise_problem, furong_office, departments, client):
    problem = raise_problem()
    client.force_login(furong_office)
    response = client.post(f"/problems/{problem.pk}/assign/", {
        "department": departments.furong_tax.pk, "deadline": (TODAY - timedelta(days=2)).isoformat()}, follow=True)
    assert any("过去" in m for m in messages_in(response))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REPORTED
    response = client.post(f"/problems/{problem.pk}/assign/", {"department": departments.tianxin_tax.pk},
                           follow=True)
    assert messages_in(response)  # not a choice the form offers
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.REPORTED


def test_office_escalates_and_moves_the_deadline_from_the_page(raise_problem, furong_office, departments, client):
    problem = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)
    client.force_login(furong_office)
    new_deadline = (TODAY + timedelta(days=20)).isoformat()
    client.post(f"/problems/{problem.pk}/deadline/", {"deadline": new_deadline})
    problem.refresh_from_db()
    assert problem.deadline.isoformat() == new_deadline
    response = client.post(f"/problems/{problem.pk}/escalate/", {"reason": ""}, follow=True)
    assert messages_in(response) and Problem.objects.get(pk=problem.pk).handling_region.name == "芙蓉区"
    response = client.post(f"/problems/{problem.pk}/escalate/", {"reason": "区级协调不了"}, follow=True)
    assert any("长沙市" in m for m in messages_in(response))
    page = body(response)
    assert "芙蓉区 → 长沙市" in page and "区级协调不了" in page
    assert "escalate/" not in page  # the county no longer handles it: no more actions offered


def test_actions_are_post_only_and_unknown_ones_are_404(raise_problem, furong_office, client):
    problem = raise_problem()
    client.force_login(furong_office)
    assert client.get(f"/problems/{problem.pk}/assign/").status_code == 405
    assert client.post(f"/problems/{problem.pk}/delete/").status_code == 404


def test_sibling_county_gets_404_on_page_and_actions(raise_problem, tianxin_office, departments, client):
    problem = raise_problem()
    client.force_login(tianxin_office)
    assert client.get(f"/problems/{problem.pk}/").status_code == 404
    response = client.post(f"/problems/{problem.pk}/assign/", {"department": departments.tianxin_tax.pk})
    assert response.status_code == 404
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.REPORTED


# The department's queue ----------------------------------------------------------------------------------------


def test_queue_is_sorted_by_deadline_with_overdue_marked(raise_problem, furong_office, departments, tax_staff,
                                                         client):
    later = problem_assign(actor=furong_office, problem=raise_problem(description="稍后到期"),
                           department=departments.furong_tax, deadline=TODAY + timedelta(days=9))
    late = problem_assign(actor=furong_office, problem=raise_problem(description="已经逾期"),
                          department=departments.furong_tax)
    problem_assign(actor=furong_office, problem=raise_problem(description="卫健的问题"),
                   department=departments.furong_health)
    Problem.objects.filter(pk=late.pk).update(deadline=TODAY - timedelta(days=1))
    client.force_login(tax_staff)
    response = client.get("/problems/queue/")
    rows = list(response.context["page"])
    assert [p.pk for p in rows] == [late.pk, later.pk]
    assert rows[0].is_overdue and not rows[1].is_overdue
    page = body(response)
    assert "卫健的问题" not in page and "已逾期" in page


def test_department_starts_resolves_and_declines_from_the_queue(raise_problem, furong_office, departments,
                                                                 tax_staff, client):
    first = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)
    second = problem_assign(actor=furong_office, problem=raise_problem(category="labour"),
                            department=departments.furong_tax)
    client.force_login(tax_staff)
    response = client.post(f"/problems/{first.pk}/start/", {"next": "/problems/queue/"})
    assert response.status_code == 302 and response["Location"] == "/problems/queue/"
    client.post(f"/problems/{first.pk}/resolve/", {"resolution": "已办理缓缴", "next": "/problems/queue/"})
    first.refresh_from_db()
    assert first.status == ProblemStatus.RESOLVED and first.resolution == "已办理缓缴"
    response = client.post(f"/problems/{second.pk}/decline/", {"reason": "招工问题请交人社局",
                                                               "next": "/problems/queue/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/problems/queue/"
    second.refresh_from_db()
    assert second.status == ProblemStatus.REPORTED and second.department is None
    # Declined from its own page, the problem is out of the department's sight: back to the queue, not a 404.
    third = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax)
    response = client.post(f"/problems/{third.pk}/decline/", {"reason": "非本部门职责"})
    assert response["Location"] == "/problems/queue/"


def test_co_handling_department_sees_but_cannot_act(raise_problem, furong_office, departments, health_staff,
                                                     client):
    problem = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    client.force_login(health_staff)
    page = body(client.get("/problems/queue/"))
    assert "协办" in page and f"/problems/{problem.pk}/start/" not in page
    response = client.post(f"/problems/{problem.pk}/start/", follow=True)
    assert any("芙蓉区税务局" in m for m in messages_in(response))
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.ASSIGNED


def test_queue_query_count_does_not_grow(many_problems, tax_staff, client, django_assert_max_num_queries):
    many_problems(4)
    client.force_login(tax_staff)
    with django_assert_max_num_queries(10) as small:
        client.get("/problems/queue/")
    many_problems(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/problems/queue/")
    assert response.context["page"].paginator.count == 22


# The officer's own ------------------------------------------------------------------------------------------------


def test_officer_confirms_and_reopens_from_my_problems(raise_problem, furong_office, departments, tax_staff,
                                                       officer_user, client):
    solved = problem_resolve(actor=tax_staff, problem=problem_assign(
        actor=furong_office, problem=raise_problem(description="已解决待确认"), department=departments.furong_tax),
        resolution="已协调")
    not_really = problem_resolve(actor=tax_staff, problem=problem_assign(
        actor=furong_office, problem=raise_problem(description="其实没解决"), department=departments.furong_tax),
        resolution="已答复")
    raise_problem(description="刚提出的问题")
    client.force_login(officer_user)
    response = client.get("/problems/mine/")
    rows = list(response.context["page"])
    assert {rows[0].pk, rows[1].pk} == {solved.pk, not_really.pk}  # waiting for the officer: first
    client.post(f"/problems/{solved.pk}/confirm/", {"next": "/problems/mine/"})
    response = client.post(f"/problems/{not_really.pk}/reopen/", {"reason": "企业反映仍未到位",
                                                                  "next": "/problems/mine/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/problems/mine/"
    assert Problem.objects.get(pk=solved.pk).status == ProblemStatus.CONFIRMED
    assert Problem.objects.get(pk=not_really.pk).status == ProblemStatus.REOPENED


def test_my_problems_are_the_officers_own(raise_problem, roster, client, django_assert_max_num_queries):
    raise_problem(description="我提的问题")
    raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer, description="别人提的问题")
    client.force_login(roster.officer.user)
    with django_assert_max_num_queries(8) as small:
        page = body(client.get("/problems/mine/"))
    assert "我提的问题" in page and "别人提的问题" not in page
    for _ in range(10):
        raise_problem()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/problems/mine/")


def test_navigation_offers_each_role_its_problem_page(furong_office, tax_staff, officer_user, client):
    for user, link, absent in ((furong_office, "/problems/", "/problems/mine/"),
                               (tax_staff, "/problems/queue/", "/problems/mine/"),
                               (officer_user, "/problems/mine/", "/problems/queue/")):
        client.force_login(user)
        page = body(client.get("/"))
        assert f'href="{link}"' in page and f'href="{absent}"' not in page
