"""Ledger triage: the ledger by urgency with the closed problems out of the way, the filters riding along to a problem's
page and back, "next problem" after an action, several problems dispatched at once, and a department picker that
finds any department in scope without listing thousands."""

from datetime import timedelta

import pytest
from django.utils import timezone

from problems.choices import ProblemStatus
from problems.models import Problem
from problems.selectors import department_options, dispatch_departments, ledger_next, problem_ledger
from problems.services import problem_assign, problem_confirm, problem_resolve
from regions.services import department_create

TODAY = timezone.localdate()


def body(response) -> str:
    return response.content.decode()


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def ledger_rows(client, params=None) -> list[int]:
    response = client.get("/problems/", params or {})
    assert response.status_code == 200
    return [problem.pk for problem in response.context["page"].object_list]


@pytest.fixture
def triage(raise_problem, furong_office, tax_staff, officer_user, departments):
    """One furong problem of each kind the ledger sorts, raised oldest first in the order of `raised`."""
    raised = {name: raise_problem(description=name) for name in (
        "due later", "confirmed", "overdue", "waiting", "due soon", "resolved", "waiting longer", "overdue more")}

    def dispatch(name, days):
        problem = problem_assign(actor=furong_office, problem=raised[name], department=departments.furong_tax)
        Problem.objects.filter(pk=problem.pk).update(deadline=TODAY + timedelta(days=days))

    dispatch("due later", 9)
    dispatch("due soon", 2)
    dispatch("overdue", -1)
    dispatch("overdue more", -4)
    for name in ("resolved", "confirmed"):
        problem = problem_resolve(actor=tax_staff, resolution="已协调", problem=problem_assign(
            actor=furong_office, problem=raised[name], department=departments.furong_tax))
        if name == "confirmed":
            problem_confirm(actor=officer_user, problem=problem)
    # "waiting" was raised before "waiting longer": make the latter the longer-waiting one.
    Problem.objects.filter(pk=raised["waiting longer"].pk).update(
        created_at=Problem.objects.get(pk=raised["waiting"].pk).created_at - timedelta(hours=1))
    return {name: problem.pk for name, problem in raised.items()}


def named(triage, *names) -> list[int]:
    return [triage[name] for name in names]


OPEN_ORDER = ("waiting longer", "waiting", "overdue more", "overdue", "due soon", "due later")


# The order and the closed ones ------------------------------------------------------------------------------------


def test_the_ledger_puts_undispatched_first_then_overdue_then_nearest_deadline_and_hides_the_closed(
        triage, furong_office, client):
    client.force_login(furong_office)
    assert ledger_rows(client) == named(triage, *OPEN_ORDER)


def test_the_closed_ones_are_one_filter_away_and_come_last_when_shown_with_the_rest(triage, furong_office, client):
    client.force_login(furong_office)
    assert ledger_rows(client, {"state": "all"}) == named(triage, *OPEN_ORDER, "confirmed", "resolved")
    assert set(ledger_rows(client, {"state": "closed"})) == set(named(triage, "resolved", "confirmed"))
    assert ledger_rows(client, {"state": "open"}) == ledger_rows(client)
    # A status says which problems more precisely than the default: asking for the confirmed ones shows them.
    assert ledger_rows(client, {"status": "confirmed"}) == named(triage, "confirmed")
    assert ledger_rows(client, {"status": "confirmed", "state": "open"}) == []


def test_the_department_queue_keeps_the_same_order(triage, tax_staff, client):
    client.force_login(tax_staff)
    response = client.get("/problems/queue/")
    assert [p.pk for p in response.context["page"]] == named(triage, "overdue more", "overdue", "due soon",
                                                             "due later")


def queries_on(captured, *tables) -> int:
    return sum(1 for query in captured if any(f'FROM "{table}"' in query["sql"] for table in tables))


