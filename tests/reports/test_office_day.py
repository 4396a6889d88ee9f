"""Which day an office's screens open on (reports.clock.office_day), and the missing reports list that follows it:
before today's reports fall due (REPORT_DUE_AT) that is yesterday, then today. One FilterSet serves the page, the
API and the export, so all three take the same default."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from officers.models import Assignment
from reports.clock import day_switch, office_day
from reports.services import report_submit
from tests.lists import exported

from .conftest import TODAY, VALUES, YESTERDAY, at

MISSING, MISSING_API = "/reports/missing/", "/api/v1/reports/missing/"


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.mark.parametrize(("hour", "minute", "expected"), [
    (0, 10, YESTERDAY), (8, 59, YESTERDAY), (9, 0, YESTERDAY), (19, 59, YESTERDAY), (20, 0, TODAY), (23, 59, TODAY),
])
def test_the_office_day_is_yesterday_until_the_due_time(settings, hour, minute, expected):
    settings.REPORT_DUE_AT = "20:00"
    assert office_day(local(TODAY, hour, minute)) == expected


def test_the_due_time_is_the_setting(settings):
    settings.REPORT_DUE_AT = "17:30"
    assert office_day(local(TODAY, 17, 29)) == YESTERDAY
    assert office_day(local(TODAY, 17, 30)) == TODAY


def test_the_switch_offers_today_only_while_the_screens_open_on_yesterday(settings):
    settings.REPORT_DUE_AT = "20:00"
    morning = day_switch(YESTERDAY, local(TODAY, 8))
    assert morning.opens_before_today and morning.office_day == YESTERDAY and morning.due_at == "20:00"
    assert not day_switch(TODAY, local(TODAY, 21)).opens_before_today


@pytest.fixture
def world(roster):
    """芙蓉区's officer filed yesterday for one enterprise and today for none: yesterday one report is missing,
    today two."""
    report_submit(actor=roster.officer.user, assignment=roster.furong_assignment, day=YESTERDAY, values=dict(VALUES),
                  now=at(YESTERDAY, 12))
    return Assignment.objects.get(officer=roster.officer, enterprise=roster.furong_enterprise_2)


def day_of(cell) -> str:
    return (cell.date() if isinstance(cell, datetime) else cell).isoformat()


def furong_rows(rows):
    return sorted(row.enterprise.name for row in rows if row.enterprise.region.name == "芙蓉区")


def test_before_the_due_time_the_missing_list_shows_yesterday_with_a_switch_to_today(world, roster, furong_office,
                                                                                    client, office_clock):
    office_clock(8, 30)
    client.force_login(furong_office)
    response = client.get(MISSING)
    assert response.context["day"] == YESTERDAY
    assert furong_rows(response.context["page"]) == [roster.furong_enterprise_2.name]
    assert f'href="?day={TODAY.isoformat()}"' in response.content.decode()
    today = client.get(MISSING, {"day": TODAY.isoformat()})
    assert today.context["day"] == TODAY and len(furong_rows(today.context["page"])) == 2
    assert f'href="?day={YESTERDAY.isoformat()}"' in today.content.decode()


def test_the_switch_keeps_the_region(world, regions, changsha_office, client, office_clock):
    office_clock(8, 30)
    client.force_login(changsha_office)
    body = client.get(MISSING, {"region": regions.furong.pk}).content.decode()
    assert f'href="?day={TODAY.isoformat()}&amp;region={regions.furong.pk}"' in body or \
        f'href="?day={TODAY.isoformat()}&region={regions.furong.pk}"' in body


def test_from_the_due_time_the_missing_list_shows_today(world, furong_office, client, office_clock):
    office_clock(20, 5)
    client.force_login(furong_office)
    response = client.get(MISSING)
    assert response.context["day"] == TODAY and len(furong_rows(response.context["page"])) == 2


def test_the_api_and_the_export_take_the_same_default_day(world, roster, furong_office, client, office_clock):
    office_clock(8, 30)
    client.force_login(furong_office)
    rows = client.get(MISSING_API).json()["results"]
    assert [row["enterprise_name"] for row in rows if row["region_name"] == "芙蓉区"] == [
        roster.furong_enterprise_2.name]
    sheet = exported(client, MISSING, {})
    assert {day_of(cell) for cell in sheet.column(sheet.headers[0])} == {YESTERDAY.isoformat()}
    assert roster.furong_enterprise_2.name in sheet.column(sheet.headers[3])


def test_a_day_after_today_is_still_refused(world, furong_office, client, office_clock):
    office_clock(8, 30)
    client.force_login(furong_office)
    response = client.get(MISSING, {"day": (TODAY + timedelta(days=1)).isoformat()})
    assert response.context["form"].errors["day"]
