"""The ledger's filters (problems.filters.ProblemLedgerFilterSet) serve the page and /api/v1/problems/ alike: the same
query string gives the same rows, a bad value is a form error on the page and a 400 on the API, and no filter reaches a
problem outside the user's scope. The closed problems are left out unless `state` (or a `status`) asks for them."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from problems.models import Problem
from problems.services import problem_assign, problem_confirm, problem_resolve
from tests.lists import export_refused, exported

TODAY = timezone.localdate()
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def ledger(raise_problem, roster, furong_office, departments, tax_staff, officer_user):
    """Three open furong problems (one dispatched and overdue), two closed ones (one resolved by the department,
    one confirmed by the officer) and one of the sibling county."""
    tax = problem_assign(actor=furong_office, problem=raise_problem(description="申请税费减免"),
                         department=departments.furong_tax)
    Problem.objects.filter(pk=tax.pk).update(deadline=TODAY - timedelta(days=1))
    labour = raise_problem(category="labour", description="招工难，缺普工30人")
    logistics = raise_problem(category="logistics", description="物流不畅，原料进不来")
    resolved = problem_resolve(actor=tax_staff, resolution="已办理", problem=problem_assign(
        actor=furong_office, problem=raise_problem(description="已办结待确认"), department=departments.furong_tax))
    confirmed = problem_confirm(actor=officer_user, problem=problem_resolve(
        actor=tax_staff, resolution="已办理", problem=problem_assign(
            actor=furong_office, problem=raise_problem(category="labour", description="已确认办结"),
            department=departments.furong_tax)))
    tianxin = raise_problem(roster.tianxin_enterprise, officer=roster.tianxin_officer, description="天心区的问题")
    return {"tax": tax.pk, "labour": labour.pk, "logistics": logistics.pk, "resolved": resolved.pk,
            "confirmed": confirmed.pk, "tianxin": tianxin.pk}


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
        ({"state": "open"}, {"tax", "labour", "logistics"}),
        ({"state": "closed"}, {"resolved", "confirmed"}),
        ({"state": "all"}, {"tax", "labour", "logistics", "resolved", "confirmed"}),
        ({"state": "all", "category": "labour"}, {"labour", "confirmed"}),
        ({"state": "closed", "department": departments.furong_tax.pk}, {"resolved", "confirmed"}),
        ({"status": "resolved"}, {"resolved"}),  # a status asks for itself, closed or not
        ({"status": "resolved", "state": "open"}, set()),
        ({"overdue": "false", "state": "all"}, {"labour", "logistics", "resolved", "confirmed"}),
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
    ({"state": "done"}, "state"),
])
def test_a_bad_value_is_a_form_error_on_the_page_and_a_400_on_the_api(params, field, ledger, furong_office, client):
    client.force_login(furong_office)
    before = list(Problem.objects.order_by("pk").values_list("pk", "status", "version"))
    response = client.get("/problems/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "有效" in response.content.decode()  # "Select a valid choice" in the page's language
    # The page lists every problem it would without the filters: the closed ones too, as no default applied.
    assert set(page_rows(client, params)) == {ledger[name] for name in ("tax", "labour", "logistics", "resolved",
                                                                          "confirmed")}

    response = client.get("/api/v1/problems/", params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "有效" in response.json()[field][0]
    assert "有效" in export_refused(client, "/problems/", params)
    assert list(Problem.objects.order_by("pk").values_list("pk", "status", "version")) == before


def test_no_filter_reaches_a_problem_outside_the_users_scope(ledger, departments, furong_office, client):
    client.force_login(furong_office)
    for params in ({}, {"q": "天心"}, {"category": "tax_fees"}, {"status": "reported"}, {"tier": "county"},
                   {"overdue": "false"}, {"state": "all"}, {"state": "closed"}):
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
    assert {"q", "search", "state", "status", "category", "tier", "department", "overdue", "page"} <= set(parameters)
    assert set(parameters["state"]["enum"]) == {"open", "closed", "all"}
    assert "bogus" not in parameters["status"]["enum"] and "reported" in parameters["status"]["enum"]
    assert parameters["overdue"]["type"] == "boolean" and parameters["department"]["type"] == "integer"
    queue = {p["name"] for p in schema["paths"]["/api/v1/problems/queue/"]["get"]["parameters"]}
    assert queue == {"status", "page"}  # the queue keeps its own status and none of the ledger's filters


def test_the_export_says_which_filters_made_it_and_escapes_what_looks_like_a_formula(ledger, departments,
                                                                                    raise_problem, furong_office,
                                                                                    client):
    raise_problem(category="labour", description="=HYPERLINK(\"http://evil.example\")")
    client.force_login(furong_office)
    with translation.override("zh-hans"):
        state = f"{gettext('Open or closed')}：{pgettext('problem state', 'Open')}"
        department, overdue = gettext("Department"), gettext("Overdue")
    sheet = exported(client, "/problems/", {"category": "labour", "overdue": "false"})
    # The open ones by default, and the caption says so: a sheet handed over does not hide what it leaves out.
    assert sheet.caption[0] == f"筛选条件：{state}；类别：用工招工；{overdue}：否"
    assert sheet.caption[1].startswith("导出于 ")
    assert '=HYPERLINK("http://evil.example")' in sheet.column("问题描述")
    undispatched = exported(client, "/problems/", {"department": "none"})
    assert undispatched.caption[0] == f"筛选条件：{state}；{department}：未交办"
    assert set(undispatched.column(department)) == {None}
    assert "已确认办结" not in sheet.column("问题描述")
    closed = exported(client, "/problems/", {"state": "closed", "category": "labour"})
    assert closed.column("问题描述") == ["已确认办结"]
