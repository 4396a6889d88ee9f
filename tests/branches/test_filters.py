"""The visits list's filters (branches.filters.VisitFilterSet) serve the office's visits page, its export and
/api/v1/branch-visits/ alike: the same query string gives the same rows, a bad value is a form error on the page, a
400 on the API and no download, and no filter reaches a visit outside the user's scope."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from branches.choices import MemberRole
from branches.exports import VISIT_COLUMNS
from branches.models import BranchVisit
from branches.quotas import iso_week_label
from branches.services import member_add, visit_log, visit_raise_problem
from tests import factories
from tests.lists import export_refused, exported

TODAY = timezone.localdate()
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
DAY, ENTERPRISE, _REGION, _BRANCH, MEMBER = (column.header for column in VISIT_COLUMNS[:5])


@pytest.fixture
def visits(branch_world, roster) -> dict:
    """Three 芙蓉区 visits in three ISO weeks (today's found issues now in the ledger, the oldest found issues left
    there) and one of the sibling county's branch today."""
    officer_member, secretary = branch_world.officer_member, branch_world.secretary
    today = visit_log(actor=roster.officer.user, member=officer_member, enterprise=roster.furong_enterprise,
                      visited_on=TODAY, checked="检查复工防疫", issues_found="缺少口罩")
    visit_raise_problem(actor=roster.officer.user, visit=today, category="epidemic_supplies")
    last_week = visit_log(actor=branch_world.secretary_user, member=secretary, enterprise=roster.furong_enterprise_2,
                          visited_on=TODAY - timedelta(days=7), checked="了解用工需求")
    older = visit_log(actor=roster.officer.user, member=officer_member, enterprise=roster.furong_enterprise_2,
                      visited_on=TODAY - timedelta(days=14), checked="检查安全生产", issues_found="消防通道堵塞")
    tianxin_member = member_add(actor=factories.system_actor(), branch=branch_world.tianxin_branch,
                                role=MemberRole.LIAISON_OFFICER, officer=roster.tianxin_officer,
                                joined_on=TODAY - timedelta(days=30))
    tianxin = visit_log(actor=roster.tianxin_officer.user, member=tianxin_member, enterprise=roster.tianxin_enterprise,
                        visited_on=TODAY, checked="天心区走访", issues_found="天心区的问题")
    return {"today": today.pk, "last_week": last_week.pk, "older": older.pk, "tianxin": tianxin.pk,
            "tianxin_member": tianxin_member.pk}


def page_rows(client, params) -> list[int]:
    response = client.get("/branches/visits/", params)
    assert response.status_code == 200
    return [visit.pk for visit in response.context["page"].object_list]


