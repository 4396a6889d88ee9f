"""The ledger's filters (problems.filters.ProblemFilterSet) serve the page and /api/v1/problems/ alike: the same query
string gives the same rows, a bad value is a form error on the page and a 400 on the API, and no filter reaches a
problem outside the user's scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from problems.models import Problem
from problems.services import problem_assign
from tests.lists import export_refused, exported

TODAY = timezone.localdate()
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def ledger(raise_problem, roster, furong_office, departments):
    """Three furong problems (one dispatched and overdue) and one of the sibling county, dispatched there."""
    tax = problem_assign(actor=furong_office, problem=raise_problem(description="申请税费减免"),
                         department=departments.furong_tax)
    Problem.objects.filter(pk=tax.pk).update(deadline=TODAY - timedelta(days=1))
    labour = raise_problem(category="labour", description="招工难，缺普工30人")
    logistics = raise_problem(category="logistics", description="物流不畅，原料进不来")
    tianxin = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer, description="天心区的问题")
    return {"tax": tax.pk, "labour": labour.pk, "logistics": logistics.pk, "tianxin": tianxin.pk}


def page_rows(client, params) -> list[int]:
    response = client.get("/problems/", params)
    assert response.status_code == 200
    return [problem.pk for problem in response.context["page"].object_list]


def api_rows(client, params) -> list[int]:
    response = client.get("/api/v1/problems/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_same_query_string_gives_the_same_rows_on_the_page_the_api_and_the_export(ledger, departments,
                                                                                      furong_office, client):
    client.force_login(furong_office)
    cases = [
        ({}, {"tax", "labour", "logistics"}),
        ({"category": "labour"}, {"labour"}),
        ({"overdue": "true"}, {"tax"}),
        ({"overdue": "false"}, {"labour", "logistics"}),
        ({"status": "reported", "q": "普工"}, {"labour"}),
        ({"department": departments.furong_tax.pk}, {"tax"}),
        ({"tier": "county", "status": "assigned"}, {"tax"}),
        ({"tier": "city"}, set()),
        ({"department": "none"}, {"labour", "logistics"}),
    ]
    for params, expected in cases:
        on_the_page = page_rows(client, params)
        assert on_the_page == api_rows(client, params), params
        assert set(on_the_page) == {ledger[name] for name in expected}, params
        assert exported(client, "/problems/", params).column("编号") == on_the_page, params
    # The API's older name for the search, `search`, is the page's `q`.
    assert api_rows(client, {"search": "物流"}) == api_rows(client, {"q": "物流"}) == [ledger["logistics"]]


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "bogus"}, "status"),
    ({"category": "weather"}, "category"),
    ({"tier": "village"}, "tier"),
    ({"department": "999999"}, "department"),
    ({"department": "furong"}, "department"),
    ({"overdue": "maybe"}, "overdue"),
])
def test_a_bad_value_is_a_form_error_on_the_page_and_a_400_on_the_api(params, field, ledger, furong_office, client):
    client.force_login(furong_office)
    before = list(Problem.objects.order_by("pk").values_list("pk", "status", "version"))
    response = client.get("/problems/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "有效" in response.content.decode()  # "Select a valid choice" in the page's language
    assert set(page_rows(client, params)) == {ledger["tax"], ledger["labour"], ledger["logistics"]}

    response = client.get("/api/v1/problems/", params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "有效" in response.json()[field][0]
    assert "有效" in export_refused(client, "/problems/", params)
    assert list(Problem.objects.order_by("pk").values_list("pk", "status", "version")) == before


def test_no_filter_reaches_a_problem_outside_the_users_scope(ledger, departments, furong_office, client):
    client.force_login(furong_office)
    for params in ({}, {"q": "天心"}, {"category": "tax_fees"}, {"status": "reported"}, {"tier": "county"},
                   {"overdue": "false"}):
        assert ledger["tianxin"] not in page_rows(client, params), params
        assert ledger["tianxin"] not in api_rows(client, params), params
    # The sibling county's department is not a choice: an error, not its problems.
    sibling = {"department": departments.tianxin_tax.pk}
    assert client.get("/api/v1/problems/", sibling).status_code == 400
    response = client.get("/problems/", sibling)
    assert "department" in response.context["form"].errors
    assert ledger["tianxin"] not in page_rows(client, sibling)


def test_the_page_offers_only_the_departments_the_user_sees(ledger, departments, furong_office, client):
    client.force_login(furong_office)
    choices = client.get("/problems/").context["form"].fields["department"].queryset
    assert departments.furong_tax in choices and departments.tianxin_tax not in choices
    page = client.get("/problems/").content.decode()
    assert 'name="q"' in page and 'name="search"' not in page  # the page keeps its own name for the search


def test_the_api_schema_documents_the_ledgers_filters(furong_office, client):
    client.force_login(furong_office)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/problems/"]["get"]["parameters"]}
    assert {"q", "search", "status", "category", "tier", "department", "overdue", "page"} <= set(parameters)
    assert "bogus" not in parameters["status"]["enum"] and "reported" in parameters["status"]["enum"]
    assert parameters["overdue"]["type"] == "boolean" and parameters["department"]["type"] == "integer"
    queue = {p["name"] for p in schema["paths"]["/api/v1/problems/queue/"]["get"]["parameters"]}
    assert queue == {"status", "page"}  # the queue keeps its own status and none of the ledger's filters


def test_the_export_says_which_filters_made_it_and_escapes_what_looks_like_a_formula(ledger, departments,
                                                                                    raise_problem, furong_office,
                                                                                    client):
    raise_problem(category="labour", description="=HYPERLINK(\"http://evil.example\")")
    client.force_login(furong_office)
    sheet = exported(client, "/problems/", {"category": "labour", "overdue": "false"})
    assert sheet.caption[0] == "筛选条件：类别：用工招工；逾期：否"
    assert sheet.caption[1].startswith("导出于 ")
    assert '=HYPERLINK("http://evil.example")' in sheet.column("问题描述")
    undispatched = exported(client, "/problems/", {"department": "none"})
    assert undispatched.caption[0] == "筛选条件：部门：未交办"
    assert set(undispatched.column("部门")) == {None}
