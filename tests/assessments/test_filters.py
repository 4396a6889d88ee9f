"""A round's officers are filtered by one FilterSet (assessments.filters.OfficerAssessmentFilterSet) on the round page,
its xlsx list (`xlsx=1`) and /api/v1/officer-assessments/ alike: the same query string gives the same rows, a bad
value is a form error on the page, a 400 on the API and no download, and no filter reaches a row outside the user's
scope."""

from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from assessments.choices import Grade, Source
from assessments.models import OfficerAssessment
from assessments.services import (
    daily_adjust,
    daily_scores_propose,
    grade_set,
    opinion_answer,
    opinion_request_create,
    opinion_token,
    round_open,
    score_set,
)
from spreadsheets.writing import XLSX_TYPE
from tests import factories
from tests.assessments.conftest import add_officers, assessment_of

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
CAPTION_LINES = 2  # the filters on screen, and when the sheet was made


@pytest.fixture
def entries(changsha_round, organization_user, tianxin_office, roster, regions):
    """The Changsha round's three officers in different states, and a Zhuzhou round nobody in Changsha sees.

    李明 (芙蓉区): comprehensive 90, graded competent, an enterprise opinion. 王芳 (天心区): daily score adjusted by
    天心区's office. 陈刚 (dispatched by the city, stationed in 天心区): nothing entered beyond the proposal.
    """
    li, wang, chen = (assessment_of(changsha_round, officer)
                      for officer in (roster.officer, roster.tianxin_officer, roster.city_officer))
    daily_scores_propose(actor=organization_user, assessment_round=changsha_round)
    score_set(actor=organization_user, assessment=li, source=Source.COMPREHENSIVE, score="90")
    grade_set(actor=organization_user, assessment=li, grade=Grade.COMPETENT)
    daily_adjust(actor=tianxin_office, assessment=wang, score="85", reason="协调有力")
    opinion = opinion_request_create(actor=organization_user, assessment=li, enterprise=roster.furong_enterprise)
    opinion_answer(token=opinion_token(opinion), rating=100)

    zhuzhou_org = factories.make_office_user("zhuzhou-org", regions.zhuzhou, kind="organization")
    today = timezone.localdate()
    zhuzhou_round = round_open(actor=zhuzhou_org, region=regions.zhuzhou, name="株洲考核",
                               period_start=today - timedelta(days=30), period_end=today)
    return {"round": changsha_round.pk, "zhuzhou_round": zhuzhou_round.pk, "li": li.pk, "wang": wang.pk,
            "chen": chen.pk, "zhuzhou": zhuzhou_round.assessments.get().pk}


def page_rows(client, round_pk, params) -> list[int]:
    response = client.get(f"/assessments/{round_pk}/", params)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].object_list]


def api_rows(client, round_pk, params) -> list[int]:
    response = client.get("/api/v1/officer-assessments/", {"round": round_pk, **params})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def export_names(client, round_pk, params) -> list[str]:
    response = client.get(f"/assessments/{round_pk}/", {**params, "xlsx": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=CAPTION_LINES + 2, values_only=True))
    return [row[0] for row in rows]


def names_of(pks) -> list[str]:
    names = dict(OfficerAssessment.objects.filter(pk__in=pks).values_list("pk", "officer__name"))
    return [names[pk] for pk in pks]