def test_the_ledger_has_a_fixed_number_of_queries(raise_problem, furong_office, departments, client,
                                                  django_assert_max_num_queries):
    def make(count):
        for number in range(count):
            problem = raise_problem(description=f"问题{number}")
            if number % 2:
                problem_assign(actor=furong_office, problem=problem, department=departments.furong_tax,
                               co_departments=[departments.furong_health])

    make(3)
    client.force_login(furong_office)
    client.get("/problems/")  # the session and the language settle
    with django_assert_max_num_queries(10) as few:
        response = client.get("/problems/")
    assert len(response.context["page"].object_list) == 3
    # The ledger's own: the count and the rows; the picker's departments and the department filter's choices.
    assert queries_on(few.captured_queries, "problems_problem") == 2
    assert queries_on(few.captured_queries, "regions_department") == 2
    make(40)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get("/problems/", {"state": "all", "category": "tax_fees"})
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["page"].object_list) == 25
    assert body(response).count('class="pick"') == 25


def test_the_province_ledger_lists_its_own_departments_only_and_a_query_more(raise_problem, regions,
                                                                            province_office, departments,
                                                                            client, django_assert_max_num_queries):
    for number in range(30):
        raise_problem(description=f"问题{number}")
    client.force_login(province_office)
    client.get("/problems/")
    with django_assert_max_num_queries(10) as short_list:
        client.get("/problems/")
    for number in range(151):  # more departments than a picker lists: the province's own only
        department_create(region=regions.furong, name=f"芙蓉区测试部门{number:03d}", kind="other")
    # One query more each for the dispatch picker and for the department filter's select.
    with django_assert_max_num_queries(len(short_list.captured_queries) + 2) as long_list:
        response = client.get("/problems/")
    assert queries_on(long_list.captured_queries, "regions_department") == 4
    assert queries_on(long_list.captured_queries, "problems_problem") == 2
    page = body(response)
    listed = page.split('id="dispatch-departments"')[1].split("</datalist>")[0]
    assert "湖南省工业和信息化厅" in listed and "测试部门" not in listed
    assert page.count("芙蓉区测试部门") == 0  # nor in the filter's select
    assert len(response.context["page"].object_list) == 25
    # A department far below is still a filter, from a link: shown as chosen.
    far = departments.furong_tax
    problem_assign(actor=province_office, problem=raise_problem(description="交办到区里"), department=far)
    response = client.get("/problems/", {"department": far.pk})
    assert [p.description for p in response.context["page"]] == ["交办到区里"]
    assert f'<option value="{far.pk}" selected>芙蓉区税务局</option>' in body(response)


# The filters ride along ---------------------------------------------------------------------------------------------


def test_a_problem_opened_from_the_ledger_links_back_and_to_the_next_under_the_same_filters(triage, furong_office,
                                                                                           client):
    client.force_login(furong_office)
    response = client.get("/problems/", {"overdue": "true"})
    assert f'href="/problems/{triage["overdue more"]}/?ledger=overdue%3Dtrue"' in body(response)
    page = body(client.get(f"/problems/{triage['overdue more']}/", {"ledger": "overdue=true"}))
    assert 'href="/problems/?overdue=true"' in page  # back to the ledger as it was
    assert f'href="/problems/{triage["overdue"]}/?ledger=overdue%3Dtrue"' in page  # the next overdue one
    last = body(client.get(f"/problems/{triage['overdue']}/", {"ledger": "overdue=true"}))
    assert 'rel="next"' not in last and "/problems/?overdue=true" in last
    # Without the ledger's query string a problem's page is as it was: no way back or on.
    assert 'rel="next"' not in body(client.get(f"/problems/{triage['overdue']}/"))