def api_rows(client, params) -> list[int]:
    response = client.get("/api/v1/branch-visits/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def sheet_rows(client, params) -> list[tuple]:
    """The export's rows as (day, enterprise, member): a visit has no number of its own to show."""
    sheet = exported(client, "/branches/visits/", params)
    with translation.override("zh-hans"):
        columns = [sheet.column(str(header)) for header in (DAY, ENTERPRISE, MEMBER)]
    return [(day.date(), enterprise, member) for day, enterprise, member in zip(*columns, strict=True)]


def described(pks) -> list[tuple]:
    visits = BranchVisit.objects.select_related("enterprise", "member").in_bulk(pks)
    return [(visits[pk].visited_on, visits[pk].enterprise.name, visits[pk].member.name) for pk in pks]


def test_the_same_query_string_gives_the_same_rows_on_the_page_the_api_and_the_export(visits, branch_world, roster,
                                                                                      regions, furong_office,
                                                                                      client):
    client.force_login(furong_office)
    cases = [
        ({}, ["today", "last_week", "older"]),
        ({"week": iso_week_label(TODAY)}, ["today"]),
        ({"week": iso_week_label(TODAY - timedelta(days=7)).lower()}, ["last_week"]),
        ({"visited_from": (TODAY - timedelta(days=7)).isoformat(),
          "visited_to": (TODAY - timedelta(days=1)).isoformat()}, ["last_week"]),
        ({"visited_from": (TODAY - timedelta(days=7)).isoformat()}, ["today", "last_week"]),
        ({"issues": "true"}, ["today", "older"]),
        ({"issues": "false"}, ["last_week"]),
        ({"in_ledger": "true"}, ["today"]),
        ({"in_ledger": "no", "issues": "yes"}, ["older"]),
        ({"branch": branch_world.branch.pk}, ["today", "last_week", "older"]),
        ({"member": branch_world.secretary.pk}, ["last_week"]),
        ({"officer": roster.officer.pk}, ["today", "older"]),
        ({"enterprise": roster.furong_enterprise_2.pk}, ["last_week", "older"]),
        ({"region": regions.furong.pk}, ["today", "last_week", "older"]),
        ({"q": "消防"}, ["older"]),
        ({"q": "周建国"}, ["last_week"]),  # the member's name
        ({"q": roster.furong_enterprise.name[:4]}, ["today"]),
    ]
    for params, expected in cases:
        on_the_page = page_rows(client, params)
        assert on_the_page == [visits[name] for name in expected], params
        assert api_rows(client, params) == on_the_page, params
        assert sheet_rows(client, params) == described(on_the_page), params
    # The API's name for the search, `search`, is the page's `q`.
    assert api_rows(client, {"search": "消防"}) == [visits["older"]]


def test_the_export_says_which_filters_made_it(visits, branch_world, furong_office, client):
    client.force_login(furong_office)
    week = iso_week_label(TODAY)
    sheet = exported(client, "/branches/visits/", {"week": week, "member": branch_world.officer_member.pk})
    assert week in sheet.caption[0] and branch_world.officer_member.name in sheet.caption[0]
    assert len(sheet.rows) == 1


@pytest.mark.parametrize(("params", "field"), [
    ({"week": "2026-07"}, "week"),
    ({"week": "2026-W60"}, "week"),
    ({"visited_from": "yesterday"}, "visited_from"),
    ({"visited_to": "2026-02-30"}, "visited_to"),
    ({"issues": "maybe"}, "issues"),
    ({"in_ledger": "sometimes"}, "in_ledger"),
    ({"region": "furong"}, "region"),
    ({"branch": "999999"}, "branch"),
    ({"member": "x"}, "member"),
    ({"officer": "999999"}, "officer"),
    ({"enterprise": "999999"}, "enterprise"),
])
def test_a_bad_value_is_a_form_error_on_the_page_a_400_on_the_api_and_no_download(params, field, visits,
                                                                                  furong_office, client):
    client.force_login(furong_office)
    response = client.get("/branches/visits/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert set(page_rows(client, params)) == {visits["today"], visits["last_week"], visits["older"]}

    response = client.get("/api/v1/branch-visits/", params, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    export_refused(client, "/branches/visits/", params)


def test_no_filter_reaches_a_visit_outside_the_users_scope(visits, branch_world, roster, regions, furong_office,
                                                           changsha_office, client):
    client.force_login(furong_office)
    for params in ({}, {"q": "天心"}, {"week": iso_week_label(TODAY)}, {"issues": "true"}, {"in_ledger": "false"}):
        assert visits["tianxin"] not in page_rows(client, params), params
        assert visits["tianxin"] not in api_rows(client, params), params
        assert all(enterprise != roster.tianxin_enterprise.name for _, enterprise, _ in sheet_rows(client, params))
    # The sibling county's branch, member, officer, enterprise and region are not choices: an error, not its visits.
    for params in ({"branch": branch_world.tianxin_branch.pk}, {"member": visits["tianxin_member"]},
                   {"officer": roster.tianxin_officer.pk}, {"enterprise": roster.tianxin_enterprise.pk},
                   {"region": regions.tianxin.pk}):
        (field,) = params
        assert client.get("/api/v1/branch-visits/", params).status_code == 400, params
        assert field in client.get("/branches/visits/", params).context["form"].errors
        assert visits["tianxin"] not in page_rows(client, params)
        export_refused(client, "/branches/visits/", params)
    # The city above sees both counties, and a county's region is its subtree.
    client.force_login(changsha_office)
    assert page_rows(client, {"region": regions.tianxin.pk}) == [visits["tianxin"]]
    assert api_rows(client, {"region": regions.furong.pk}) == [visits["today"], visits["last_week"], visits["older"]]
    assert api_rows(client, {"region": regions.changsha.pk, "week": iso_week_label(TODAY)}) == [
        visits["tianxin"], visits["today"]]

def test_the_page_is_the_offices_and_names_what_narrows_it(visits, branch_world, roster, client):
    client.force_login(roster.officer.user)  # a member: the API lists the branch's visits, the page is not theirs
    assert client.get("/branches/visits/").status_code == 404
    assert set(api_rows(client, {})) == {visits["today"], visits["last_week"], visits["older"]}
    client.force_login(factories.make_office_user("furong-reader", roster.furong_enterprise.region))
    body = client.get("/branches/visits/", {"member": branch_world.secretary.pk}).content.decode()
    assert 'type="hidden" name="member"' in body and 'name="search"' not in body
    assert branch_world.secretary.name in body.split('class="narrowed"')[1]  # says what narrows the list
    assert f'href="/branches/visits/{visits["last_week"]}/"' in body  # each row opens the visit
    detail = client.get(f"/branches/{branch_world.branch.pk}/").content.decode()
    assert f"/branches/visits/?branch={branch_world.branch.pk}" in detail
    assert f"/branches/visits/?member={branch_world.secretary.pk}" in detail


def test_the_api_schema_documents_the_visits_filters(furong_office, client):
    client.force_login(furong_office)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/branch-visits/"]["get"]["parameters"]}
    assert {"q", "search", "region", "week", "visited_from", "visited_to", "issues", "in_ledger", "branch", "member",
            "officer", "enterprise", "page"} <= set(parameters)
    assert parameters["issues"]["type"] == "boolean" and parameters["in_ledger"]["type"] == "boolean"
    assert parameters["visited_from"] == {"type": "string", "format": "date"}
    assert parameters["member"]["type"] == "integer" and parameters["region"]["type"] == "integer"
    assert "post" in schema["paths"]["/api/v1/branch-visits/"]


@pytest.mark.parametrize("rows", [2, 30])
def test_the_visits_page_query_count_does_not_grow(rows, branch_world, roster, furong_office, client,
                                                   django_assert_num_queries):
    for n in range(rows):
        visit_log(actor=roster.officer.user, member=branch_world.officer_member, enterprise=roster.furong_enterprise,
                  visited_on=TODAY - timedelta(days=n % 50), checked=f"走访{n}", issues_found="问题" if n % 2 else "")
    client.force_login(furong_office)
    # Session, user, posts; the count, the regions offered, the page's rows; the header's unread-notices badge.
    with django_assert_num_queries(7):
        response = client.get("/branches/visits/", {"issues": "true"})
    assert response.context["page"].paginator.count == rows // 2
    # A member by id costs its one look-up, whatever the rows.
    with django_assert_num_queries(8):
        response = client.get("/branches/visits/", {"member": branch_world.officer_member.pk})
    assert response.context["page"].paginator.count == rows
