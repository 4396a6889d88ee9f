from datetime import timedelta

import pytest
from django.utils import timezone

from officers.choices import AssignmentEndReason
from officers.services import assignment_end
from tests import factories


@pytest.fixture
def many_enterprises(regions, roster):
    """Enough rows for two pages, spread over the 长沙 counties, each with an officer."""
    for number in range(40):
        region = (regions.furong, regions.tianxin, regions.yuelu_park)[number % 3]
        enterprise = factories.make_enterprise(region, f"长沙批量企业{number:02d}有限公司")
        factories.make_assignment(factories.make_officer(region), enterprise)


def test_officer_home_lists_todays_enterprises_only(officer_user, roster, furong_office, client):
    assignment_end(actor=furong_office, assignment=roster.furong_assignment,
                   end_date=timezone.localdate() - timedelta(days=1), reason=AssignmentEndReason.ROTATED)
    client.force_login(officer_user)
    body = client.get("/").content.decode()
    assert roster.furong_enterprise_2.name in body
    assert roster.furong_enterprise.name not in body


def test_enterprise_roster_query_count_does_not_grow(changsha_office, many_enterprises, client,
                                                     django_assert_max_num_queries):
    client.force_login(changsha_office)
    with django_assert_max_num_queries(9):
        response = client.get("/roster/enterprises/")
    page = response.context["page"]
    assert page.paginator.count == 43
    assert len(page.object_list) == 25
    assert all(enterprise.active_officer_count >= 1 for enterprise in page.object_list)
    with django_assert_max_num_queries(9):
        assert client.get("/roster/enterprises/?page=2").status_code == 200


def test_officer_roster_query_count_does_not_grow(changsha_office, many_enterprises, client,
                                                  django_assert_max_num_queries):
    client.force_login(changsha_office)
    with django_assert_max_num_queries(9):
        response = client.get("/roster/officers/")
    assert response.context["page"].paginator.count == 43


def test_roster_search_filters_and_pages_together(changsha_office, many_enterprises, regions, client):
    client.force_login(changsha_office)
    response = client.get("/roster/enterprises/", {"q": "批量企业0", "region": regions.furong.pk})
    names = [e.name for e in response.context["page"]]
    assert names and all(name.startswith("长沙批量企业0") for name in names)
    assert all(e.region == regions.furong for e in response.context["page"])
    # The pager keeps the filters.
    response = client.get("/roster/enterprises/", {"region": regions.changsha.pk})
    assert f"region={regions.changsha.pk}&amp;page=2" in response.content.decode()


def test_a_region_filter_outside_scope_is_a_form_error_not_data(furong_office, roster, regions, client):
    client.force_login(furong_office)
    response = client.get("/roster/enterprises/", {"region": regions.tianxin.pk})
    assert response.status_code == 200
    assert roster.tianxin_enterprise.name not in response.content.decode()
    assert response.context["form"].errors["region"]


def test_enterprise_detail_shows_officers_with_history(furong_office, roster, client, django_assert_max_num_queries):
    assignment_end(actor=furong_office, assignment=roster.furong_assignment, end_date=timezone.localdate(),
                   reason=AssignmentEndReason.RECALLED, note="履职不力")
    client.force_login(furong_office)
    with django_assert_max_num_queries(8):
        body = client.get(f"/roster/enterprises/{roster.furong_enterprise.pk}/").content.decode()
    assert roster.officer.name in body and "已召回" in body and "履职不力" in body


def test_officer_detail_shows_dual_management(changsha_office, roster, client, django_assert_max_num_queries):
    client.force_login(changsha_office)
    with django_assert_max_num_queries(8):
        body = client.get(f"/roster/officers/{roster.city_officer.pk}/").content.decode()
    assert "长沙市" in body and "天心区" in body and roster.tianxin_enterprise.name in body


def test_enterprise_page_title_is_plain_text(furong_office, roster, client):
    client.force_login(furong_office)
    body = client.get(f"/roster/enterprises/{roster.furong_enterprise.pk}/").content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and roster.furong_enterprise.name in title
    assert body.count("近期日报") == 1