def test_an_action_on_a_problem_from_the_ledger_moves_on_to_the_next_one(triage, furong_office, departments,
                                                                         client):
    client.force_login(furong_office)
    ledger = "department=none"
    first, second = triage["waiting longer"], triage["waiting"]
    response = client.post(f"/problems/{first}/assign/", {
        "department": "芙蓉区税务局", "deadline": "", "version": Problem.objects.get(pk=first).version,
        "ledger": ledger})
    # Dispatched, it leaves the filter; the next one is the one below it on screen, not the top of a new order.
    assert response.status_code == 302
    assert response["Location"] == f"/problems/{second}/?ledger=department%3Dnone"
    assert Problem.objects.get(pk=first).department == departments.furong_tax
    response = client.get(response["Location"])
    assert any("芙蓉区税务局" in m and Problem.objects.get(pk=first).enterprise.name in m
               for m in messages_in(response))
    # The last one: back to the ledger under its filters.
    response = client.post(f"/problems/{second}/assign/", {"department": "芙蓉区税务局", "ledger": ledger})
    assert response["Location"] == "/problems/?department=none"


def test_a_refused_action_from_the_ledger_stays_on_the_problem(triage, furong_office, client):
    client.force_login(furong_office)
    problem = triage["waiting"]
    response = client.post(f"/problems/{problem}/assign/", {
        "department": "芙蓉区税务局", "deadline": (TODAY - timedelta(days=3)).isoformat(), "ledger": "q=x"})
    assert response["Location"] == f"/problems/{problem}/?ledger=q%3Dx"
    assert Problem.objects.get(pk=problem).status == ProblemStatus.REPORTED


def test_the_next_problem_is_read_before_the_action_moves_this_one(triage, furong_office, rf):
    request = rf.get("/problems/")
    request.user = furong_office
    rows = problem_ledger(fetched_by=furong_office).filter(status__in=("reported", "assigned"))
    waiting = Problem.objects.get(pk=triage["waiting"])
    assert ledger_next(rows, after=waiting).pk == triage["overdue more"]
    due_later = Problem.objects.get(pk=triage["due later"])
    assert ledger_next(rows, after=due_later) is None
    # Not among the rows itself (a closed one), it still has a place: after every open one.
    assert ledger_next(rows, after=Problem.objects.get(pk=triage["resolved"])) is None


def test_the_ledger_parameter_cannot_widen_the_scope(triage, raise_problem, roster, furong_office, client):
    sibling = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer, description="天心区的问题")
    client.force_login(furong_office)
    page = body(client.get(f"/problems/{triage['due later']}/", {"ledger": "state=all"}))
    assert f"/problems/{sibling.pk}/" not in page
    assert client.get(f"/problems/{sibling.pk}/", {"ledger": ""}).status_code == 404


# Bulk dispatch on the ledger --------------------------------------------------------------------------------------


def bulk(client, problems, *, next_url="/problems/?department=none", versions=None, **data):
    payload = {"problems": [p for p in problems], "next": next_url, **data}
    for pk, version in (versions or {}).items():
        payload[f"version-{pk}"] = version
    return client.post("/problems/assign/", payload)


def test_office_ticks_problems_and_dispatches_them_at_once_back_to_the_same_ledger(triage, furong_office,
                                                                                   departments, client):
    client.force_login(furong_office)
    page = body(client.get("/problems/", {"department": "none"}))
    assert 'id="bulk-dispatch"' in page and f'value="{triage["waiting"]}" form="bulk-dispatch"' in page
    deadline = TODAY + timedelta(days=10)
    response = bulk(client, named(triage, "waiting", "waiting longer"), department="芙蓉区税务局",
                    deadline=deadline.isoformat())
    assert response.status_code == 302 and response["Location"] == "/problems/?department=none"
    for pk in named(triage, "waiting", "waiting longer"):
        problem = Problem.objects.get(pk=pk)
        assert (problem.status, problem.department, problem.deadline) == (
            ProblemStatus.ASSIGNED, departments.furong_tax, deadline)
        assert problem.events.filter(action="assigned").count() == 1
    response = client.get(response["Location"])
    assert any("2" in m and "芙蓉区税务局" in m for m in messages_in(response))
    assert response.context["page"].paginator.count == 0


