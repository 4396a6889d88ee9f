"""The daily report, the most used form: a rejected one says what to fix on top, linking to each field, and nothing
is saved."""

import re

import pytest

from problems.models import Problem
from reports.models import DailyReport
from tests.form_summary import error_summary, has_error_summary
from tests.reports.conftest import TODAY
from tests.reports.test_views import FORM_URL, form_data


@pytest.fixture
def report_url(roster):
    return FORM_URL.format(pk=roster.furong_assignment.pk, day=TODAY.isoformat())


def test_a_rejected_report_lists_every_problem_on_top_linking_to_its_field(officer_user, report_url, client):
    client.force_login(officer_user)
    page = client.get(report_url).content.decode()
    assert not has_error_summary(page)
    response = client.post(report_url, form_data(page, capacity_percent=130, workers_on_duty=-5, masks_days="很多",
                                                 **{"difficulty-1-description": "缺少熟练焊工20名"}))
    assert response.status_code == 400
    body = response.content.decode()
    summary = error_summary(body)
    assert summary.links == ["id_masks_days", "id_capacity_percent", "id_workers_on_duty", "id_difficulty-1-category"]
    assert summary.count() == 4
    # It comes before the first field, so a phone opens on it; each field still carries its own message.
    assert body.index('id="form-errors"') < body.index('id="id_work_done"')
    assert "autofocus" in re.search(r'<div class="error-summary"[^>]*>', body).group(0)
    assert body.count('class="field has-error"') == 4
    assert not DailyReport.objects.exists() and not Problem.objects.exists()


def test_the_summary_reads_in_english_too(officer_user, report_url, in_english):
    in_english.force_login(officer_user)
    page = in_english.get(report_url).content.decode()
    body = in_english.post(report_url, form_data(page, workers_on_duty=-5)).content.decode()
    summary = error_summary(body)
    assert summary.heading == "1 problem with this form"
    assert summary.entries == ["Workers on duty: Ensure this value is greater than or equal to 0."]


def test_a_refusal_by_the_service_is_in_the_summary_without_a_link(officer_user, roster, report_url, client):
    from officers.choices import OfficerStatus

    client.force_login(officer_user)
    page = client.get(report_url).content.decode()
    type(roster.officer).objects.filter(pk=roster.officer.pk).update(status=OfficerStatus.RECALLED)
    response = client.post(report_url, form_data(page))
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert summary.links == [] and summary.count() == 1
    assert "不在岗" in summary.entries[0]
    assert not DailyReport.objects.exists()
