"""The daily report's save message says what happened: saved, and whether a problem was raised and which office
has it (one query on the problems' client tokens, also for a replayed submission)."""

import re

import pytest

from problems.models import Problem
from tests.reports.conftest import TODAY
from tests.reports.test_views import FORM_URL, form_data


@pytest.fixture
def report_url(roster):
    return FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())


def _saved_message(client) -> str:
    return re.search(r'<li class="message success">(.*?)</li>', client.get("/").content.decode(), re.S).group(1)


def test_a_saved_report_says_no_problem_was_raised(officer_user, roster, report_url, in_english):
    in_english.force_login(officer_user)
    page = in_english.get(report_url).content.decode()
    assert in_english.post(report_url, form_data(page)).status_code == 302
    assert _saved_message(in_english) == (
        f"Report for {roster.furong_enterprise.name} on {TODAY.isoformat()} saved; no problem raised.")


def test_a_saved_report_names_the_problem_it_raised_and_the_office_that_has_it(officer_user, roster, report_url,
                                                                                in_english):
    in_english.force_login(officer_user)
    page = in_english.get(report_url).content.decode()
    response = in_english.post(report_url, form_data(page, **{"difficulty-0-category": "labour",
                                                            "difficulty-0-description": "缺少熟练焊工20名"}))
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert _saved_message(in_english) == (
        f"Report for {roster.furong_enterprise.name} on {TODAY.isoformat()} saved; problem {problem.pk} was raised "
        "with the 芙蓉区 liaison office.")


def test_two_difficulties_name_both_problems(officer_user, roster, report_url, in_english):
    in_english.force_login(officer_user)
    page = in_english.get(report_url).content.decode()
    in_english.post(report_url, form_data(page, **{
        "difficulty-0-category": "labour", "difficulty-0-description": "缺少熟练焊工20名",
        "difficulty-1-category": "funding", "difficulty-1-description": "流动资金缺口300万元"}))
    first, second = Problem.objects.order_by("pk")
    assert f"problems {first.pk}, {second.pk} were raised with the 芙蓉区 liaison office." in _saved_message(in_english)


def test_a_double_submission_says_the_same_as_the_first(officer_user, report_url, in_english):
    in_english.force_login(officer_user)
    data = form_data(in_english.get(report_url).content.decode(), **{
        "difficulty-0-category": "funding", "difficulty-0-description": "流动资金缺口300万元"})
    in_english.post(report_url, data)
    first = _saved_message(in_english)
    in_english.post(report_url, data)  # the same form again (a double tap, a retried request)
    assert _saved_message(in_english) == first
    assert Problem.objects.count() == 1 and str(Problem.objects.get().pk) in first


def test_an_edit_names_only_the_problems_it_raised(officer_user, roster, report_url, in_english, file_report):
    from reports.services import Difficulty, report_update

    report = file_report()
    earlier = report_update(actor=officer_user, report=report, values={}, expected_version=1,
                            difficulties=[Difficulty(category="labour", description="缺少熟练焊工20名")]).problems.get()
    in_english.force_login(officer_user)
    page = in_english.get(report_url).content.decode()
    in_english.post(report_url, form_data(page, version=2, **{"difficulty-0-category": "funding",
                                                              "difficulty-0-description": "流动资金缺口300万元"}))
    message = _saved_message(in_english)
    newer = Problem.objects.exclude(pk=earlier.pk).get()
    assert f"problem {newer.pk} was raised" in message and str(earlier.pk) not in message.split("saved;")[1]


def test_the_chinese_message_names_the_problem_and_office(officer_user, roster, report_url, client):
    client.force_login(officer_user)
    page = client.get(report_url).content.decode()
    client.post(report_url, form_data(page, **{"difficulty-0-category": "labour",
                                               "difficulty-0-description": "缺少熟练焊工20名"}))
    message = _saved_message(client)
    # Whichever wording the catalogue has today, the number and the office are there.
    assert str(Problem.objects.get().pk) in message and "芙蓉区" in message