def test_a_bulk_dispatch_refuses_each_problem_on_its_own_and_says_why(triage, raise_problem, furong_office,
                                                                      departments, client):
    changed = Problem.objects.get(pk=triage["waiting"])
    seen = changed.version
    problem_assign(actor=furong_office, problem=changed, department=departments.furong_health)  # a colleague did
    client.force_login(furong_office)
    response = bulk(client, named(triage, "waiting", "waiting longer", "resolved"), department="芙蓉区税务局",
                    versions={triage["waiting"]: seen})
    shown = messages_in(client.get(response["Location"]))
    assert Problem.objects.get(pk=triage["waiting longer"]).department == departments.furong_tax
    assert Problem.objects.get(pk=triage["waiting"]).department == departments.furong_health  # not overwritten
    assert Problem.objects.get(pk=triage["resolved"]).status == ProblemStatus.RESOLVED
    assert any(changed.enterprise.name in m and "修改" in m for m in shown), shown  # "changed after you opened it"
    assert any("1" in m and "芙蓉区税务局" in m for m in shown)


def test_a_bulk_dispatch_keeps_each_problems_co_handling_departments(raise_problem, furong_office, departments,
                                                                     client):
    problem = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax,
                             co_departments=[departments.furong_health])
    client.force_login(furong_office)
    bulk(client, [problem.pk], department="芙蓉区卫生健康局")
    problem.refresh_from_db()
    assert problem.department == departments.furong_health
    assert list(problem.co_departments.all()) == []  # the new lead is no longer its own helper
    other = problem_assign(actor=furong_office, problem=raise_problem(), department=departments.furong_tax,
                           co_departments=[departments.furong_health])
    bulk(client, [other.pk], department="芙蓉区税务局")
    assert list(Problem.objects.get(pk=other.pk).co_departments.all()) == [departments.furong_health]


def test_a_bulk_dispatch_needs_problems_and_a_department_in_reach(triage, raise_problem, roster, furong_office,
                                                                  departments, client):
    sibling = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer)
    client.force_login(furong_office)
    before = list(Problem.objects.order_by("pk").values_list("pk", "status", "version"))
    for problems, department in (([], "芙蓉区税务局"), (named(triage, "waiting"), "天心区税务局"),
                                 (named(triage, "waiting"), ""), ([sibling.pk], "芙蓉区税务局")):
        response = bulk(client, problems, department=department)
        assert response["Location"] == "/problems/?department=none"
        assert messages_in(client.get(response["Location"])), (problems, department)
    assert list(Problem.objects.order_by("pk").values_list("pk", "status", "version")) == before


def test_a_bulk_dispatch_goes_back_only_to_a_page_of_this_site(triage, furong_office, client):
    client.force_login(furong_office)
    response = bulk(client, named(triage, "waiting"), department="芙蓉区税务局", next_url="https://evil.example/")
    assert response["Location"] == "/problems/"


def test_the_sibling_county_and_departments_get_no_bulk_dispatch(triage, tianxin_office, tax_staff, client):
    client.force_login(tianxin_office)
    assert 'class="pick"' not in body(client.get("/problems/"))
    bulk(client, named(triage, "waiting"), department="天心区税务局")
    assert Problem.objects.get(pk=triage["waiting"]).status == ProblemStatus.REPORTED
    client.force_login(tax_staff)
    page = body(client.get("/problems/"))
    assert 'id="bulk-dispatch"' not in page
    bulk(client, named(triage, "due soon"), department="芙蓉区税务局")
    assert Problem.objects.get(pk=triage["due soon"]).events.filter(action="assigned").count() == 1


def test_the_dashboards_problem_table_has_no_boxes(triage, furong_office, regions, client):
    client.force_login(furong_office)
    page = body(client.get(f"/dashboard/{regions.furong.pk}/problems/", {"show": "open"}))
    assert 'class="pick"' not in page and "?ledger=" not in page


# The department picker --------------------------------------------------------------------------------------------