def test_the_same_query_string_gives_the_same_rows_on_the_page_the_api_and_the_export(entries, organization_user,
                                                                                     regions, client):
    client.force_login(organization_user)
    everyone = {"li", "wang", "chen"}
    cases = [
        ({}, everyone),
        ({"q": "李明"}, {"li"}),
        ({"q": "天心区后盾单位"}, {"wang"}),  # the backing unit's name
        ({"grade": "competent"}, {"li"}),
        ({"grade": "none"}, {"wang", "chen"}),
        ({"grade": "excellent"}, set()),
        ({"graded": "true"}, {"li"}),
        ({"graded": "false"}, {"wang", "chen"}),
        ({"region": regions.furong.pk}, {"li"}),
        ({"region": regions.tianxin.pk}, {"wang"}),
        ({"region": regions.changsha.pk}, everyone),  # a region means its subtree
        ({"comprehensive": "scored"}, {"li"}),
        ({"comprehensive": "missing"}, {"wang", "chen"}),
        ({"daily": "adjusted"}, {"wang"}),
        ({"daily": "adjusted", "graded": "true"}, set()),
        ({"work_evaluation": "missing"}, everyone),
        ({"enterprise_opinion": "scored"}, {"li"}),
        ({"outcome": "commendation"}, set()),
    ]
    for params, expected in cases:
        on_the_page = page_rows(client, entries["round"], params)
        assert on_the_page == api_rows(client, entries["round"], params), params
        assert set(on_the_page) == {entries[name] for name in expected}, params
        assert export_names(client, entries["round"], params) == names_of(on_the_page), params
    # The daily source's proposal as it stands and a score adjusted by hand are two states of "scored".
    scored = set(page_rows(client, entries["round"], {"daily": "scored"}))
    proposed = set(page_rows(client, entries["round"], {"daily": "proposed"}))
    assert entries["wang"] in scored and entries["wang"] not in proposed
    assert scored == proposed | {entries["wang"]}
    assert set(page_rows(client, entries["round"], {"daily": "missing"})) == {entries[n] for n in everyone} - scored
    # The API's older name for the search, `search`, is the page's `q`.
    assert api_rows(client, entries["round"], {"search": "王芳"}) == [entries["wang"]]


def test_the_export_is_the_working_list_captioned_with_the_filters(entries, organization_user, client):
    client.force_login(organization_user)
    response = client.get(f"/assessments/{entries['round']}/", {"grade": "none", "xlsx": "1"}, **ZH)
    assert "长沙市2026年上半年考核" in unquote(response["Content-Disposition"])  # the round names the file
    sheet = load_workbook(BytesIO(response.content)).active
    caption = sheet["A1"].value
    assert "未评定" in caption  # the grade chosen, as the page shows it
    headers = [cell.value for cell in sheet[CAPTION_LINES + 1]]
    assert headers[:2] == ["姓名", "派出单位"]
    wang = next(row for row in sheet.iter_rows(min_row=CAPTION_LINES + 2, values_only=True) if row[0] == "王芳")
    assert 85 in wang and "协调有力" in wang
    # The whole round's assessment sheet stays the formal document of its own.
    response = client.post(f"/assessments/{entries['round']}/export/")
    assert load_workbook(BytesIO(response.content)).sheetnames == ["封面", "联络员"]