def test_the_dispatch_picker_preselects_the_suggestion_and_lists_the_offices_departments(raise_problem,
                                                                                        furong_office, departments,
                                                                                        client):
    problem = raise_problem(category="epidemic_supplies")
    client.force_login(furong_office)
    page = body(client.get(f"/problems/{problem.pk}/"))
    assert 'name="department" value="芙蓉区卫生健康局"' in page  # health goes to health
    assert 'list="dispatch-departments"' in page and '<option value="芙蓉区税务局">' in page
    assert "天心区税务局" not in page
    assert "<select" not in page.split('id="dispatch-departments"')[0].split("assign/")[-1]  # no drop-down
    assert "js/department-picker.js" in page


def test_the_picker_is_searchable_within_the_handling_offices_reach(raise_problem, furong_office, tianxin_office,
                                                                     province_office, departments, client):
    problem = raise_problem()
    client.force_login(furong_office)
    found = client.get("/problems/departments/", {"problem": problem.pk, "q": "税务"}).json()["results"]
    assert [row["label"] for row in found] == ["芙蓉区税务局"]
    everything = client.get("/problems/departments/", {"q": "局"}).json()["results"]
    assert {row["label"] for row in everything} == {"芙蓉区税务局", "芙蓉区卫生健康局"}
    client.force_login(tianxin_office)
    assert client.get("/problems/departments/", {"problem": problem.pk, "q": "税务"}).status_code == 404
    assert [r["label"] for r in client.get("/problems/departments/", {"q": "税务"}).json()["results"]] == [
        "天心区税务局"]
    client.force_login(province_office)
    labels = [r["label"] for r in client.get("/problems/departments/", {"q": "税务"}).json()["results"]]
    assert set(labels) == {"芙蓉区税务局", "天心区税务局"}


def test_the_picker_takes_a_name_a_unique_part_of_one_or_says_which_were_meant(raise_problem, furong_office,
                                                                               departments, client):
    client.force_login(furong_office)
    department_create(region=departments.furong_tax.region, name="芙蓉区税务局第二分局", kind="tax")
    cases = (("芙蓉区卫生健康局", departments.furong_health, None), ("卫生健康", departments.furong_health, None),
             ("税务", None, "芙蓉区税务局、芙蓉区税务局第二分局"), ("公安", None, "公安"),
             ("天心区税务局", None, "天心区税务局"), (str(departments.furong_tax.pk), departments.furong_tax, None))
    for text, department, error in cases:
        problem = raise_problem()
        response = client.post(f"/problems/{problem.pk}/assign/", {"department": text}, follow=True)
        problem.refresh_from_db()
        assert problem.department == department, text
        if error:
            assert any(error in m for m in messages_in(response)), (text, messages_in(response))


def test_co_handling_departments_are_picked_the_same_way(raise_problem, furong_office, departments, client):
    problem = raise_problem()
    client.force_login(furong_office)
    client.post(f"/problems/{problem.pk}/assign/", {"department": "芙蓉区税务局",
                                                     "co_departments": ["卫生健康", "", "芙蓉区税务局"]})
    problem.refresh_from_db()
    assert problem.department == departments.furong_tax
    assert list(problem.co_departments.all()) == [departments.furong_health]
    page = body(client.get(f"/problems/{problem.pk}/"))
    assert 'name="co_departments" value="芙蓉区卫生健康局"' in page


def test_a_long_list_of_departments_is_cut_to_the_top_regions_own(regions, province_office, raise_problem,
                                                                   departments):
    few = dispatch_departments(problem=raise_problem(), fetched_by=province_office)
    assert department_options(few) == list(few)
    for number in range(151):
        department_create(region=regions.furong, name=f"芙蓉区测试部门{number:03d}", kind="other")
    problem = raise_problem()
    problem.handling_region = regions.province
    many = dispatch_departments(problem=problem, fetched_by=province_office)
    assert [d.name for d in department_options(many)] == ["湖南省工业和信息化厅"]