@pytest.mark.parametrize(("params", "field"), [
    ({"grade": "bogus"}, "grade"),
    ({"graded": "maybe"}, "graded"),
    ({"comprehensive": "adjusted"}, "comprehensive"),  # only the daily source has a proposal to adjust
    ({"daily": "bogus"}, "daily"),
    ({"region": "999999"}, "region"),
    ({"region": "furong"}, "region"),
    ({"outcome": "fired"}, "outcome"),
])
def test_a_bad_value_is_a_form_error_on_the_page_a_400_on_the_api_and_no_download(params, field, entries,
                                                                                 organization_user, client):
    client.force_login(organization_user)
    before = list(OfficerAssessment.objects.order_by("pk").values_list("pk", "grade", "daily_score"))
    response = client.get(f"/assessments/{entries['round']}/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "有效" in response.content.decode()  # "Select a valid choice" in the page's language
    assert set(page_rows(client, entries["round"], params)) == {entries["li"], entries["wang"], entries["chen"]}

    response = client.get(f"/assessments/{entries['round']}/", {**params, "xlsx": "1"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert list(response.context["form"].errors) == [field]

    response = client.get("/api/v1/officer-assessments/", {"round": entries["round"], **params}, **ZH)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "有效" in response.json()[field][0]
    assert list(OfficerAssessment.objects.order_by("pk").values_list("pk", "grade", "daily_score")) == before


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_a_round_that_is_not_there_is_a_400_on_the_api(value, entries, organization_user, client):
    client.force_login(organization_user)
    response = client.get("/api/v1/officer-assessments/", {"round": value})
    assert response.status_code == 400
    assert list(response.json()) == ["round"]


def test_no_filter_reaches_a_row_outside_the_users_scope(entries, furong_office, regions, client):
    client.force_login(furong_office)
    outside = {entries["wang"], entries["chen"], entries["zhuzhou"]}
    for params in ({}, {"q": "王芳"}, {"q": "后盾单位"}, {"grade": "none"}, {"graded": "false"},
                   {"daily": "adjusted"}, {"comprehensive": "missing"}, {"work_evaluation": "missing"}):
        assert not outside & set(page_rows(client, entries["round"], params)), params
        assert not outside & set(api_rows(client, entries["round"], params)), params
        without_round = client.get("/api/v1/officer-assessments/", params).json()["results"]
        assert not outside & {row["id"] for row in without_round}, params
        names = export_names(client, entries["round"], params)
        assert not {"王芳", "陈刚"} & set(names), params
    assert page_rows(client, entries["round"], {}) == [entries["li"]]
    # A region or a round the user does not see is not a choice: an error, not its rows.
    for params in ({"region": regions.tianxin.pk}, {"region": regions.zhuzhou.pk}):
        assert client.get("/api/v1/officer-assessments/", {"round": entries["round"], **params}).status_code == 400
        response = client.get(f"/assessments/{entries['round']}/", params)
        assert "region" in response.context["form"].errors
        assert set(page_rows(client, entries["round"], params)) == {entries["li"]}
        assert client.get(f"/assessments/{entries['round']}/", {**params, "xlsx": "1"}).status_code == 400
    response = client.get("/api/v1/officer-assessments/", {"round": entries["zhuzhou_round"]})
    assert response.status_code == 400 and list(response.json()) == ["round"]
    assert client.get(f"/assessments/{entries['zhuzhou_round']}/").status_code == 404
    assert client.get(f"/assessments/{entries['zhuzhou_round']}/", {"xlsx": "1"}).status_code == 404


def test_the_page_offers_only_the_users_regions_and_keeps_its_round_in_the_path(entries, furong_office, regions,
                                                                               client):
    client.force_login(furong_office)
    response = client.get(f"/assessments/{entries['round']}/", {"round": entries["zhuzhou_round"]})
    assert "round" not in response.context["form"].fields  # the page's round is its path; `round` is ignored
    assert [row.pk for row in response.context["page"].object_list] == [entries["li"]]
    choices = response.context["form"].fields["region"].queryset
    assert regions.furong in choices and regions.tianxin not in choices and regions.changsha not in choices
    body = response.content.decode()
    assert 'name="q"' in body and 'name="search"' not in body and 'name="round"' not in body
    assert "xlsx=1" in body  # the working list's download link, beside the whole round's sheet
    assert 'data-label="' in body  # rows stack as labelled cards on a phone


def test_the_api_schema_documents_the_filters(furong_office, client):
    client.force_login(furong_office)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p["schema"]
                  for p in schema["paths"]["/api/v1/officer-assessments/"]["get"]["parameters"]}
    assert {"q", "search", "round", "region", "grade", "graded", "comprehensive", "daily", "work_evaluation",
            "enterprise_opinion", "outcome", "page"} <= set(parameters)
    assert "none" in parameters["grade"]["enum"] and "excellent" in parameters["grade"]["enum"]
    assert "adjusted" in parameters["daily"]["enum"] and "adjusted" not in parameters["comprehensive"]["enum"]
    assert parameters["graded"]["type"] == "boolean"
    assert parameters["round"]["type"] == parameters["region"]["type"] == "integer"


@pytest.mark.parametrize("officers", [2, 30])
def test_the_round_page_takes_the_same_number_of_queries_however_many_officers(officers, organization_user, regions,
                                                                              client, django_assert_num_queries):
    add_officers(regions.furong, officers)
    today = timezone.localdate()
    assessment_round = round_open(actor=organization_user, region=regions.changsha, name="考核",
                                  period_start=today - timedelta(days=40), period_end=today)
    client.force_login(organization_user)
    # Session, user, posts, the round, organisation post, grade counts, places, the region choices, count, rows;
    # the header's unread-notices badge.
    with django_assert_num_queries(11):
        assert client.get(f"/assessments/{assessment_round.pk}/").status_code == 200
    with django_assert_num_queries(12):  # and the region chosen
        assert client.get(f"/assessments/{assessment_round.pk}/", {"grade": "none",
                                                                    "region": regions.furong.pk}).status_code == 200
    # The page's first seven, the count that picks a download at once over a background job, then every officer in
    # one query.
    with django_assert_num_queries(9):
        assert client.get(f"/assessments/{assessment_round.pk}/", {"xlsx": "1"}).status_code == 200
